// pmkit: the command-line program, a thin layer over the C++ API.
#include <iostream>
#include <optional>
#include <string>
#include <vector>

#include "cli/commands.h"
#include "google/protobuf/stubs/logging.h"
#include "pmkit/version.h"

namespace pmkit::cli {
namespace {

constexpr char kHelp[] = R"(Usage: pmkit COMMAND [ARGS...]

Blameless incident postmortems: convert, render and validate pmkit.v1
documents.

Commands:
  convert   convert a postmortem between binary, json and text formats
  render    render a postmortem as a Markdown report
  actions   action items: status, transition, follow-through report
  timeline  merge timeline sources (Slack, PagerDuty, Alertmanager, syslog,
            CSV, JSON Lines) into one timeline; lifecycle metrics
  validate  check postmortems against the rule catalog and a policy
  rules     list the validation rules
  lint      find blameful language in text, Markdown or postmortems
  version   print the version
  help      print this help, or a command's help (pmkit help COMMAND)

Run "pmkit COMMAND --help" for a command's options.
Exit status: 0 success; 1 findings (or a refused, lossy conversion);
2 usage or input error.
)";

}  // namespace

int UsageError(const std::string& message) {
  std::cerr << "pmkit: " << message << "\n";
  return kExitUsage;
}

std::optional<int> ParseCommandArgs(const std::vector<std::string>& raw_args,
                                    OptionSpec spec, const char* help,
                                    ParsedArgs* args) {
  spec.flags.insert({"-h", "--help"});
  absl::StatusOr<ParsedArgs> parsed = ParseArgs(raw_args, spec);
  if (!parsed.ok()) return UsageError(std::string(parsed.status().message()));
  if (parsed->Has("-h") || parsed->Has("--help")) {
    std::cout << help;
    return kExitOk;
  }
  *args = *std::move(parsed);
  return std::nullopt;
}

int Main(int argc, char** argv) {
  // Errors reach the user through pmkit's own messages; protobuf's log lines
  // (e.g. about invalid UTF-8 during a failed parse) would only repeat them.
  google::protobuf::SetLogHandler(nullptr);
  std::vector<std::string> args(argv + 1, argv + argc);
  if (args.empty()) {
    std::cerr << kHelp;
    return kExitUsage;
  }
  const std::string command = args[0];
  std::vector<std::string> rest(args.begin() + 1, args.end());
  if (command == "convert") return RunConvert(rest);
  if (command == "render") return RunRender(rest);
  if (command == "actions") return RunActions(rest);
  if (command == "timeline") return RunTimeline(rest);
  if (command == "validate") return RunValidate(rest);
  if (command == "rules") return RunRules(rest);
  if (command == "lint") return RunLint(rest);
  if (command == "version" || command == "--version") {
    std::cout << "pmkit " << kVersionString << "\n";
    return kExitOk;
  }
  if (command == "help" || command == "--help" || command == "-h") {
    if (rest.empty()) {
      std::cout << kHelp;
      return kExitOk;
    }
    if (rest[0] == "convert") return RunConvert({"--help"});
    if (rest[0] == "render") return RunRender({"--help"});
    if (rest[0] == "actions") return RunActions({"--help"});
    if (rest[0] == "timeline") return RunTimeline({"--help"});
    if (rest[0] == "validate") return RunValidate({"--help"});
    if (rest[0] == "rules") return RunRules({"--help"});
    if (rest[0] == "lint") return RunLint({"--help"});
    return UsageError("unknown command \"" + rest[0] + "\"");
  }
  std::cerr << "pmkit: unknown command \"" << command << "\"\n\n" << kHelp;
  return kExitUsage;
}

}  // namespace pmkit::cli

int main(int argc, char** argv) { return pmkit::cli::Main(argc, argv); }

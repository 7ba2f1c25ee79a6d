// pmkit render: a postmortem as a Markdown report.
#include <iostream>

#include "cli/args.h"
#include "cli/commands.h"
#include "cli/document_io.h"
#include "pmkit/markdown.h"

namespace pmkit::cli {
namespace {

constexpr char kHelp[] = R"(Usage: pmkit render INPUT [-o OUTPUT] [--from FORMAT] [--time-zone ZONE]
                    [--force]

Renders a postmortem (binary, json or text) as a Markdown report with the
sections readers expect: summary, impact, timeline, analysis and
contributing factors, action items with owners and states, lessons learned.

  INPUT               a file, or - for standard input
  -o, --output PATH   where to write (default: standard output); written
                      atomically (temporary file, then rename)
  --from FORMAT       input format: binary, json, text or auto (default: from
                      the file name, else detected from the content)
  --time-zone ZONE    IANA zone to show times in (default: the document's
                      display_time_zone, else UTC)
  --force             allow OUTPUT to be the INPUT file itself

Exit status: 0 rendered; 2 usage or input error.
)";

}  // namespace

int RunRender(const std::vector<std::string>& raw_args) {
  OptionSpec spec{{"-o", "--output", "--from", "--time-zone"},
                  {"--force"}};
  ParsedArgs args;
  if (std::optional<int> done = ParseCommandArgs(raw_args, spec, kHelp, &args)) {
    return *done;
  }
  if (args.positional.size() != 1) {
    return UsageError("render takes exactly one INPUT (see pmkit render --help)");
  }
  const std::string& input = args.positional[0];
  const std::string output = args.Value("--output", args.Value("-o", "-"));
  absl::StatusOr<v1::Postmortem> postmortem =
      LoadPostmortem(input, args.Value("--from"));
  if (!postmortem.ok()) return UsageError(std::string(postmortem.status().message()));
  MarkdownOptions options;
  options.time_zone = args.Value("--time-zone");
  absl::StatusOr<std::string> markdown = RenderMarkdown(*postmortem, options);
  if (!markdown.ok()) return UsageError(std::string(markdown.status().message()));
  if (absl::Status status = WriteResult(input, output, *markdown, args.Has("--force"));
      !status.ok()) {
    return UsageError(std::string(status.message()));
  }
  return kExitOk;
}

}  // namespace pmkit::cli

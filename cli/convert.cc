// pmkit convert: between binary, JSON and text format.
#include <iostream>

#include "absl/strings/str_cat.h"
#include "cli/args.h"
#include "cli/commands.h"
#include "cli/document_io.h"
#include "pmkit/io.h"

namespace pmkit::cli {
namespace {

constexpr char kHelp[] = R"(Usage: pmkit convert INPUT [-o OUTPUT] [--from FORMAT] [--to FORMAT]
                     [--compact] [--allow-data-loss] [--force]

Converts a postmortem between the protobuf formats: binary, json (proto3
JSON mapping) and text (protobuf text format).

  INPUT               a file, or - for standard input
  -o, --output PATH   where to write (default: standard output); written
                      atomically (temporary file, then rename)
  --from FORMAT       input format: binary, json, text or auto (default: from
                      the file name, else detected from the content)
  --to FORMAT         output format (default: from the output file name,
                      else json)
  --compact           one-line JSON or text instead of indented
  --allow-data-loss   write JSON or text even when the input holds fields
                      unknown to this version of pmkit, which those formats
                      cannot carry (without it the conversion is refused)
  --force             allow OUTPUT to be the INPUT file itself

Exit status: 0 converted; 1 refused because data would be lost; 2 usage or
input error.
)";

}  // namespace

int RunConvert(const std::vector<std::string>& raw_args) {
  OptionSpec spec{{"-o", "--output", "--from", "--to"},
                  {"--compact", "--allow-data-loss", "--force"}};
  ParsedArgs args;
  if (std::optional<int> done = ParseCommandArgs(raw_args, spec, kHelp, &args)) {
    return *done;
  }
  if (args.positional.size() != 1) {
    return UsageError("convert takes exactly one INPUT (see pmkit convert --help)");
  }
  const std::string& input = args.positional[0];
  const std::string output = args.Value("--output", args.Value("-o", "-"));

  Format to = FormatFromPath(output);
  if (std::string name = args.Value("--to"); !name.empty()) {
    absl::StatusOr<Format> named = ParseFormatName(name);
    if (!named.ok()) return UsageError(std::string(named.status().message()));
    to = *named;
  }
  if (to == Format::kAuto) to = Format::kJson;

  absl::StatusOr<v1::Postmortem> postmortem =
      LoadPostmortem(input, args.Value("--from"));
  if (!postmortem.ok()) return UsageError(std::string(postmortem.status().message()));

  if (to != Format::kBinary && !args.Has("--allow-data-loss")) {
    if (size_t unknown = CountUnknownFields(*postmortem); unknown > 0) {
      std::cerr << "pmkit: " << input << " holds " << unknown
                << " field(s) unknown to pmkit " << "(written by a newer schema); "
                << FormatName(to)
                << " cannot carry them. Convert to binary to keep them, or "
                   "pass --allow-data-loss.\n";
      return kExitFindings;
    }
  }
  WriteOptions write_options;
  write_options.pretty = !args.Has("--compact");
  absl::StatusOr<std::string> bytes = SerializeMessage(*postmortem, to, write_options);
  if (!bytes.ok()) return UsageError(std::string(bytes.status().message()));
  if (absl::Status status = WriteResult(input, output, *bytes, args.Has("--force"));
      !status.ok()) {
    return UsageError(std::string(status.message()));
  }
  return kExitOk;
}

}  // namespace pmkit::cli

// pmkit lint: finds blameful language in text, Markdown and postmortems.
#include <iostream>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_split.h"
#include "cli/args.h"
#include "cli/commands.h"
#include "cli/document_io.h"
#include "cli/file_io.h"
#include "cli/lint_output.h"
#include "google/protobuf/text_format.h"
#include "pmkit/blame.h"
#include "pmkit/io.h"

namespace pmkit::cli {
namespace {

constexpr char kHelp[] = R"(Usage: pmkit lint FILE... [--format human|json|sarif] [--as KIND]
                  [--options FILE] [--people NAMES] [--hints]
       pmkit lint --print-lexicon

Finds blameful language (people framed as the cause, counterfactuals, "human
error", judgements of character, fault words, hindsight, person-focused
fixes, sanctions, accusatory questions) and suggests blameless rewrites.

  FILE               a text file, a Markdown file (.md, .markdown) or a
                     postmortem (.json, .textproto, .txtpb, .pbtxt, .binpb,
                     .pb, .bin: every free-text field is scanned and findings
                     name the field); - reads plain text from standard input
  --format FORMAT    human (default), json (one pmkit.v1.Report per file) or
                     sarif (SARIF 2.1.0, for code-review tools)
  --as KIND          treat every FILE as text, markdown or postmortem
  --options FILE     pmkit.v1.BlameOptions (textproto or JSON): extra words,
                     rules, names, allow-phrases, disabled categories
  --people NAMES     comma-separated names or handles of people involved
  --hints            also report low-confidence hints
  --print-lexicon    print the default lexicon (textproto) and exit; copy it
                     to start an org-specific one

Exit status: 0 no findings; 1 findings; 2 usage or input error (such as a
file that is not valid UTF-8).
)";

enum class Kind { kText, kMarkdown, kPostmortem };

Kind KindFromPath(const std::string& path) {
  std::string lower = absl::AsciiStrToLower(path);
  if (absl::EndsWith(lower, ".md") || absl::EndsWith(lower, ".markdown")) {
    return Kind::kMarkdown;
  }
  for (const char* ext : {".json", ".textproto", ".txtpb", ".pbtxt", ".binpb",
                          ".pb", ".bin"}) {
    if (absl::EndsWith(lower, ext)) return Kind::kPostmortem;
  }
  return Kind::kText;
}

}  // namespace

int RunLint(const std::vector<std::string>& raw_args) {
  OptionSpec spec{{"--format", "--as", "--options", "--people"},
                  {"--hints", "--print-lexicon"}};
  ParsedArgs args;
  if (std::optional<int> done = ParseCommandArgs(raw_args, spec, kHelp, &args)) {
    return *done;
  }
  if (args.Has("--print-lexicon")) {
    std::string text;
    google::protobuf::TextFormat::PrintToString(DefaultBlameLexicon(), &text);
    std::cout << text;
    return kExitOk;
  }
  if (args.positional.empty()) {
    return UsageError("lint needs at least one FILE (see pmkit lint --help)");
  }
  const std::string format = args.Value("--format", "human");
  if (format != "human" && format != "json" && format != "sarif") {
    return UsageError("--format must be human, json or sarif, not \"" + format +
                      "\"");
  }
  const std::string as = args.Value("--as");
  if (!as.empty() && as != "text" && as != "markdown" && as != "postmortem") {
    return UsageError("--as must be text, markdown or postmortem, not \"" + as +
                      "\"");
  }
  v1::BlameOptions options;
  if (std::string path = args.Value("--options"); !path.empty()) {
    absl::StatusOr<std::string> data = ReadInput(path, size_t{16} << 20);
    if (!data.ok()) return UsageError(std::string(data.status().message()));
    if (absl::Status s = ParseMessage(*data, FormatFromPath(path), &options);
        !s.ok()) {
      return UsageError(path + ": " + std::string(s.message()));
    }
  }
  for (absl::string_view name :
       absl::StrSplit(args.Value("--people"), ',', absl::SkipWhitespace())) {
    options.add_person_names(std::string(absl::StripAsciiWhitespace(name)));
  }
  if (args.Has("--hints")) options.set_include_hints(true);
  absl::StatusOr<std::unique_ptr<BlameDetector>> detector =
      BlameDetector::Create(options);
  if (!detector.ok()) {
    return UsageError("blame options: " +
                      std::string(detector.status().message()));
  }

  std::vector<LintedFile> files;
  bool input_error = false;
  for (const std::string& path : args.positional) {
    Kind kind = as == "text"         ? Kind::kText
                : as == "markdown"   ? Kind::kMarkdown
                : as == "postmortem" ? Kind::kPostmortem
                : path == "-"        ? Kind::kText
                                     : KindFromPath(path);
    LintedFile file;
    file.path = path;
    if (kind == Kind::kPostmortem) {
      absl::StatusOr<v1::Postmortem> pm = LoadPostmortem(path, "");
      if (!pm.ok()) {
        UsageError(std::string(pm.status().message()));
        input_error = true;
        continue;
      }
      absl::StatusOr<std::vector<v1::Finding>> findings =
          (*detector)->ScanPostmortem(*pm);
      if (!findings.ok()) {
        UsageError(path + ": " + std::string(findings.status().message()));
        input_error = true;
        continue;
      }
      file.is_postmortem = true;
      file.findings = std::move(*findings);
    } else {
      absl::StatusOr<std::string> text = ReadInput(path, kMaxBlameTextBytes);
      if (!text.ok()) {
        UsageError(std::string(text.status().message()));
        input_error = true;
        continue;
      }
      BlameScanOptions scan;
      scan.kind = kind == Kind::kMarkdown ? BlameTextKind::kMarkdown
                                          : BlameTextKind::kPlain;
      absl::StatusOr<std::vector<v1::Finding>> findings =
          (*detector)->ScanText(*text, scan);
      if (!findings.ok()) {
        UsageError(path + ": " + std::string(findings.status().message()));
        input_error = true;
        continue;
      }
      file.findings = std::move(*findings);
      // Only the human and SARIF outputs need the text (line/column).
      if (!file.findings.empty() && format != "json") file.text = std::move(*text);
    }
    files.push_back(std::move(file));
  }

  absl::StatusOr<std::string> out;
  if (format == "json") {
    out = FormatJson(files);
  } else if (format == "sarif") {
    out = FormatSarif(files, (*detector)->lexicon_version());
  } else {
    out = FormatHuman(files);
  }
  if (!out.ok()) return UsageError(std::string(out.status().message()));
  std::cout << *out;
  std::cout.flush();
  if (input_error) return kExitUsage;
  for (const LintedFile& file : files) {
    if (!file.findings.empty()) return kExitFindings;
  }
  return kExitOk;
}

}  // namespace pmkit::cli

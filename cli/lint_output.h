// Output formats of `pmkit lint`: human-readable lines, JSON (one
// pmkit.v1.Report per file) and SARIF 2.1.0 (for code-review tools).
#ifndef PMKIT_CLI_LINT_OUTPUT_H_
#define PMKIT_CLI_LINT_OUTPUT_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "pmkit/v1/finding.pb.h"

namespace pmkit::cli {

// The findings of one linted file.
struct LintedFile {
  std::string path;
  // The scanned text for text and Markdown files (for line and column);
  // empty for postmortems, whose findings carry field paths instead.
  std::string text;
  bool is_postmortem = false;
  std::vector<v1::Finding> findings;
};

// "notes.md:3:14: actor_as_cause: "..."" lines with explanation and
// suggestion; a summary line at the end.
std::string FormatHuman(const std::vector<LintedFile>& files);

// A JSON array with one pmkit.v1.Report per file.
absl::StatusOr<std::string> FormatJson(const std::vector<LintedFile>& files);

// A SARIF 2.1.0 log with one run; rules are the blame categories.
absl::StatusOr<std::string> FormatSarif(const std::vector<LintedFile>& files,
                                        const std::string& lexicon_version);

}  // namespace pmkit::cli

#endif  // PMKIT_CLI_LINT_OUTPUT_H_

// Blame-language detection: a detector compiled once from a lexicon (the
// versioned default set shipped with pmkit, plus user additions) that finds
// blameful phrasing in plain text, Markdown and every free-text field of a
// postmortem, and reports each match as a pmkit.v1.Finding with a category,
// a UTF-8 byte span, the cue, an explanation, a blameless rewrite and a
// confidence.
//
//   auto detector = pmkit::BlameDetector::Create();        // default lexicon
//   absl::StatusOr<std::vector<pmkit::v1::Finding>> findings =
//       (*detector)->ScanText("Maria didn't validate the payload.");
#ifndef PMKIT_BLAME_H_
#define PMKIT_BLAME_H_

#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "pmkit/v1/blame.pb.h"
#include "pmkit/v1/finding.pb.h"
#include "pmkit/v1/postmortem.pb.h"

namespace pmkit {

namespace blame_internal {
class CompiledLexicon;
}  // namespace blame_internal

// The default lexicon shipped with the library (parsed once, then shared).
const v1::BlameLexicon& DefaultBlameLexicon();

// "actor_as_cause" for BLAME_CATEGORY_ACTOR_AS_CAUSE; "" for UNSPECIFIED.
std::string BlameCategoryName(v1::BlameCategory category);

// The inverse of BlameCategoryName; UNSPECIFIED when `name` is unknown.
v1::BlameCategory ParseBlameCategoryName(absl::string_view name);

// What the scanned bytes are.
enum class BlameTextKind : int {
  kPlain = 0,
  // Markdown: fenced and indented code blocks, inline code, link targets,
  // HTML tags and URLs are skipped; headings and list items end sentences.
  kMarkdown = 1,
};

// Per-scan settings.
struct BlameScanOptions {
  BlameTextKind kind = BlameTextKind::kPlain;
  // Extra person names for this scan only (added to the detector's).
  std::vector<std::string> person_names;
};

// Texts larger than this are refused (RESOURCE_EXHAUSTED): spans are int64
// but a linter has no business with gigabytes in one call.
inline constexpr size_t kMaxBlameTextBytes = size_t{256} << 20;

// A compiled blame detector.
//
// Thread safety: immutable after Create(); Scan* may be called concurrently
// from any number of threads on one detector.
class BlameDetector {
 public:
  // Compiles the default lexicon merged with `options` (see BlameOptions).
  // INVALID_ARGUMENT names the rule and pattern when a pattern does not
  // parse or refers to an unknown word class.
  static absl::StatusOr<std::unique_ptr<BlameDetector>> Create(
      const v1::BlameOptions& options = {});

  ~BlameDetector();
  BlameDetector(const BlameDetector&) = delete;
  BlameDetector& operator=(const BlameDetector&) = delete;

  // Scans UTF-8 text. Findings have no path; spans are byte offsets into
  // `text`, in document order. INVALID_ARGUMENT (with the byte offset) when
  // `text` is not well-formed UTF-8.
  absl::StatusOr<std::vector<v1::Finding>> ScanText(
      absl::string_view text, const BlameScanOptions& options = {}) const;

  // Scans every free-text field of `postmortem` (title, summary, impact,
  // timeline, analysis, action items, lessons, custom string fields...) as
  // Markdown, with the names and handles of Postmortem.people as persons.
  // Findings carry the field path (path and path_text); spans are byte
  // offsets into that field's text.
  absl::StatusOr<std::vector<v1::Finding>> ScanPostmortem(
      const v1::Postmortem& postmortem) const;

  // The version of the lexicon the detector was compiled from.
  const std::string& lexicon_version() const;

  // Number of compiled rules.
  int rule_count() const;

 private:
  explicit BlameDetector(
      std::unique_ptr<const blame_internal::CompiledLexicon> lexicon);

  std::unique_ptr<const blame_internal::CompiledLexicon> lexicon_;
};

// Convenience for the validation engine: scans `postmortem` with the default
// detector (compiled once, on first use) and returns the findings with field
// paths. Same as BlameDetector::ScanPostmortem.
absl::StatusOr<std::vector<v1::Finding>> ScanPostmortemForBlame(
    const v1::Postmortem& postmortem);

}  // namespace pmkit

#endif  // PMKIT_BLAME_H_

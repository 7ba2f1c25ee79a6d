// Scans one text with a compiled lexicon: tokenizes, groups tokens into
// sentences, matches sentences that contain an anchor, and turns hits into
// findings.
#ifndef PMKIT_SRC_BLAME_TEXT_SCANNER_H_
#define PMKIT_SRC_BLAME_TEXT_SCANNER_H_

#include <string>
#include <vector>

#include "absl/container/flat_hash_set.h"
#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "pmkit/v1/finding.pb.h"
#include "src/blame/compiled_lexicon.h"
#include "src/blame/name_filter.h"

namespace pmkit::blame_internal {

// Offset of the first byte of `text` that is not well-formed UTF-8, or npos.
// Checks eight ASCII bytes at a time.
size_t FindInvalidUtf8Fast(absl::string_view text);

// How sentences are chosen for matching. Both give the same findings;
// kFull (every sentence with an anchor is resolved and matched, the
// prefilter unused) exists so tests can check that.
enum class ScanStrategy { kPrefiltered, kFull };

// Person names of one scan, beyond the lexicon's (e.g. a postmortem's
// people): the exact set, and their name filter (name_filter.h). Built once
// per document, not once per text field.
class ScanNames {
 public:
  explicit ScanNames(absl::flat_hash_set<std::string> names);

  bool empty() const { return names_.empty(); }
  bool Contains(absl::string_view token) const { return names_.contains(token); }
  // The filter, or null when there are no names.
  const uint64_t* filter() const { return names_.empty() ? nullptr : filter_; }

 private:
  absl::flat_hash_set<std::string> names_;
  uint64_t filter_[kNameFilterWords] = {};
};

// Appends the findings of `text` to `findings` (document order within the
// text). `names` (may be null) are person names for this scan.
// INVALID_ARGUMENT for invalid UTF-8, RESOURCE_EXHAUSTED for oversized text.
absl::Status ScanOneText(const CompiledLexicon& lexicon, absl::string_view text,
                         bool markdown, const ScanNames* names,
                         std::vector<v1::Finding>* findings,
                         ScanStrategy strategy = ScanStrategy::kPrefiltered);

}  // namespace pmkit::blame_internal

#endif  // PMKIT_SRC_BLAME_TEXT_SCANNER_H_

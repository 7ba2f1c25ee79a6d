// The quiet-text pre-pass: skips whole sentences the prefilter proves cannot
// match, without tokenizing them.
//
// Most prose has no blame cue, and most sentences fail the prefilter
// (prefilter.h). Tokenizing them fully still costs a state machine step per
// token; this pass does less: one byte-class loop that finds ASCII words
// (16 bytes at a time), hashes each as written and ORs its features, and
// stops at each sentence boundary (a run of . ! ? ; : followed by white
// space) to ask the prefilter whether any pattern is live. Quiet regions
// are skipped; the first region that is not is handed to the tokenizer.
//
// It only needs to be right on "plain" text, where it agrees with the
// tokenizer by construction: ASCII words joined by . - / ' exactly as the
// tokenizer joins them (ascii_scan.h), contractions covered by their split
// tokens' features, and at a boundary the tokenizer is between sentences.
// Anything the tokenizer treats specially stops the pass: '@' (handles),
// non-ASCII bytes (letters, curly quotes, dashes), "://" (URLs are skipped
// whole) and in Markdown ` < ] ~ (code, tags, links, fences).
#ifndef PMKIT_SRC_BLAME_QUIET_TEXT_H_
#define PMKIT_SRC_BLAME_QUIET_TEXT_H_

#include <cstddef>
#include <cstdint>

#include "absl/strings/string_view.h"
#include "src/blame/prefilter.h"

namespace pmkit::blame_internal {

struct QuietSkip {
  // The tokenizer may continue from here (>= the start): everything before
  // is whole sentences with no live pattern.
  size_t skip_to;
  // The pass should not run again before the tokenizer is past this: the
  // region from skip_to to here needs the tokenizer (> skip_to unless at
  // the end of the text).
  size_t resume_after;
};

// Scans `text` from `start`, where the tokenizer is between sentences.
// `name_filter` (may be null) is the scan's person-name filter
// (name_filter.h).
QuietSkip SkipQuietText(const SentencePrefilter& prefilter,
                        absl::string_view text, size_t start, bool markdown,
                        const uint64_t* name_filter);

}  // namespace pmkit::blame_internal

#endif  // PMKIT_SRC_BLAME_QUIET_TEXT_H_

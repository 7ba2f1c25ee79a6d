// Splits UTF-8 prose into word, comma and sentence-end tokens, the unit the
// blame patterns match on. Contractions are split the way patterns are
// written: "didn't" -> "did" "not", "should've" -> "should" "have",
// "Knight's" -> "knight" "'s". Curly apostrophes count as straight ones.
// Markdown mode skips code (fenced blocks, inline code), link targets, HTML
// tags and URLs, and ends a sentence at each heading, list item or quote.
#ifndef PMKIT_SRC_BLAME_TOKENIZER_H_
#define PMKIT_SRC_BLAME_TOKENIZER_H_

#include <cstddef>
#include <cstdint>

#include "absl/strings/string_view.h"

namespace pmkit::blame_internal {

enum class TokenKind : uint8_t {
  kEnd = 0,       // No more input.
  kWord = 1,
  kComma = 2,     // , ( ) - dashes: a clause break inside a sentence.
  kSentenceEnd = 3,
};

struct RawToken {
  TokenKind kind = TokenKind::kEnd;
  uint32_t start = 0;  // Byte span in the text.
  uint32_t end = 0;
  bool question = false;   // kSentenceEnd: the sentence ended with '?'.
  bool capitalized = false;  // kWord: first letter upper-case ASCII.
  bool handle = false;       // kWord: @handle, name@ or e-mail address.
  // kWord: the lower-cased token (empty when longer than the buffer); valid
  // until the next call to Next().
  absl::string_view lower;
  // kWord: the token as written.
  absl::string_view text;
};

// Not thread-safe; one per scan. Never allocates.
class Tokenizer {
 public:
  // `text` must be well-formed UTF-8 shorter than 4 GiB.
  Tokenizer(absl::string_view text, bool markdown)
      : text_(text), markdown_(markdown) {}

  // Fills `token` with the next token; kind kEnd at the end of the text.
  void Next(RawToken* token);

 private:
  // Skips Markdown constructs that begin at pos_, if any; true if it did.
  bool SkipMarkdown();
  // At the start of a line: handles fences and block markers.
  bool AtLineStart();
  void Word(RawToken* token);

  absl::string_view text_;
  bool markdown_;
  size_t pos_ = 0;
  bool in_fence_ = false;
  bool line_start_ = true;
  // A split contraction waiting to be returned ("not" of "didn't").
  uint32_t pending_start_ = 0;
  uint32_t pending_end_ = 0;
  absl::string_view pending_lower_;
  // Whether a sentence end was already returned since the last word, so
  // runs of punctuation yield one.
  bool ended_ = true;
  char buffer_[64];
};

}  // namespace pmkit::blame_internal

#endif  // PMKIT_SRC_BLAME_TOKENIZER_H_

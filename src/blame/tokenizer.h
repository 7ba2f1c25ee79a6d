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
  bool handle = false;     // kWord: @handle, name@ or e-mail address.
  // kWord: the token is ASCII letters, digits, '_' and the joiners . - /
  // only, so its lower-cased form is exactly its text lower-cased. Such
  // tokens (nearly all of them) are not copied: `lower` is left empty and
  // the reader lower-cases `text` if it needs to (see AsciiLowerToken).
  bool simple = false;
  // kWord: HashWord() of the lower-cased token (word_hash.h).
  uint64_t hash = 0;
  // kWord, not simple: the lower-cased token (empty when longer than the
  // buffer); valid until the next call to Next().
  absl::string_view lower;
  // kWord: the token as written.
  absl::string_view text;
};

// Writes the lower-cased `text` of a simple token to `out` (at least
// kMaxLowerBytes long) and returns it; empty if longer than kMaxLowerBytes
// (such a token is never a lexicon word).
inline constexpr size_t kMaxLowerBytes = 64;
absl::string_view AsciiLowerToken(absl::string_view text, char* out);

// Not thread-safe; one per scan. Never allocates.
//
// Speed: words are scanned with a byte-class table and hashed eight bytes at
// a time as written; only words with an apostrophe, '@' or a non-ASCII byte
// take the copying path (Word()) that lower-cases them and splits
// contractions.
class Tokenizer {
 public:
  // `text` must be well-formed UTF-8 shorter than 4 GiB. With
  // `copy_all_words` (for tests) every word takes the copying path, the
  // reference the fast path must agree with.
  Tokenizer(absl::string_view text, bool markdown, bool copy_all_words = false)
      : text_(text), markdown_(markdown), copy_all_words_(copy_all_words) {}

  // Fills `token` with the next token; kind kEnd at the end of the text.
  void Next(RawToken* token);

  // Where the next token will be looked for.
  size_t position() const { return pos_; }
  // Whether the tokenizer is between sentences with nothing carried over
  // (no split contraction waiting, not inside a fenced block): the state
  // in which the quiet-text pre-pass may take over (quiet_text.h).
  bool AtSentenceStart() const {
    return ended_ && pending_end_ == 0 && !in_fence_;
  }
  // Continues at `pos`, a sentence boundary after a run of sentence-end
  // punctuation found by the pre-pass, in the state the tokenizer would
  // have reached there itself.
  void SkipTo(size_t pos) {
    pos_ = pos;
    ended_ = true;
    line_start_ = false;
  }

 private:
  // Skips Markdown constructs that begin at pos_, if any; true if it did.
  bool SkipMarkdown();
  // At the start of a line: handles fences and block markers.
  bool AtLineStart();
  // A word starting at pos_ (ASCII letter, digit or '_').
  void FastWord(RawToken* token);
  // Any word: copies it lower-cased into buffer_, splits contractions.
  void Word(RawToken* token);
  // Word() plus the hashes of the token and of a split-off contraction.
  void SlowWord(RawToken* token);

  absl::string_view text_;
  bool markdown_;
  bool copy_all_words_;
  size_t pos_ = 0;
  bool in_fence_ = false;
  bool line_start_ = true;
  // A split contraction waiting to be returned ("not" of "didn't").
  uint32_t pending_start_ = 0;
  uint32_t pending_end_ = 0;
  absl::string_view pending_lower_;
  uint64_t pending_hash_ = 0;
  // Whether a sentence end was already returned since the last word, so
  // runs of punctuation yield one.
  bool ended_ = true;
  char buffer_[kMaxLowerBytes];
};

}  // namespace pmkit::blame_internal

#endif  // PMKIT_SRC_BLAME_TOKENIZER_H_

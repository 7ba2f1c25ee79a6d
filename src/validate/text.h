// Text heuristics of the validation rules: blank strings, placeholders,
// vague or unbounded action-item wording, human-error phrases, names, and
// what a verbatim source time carries. All ASCII case folding; all linear in
// the text, most O(1) (prefix and suffix checks) because they run on every
// string of a document.
#ifndef PMKIT_SRC_VALIDATE_TEXT_H_
#define PMKIT_SRC_VALIDATE_TEXT_H_

#include <cstdint>
#include <cstring>
#include <string>
#include <vector>

#include "absl/base/attributes.h"
#include "absl/strings/string_view.h"

namespace pmkit::validate_internal {

// absl::ascii_isspace's set (space, \t, \n, \v, \f, \r), tested inline:
// absl::StripAsciiWhitespace calls it through a function pointer per byte,
// and every string of a document is trimmed.
inline bool IsAsciiSpace(char c) {
  return c == ' ' || (c >= '\t' && c <= '\r');
}

// Empty or only ASCII whitespace.
bool IsBlank(absl::string_view text);
// TrimSpace's loops, for texts with space at an edge.
absl::string_view TrimSpaceSlow(absl::string_view text);
// Without leading and trailing ASCII whitespace (empty exactly when
// IsBlank). Inline: nearly every string of a document has no space at
// either edge, and the validator trims every one. Every space byte is at
// most ' ', so one compare per edge passes nearly every string; the rare
// edge byte at or below ' ' (a space, or a control byte that is not one) is
// left to TrimSpaceSlow.
inline absl::string_view TrimSpace(absl::string_view text) {
  if (!text.empty() && static_cast<unsigned char>(text.front()) > ' ' &&
      static_cast<unsigned char>(text.back()) > ' ') {
    return text;
  }
  return TrimSpaceSlow(text);
}

// The built-in placeholder words (lowercase).
const std::vector<std::string>& BuiltinPlaceholders();
// The built-in vague verbs and phrases (lowercase).
const std::vector<std::string>& BuiltinVagueVerbs();

// Phrases matched case-insensitively at word boundaries in one pass over
// the text: at each word start only the phrases beginning with that letter
// are compared, so the cost is one look-up per word, not one search per
// phrase. Immutable after construction.
class PhraseSet {
 public:
  explicit PhraseSet(std::vector<std::string> phrases);  // Any case.
  // The first phrase (in text order) found in `text`, lowercase; "" if none.
  absl::string_view Find(absl::string_view text) const;
  // The index of the next phrase found at or after *pos, or -1; advances
  // *pos past the match's start so calls can continue the scan.
  int FindNext(absl::string_view text, size_t* pos) const;
  // The phrase `text` starts with (as whole words), lowercase; "" if none.
  absl::string_view MatchPrefix(absl::string_view text) const;
  const std::vector<std::string>& phrases() const { return phrases_; }

 private:
  // FindNext's scan: candidates filtered by QuadKey when kQuad (every
  // phrase four bytes or more), else by BigramKey.
  template <bool kQuad>
  int Scan(absl::string_view text, size_t* pos) const;
  // The phrase matching at `p` (a candidate word start), or -1.
  ABSL_ATTRIBUTE_NOINLINE int MatchAt(const char* p, const char* end) const;

  // A phrase's first four bytes (little-endian), for a one-compare filter.
  struct Prefix {
    uint32_t value = 0;
    uint32_t mask = 0;
    uint32_t fold = 0;  // 0x20 on letter bytes: ignores their case.
  };
  // A position's first two bytes, case-folded and hashed to 12 bits (a
  // collision only costs a comparison).
  static uint32_t BigramKey(unsigned char first, unsigned char second) {
    const uint32_t a = first >= 'A' && first <= 'Z' ? first + 32 : first;
    const uint32_t b = second >= 'A' && second <= 'Z' ? second + 32 : second;
    return ((a & 63) << 6) | (b & 63);
  }
  // A position's first four bytes with bit 0x20 set in each (letters
  // compare without case; other bytes that differ only in that bit collide,
  // which only costs a comparison), hashed to 12 bits.
  static uint32_t QuadKey(const char* p) {
    uint32_t quad;
    std::memcpy(&quad, p, 4);
    return ((quad | 0x20202020u) * 0x9E3779B1u) >> 20;
  }
  std::vector<std::string> phrases_;  // Lowercase.
  std::vector<Prefix> prefixes_;      // Parallel to phrases_.
  // Bit BigramKey: a phrase may start so (sets with a phrase shorter than
  // four bytes).
  uint64_t bigrams_[64] = {};
  // Bit QuadKey: a phrase may start so. Used when every phrase has four
  // bytes or more (all the built-in scanned sets) in place of the bigrams:
  // common words share a phrase's first two letters ("re" of "remember",
  // "pa" of "pay attention", "an" of "any future") far more often than its
  // first four, and each word passed on costs a MatchAt call and its
  // mispredicted branches. Alone, not after the bigram test: one four-byte
  // load and a multiply per word start instead of two table look-ups and
  // then the same test (about 10 instructions less per word start).
  uint64_t quads_[64] = {};
  bool quad_filter_ = false;
  std::vector<uint16_t> buckets_[256];
};

// Placeholder words, checked where placeholders sit: the whole trimmed text,
// its first word(s) or its last word (case-insensitive), plus "TBD" and
// "TODO" in capitals anywhere. Letter masks skip the comparisons for texts
// that cannot start or end with a placeholder. Immutable.
class PlaceholderSet {
 public:
  explicit PlaceholderSet(std::vector<std::string> words);
  // The placeholder `text` holds, or "" when none.
  absl::string_view Find(absl::string_view text) const {
    return FindTrimmed(TrimSpace(text));
  }
  // The same for a text already trimmed (TrimSpace), so that a caller that
  // also tests for blanks trims once.
  absl::string_view FindTrimmed(absl::string_view trimmed) const;

 private:
  std::vector<std::string> words_;  // Lowercase.
  bool first_[256] = {};
  bool last_[256] = {};
  // Bit i: words_[i] starts (ends) with the byte, either case; the first 64
  // words only (more fall back to a plain loop).
  uint64_t starting_[256] = {};
  uint64_t ending_[256] = {};
  // Bit i: words_[i]'s second (second-to-last) byte is the byte, either
  // case, or words_[i] is one byte long. ANDed with the tables above they
  // leave almost no candidate: many texts start with "T" (as "TBD" and
  // "TODO" do) but few with "Tb" or "To", and a candidate loop that runs a
  // varying number of times per text is mispredicted.
  uint64_t second_[256] = {};
  uint64_t penultimate_[256] = {};
};

// Wording of an action item's title (and description for `care`).
struct Wording {
  absl::string_view vague_verb;   // Starts with a vague verb, no number.
  bool too_short = false;         // Fewer than three words.
  bool investigate_without_question = false;
  absl::string_view unbounded;    // An unbounded promise.
  absl::string_view care;         // "be more careful" and kin.
};
Wording AnalyseWording(absl::string_view title, absl::string_view description,
                       const PhraseSet& vague_verbs);

// The human-error phrase `text` holds ("human error", "operator error"), or
// "".
absl::string_view FindHumanError(absl::string_view text);

// True when `name` occurs in `text` as a whole word (case-sensitive).
bool ContainsWord(absl::string_view text, absl::string_view name);

// Names matched case-sensitively as whole words (ContainsWord's definition)
// in one pass over a text, however many names: only positions at a word
// boundary whose byte starts some name are compared. Holds views of the
// names, which must outlive it. Immutable after construction.
class NameSet {
 public:
  explicit NameSet(std::vector<absl::string_view> names);
  // Sets (*found)[i] (resized to the number of names) to whether names[i]
  // occurs in `text`, as ContainsWord(text, names[i]) would.
  void Mark(absl::string_view text, std::vector<bool>* found) const;

 private:
  std::vector<absl::string_view> names_;
  // The non-empty names as first byte << 24 | index, sorted: those
  // starting with byte b run from by_first_[first_[b]] while their top byte
  // is b. Sorted rather than counted into 257 running totals: a validation
  // run builds one set for a few dozen names, and the totals' pass over
  // every byte value cost more than sorting the keys. With more than
  // kMaxIndexed names (not in any real document) Mark tests each name.
  static constexpr size_t kMaxIndexed = 0xFFFFFF;
  std::vector<uint32_t> by_first_;
  uint32_t first_[256];      // Set where starts_ has the byte's bit.
  uint64_t starts_[4] = {};  // Bit b: some name starts with byte b.
};

// What a verbatim source time ("2024-03-14T22:52:30+01:00", "01:27",
// "1710454181.002") carries.
struct SourceTime {
  bool clock = false;  // A time of day (or an epoch number).
  bool date = false;
  bool zone = false;
};
SourceTime ClassifySourceTime(absl::string_view text);

}  // namespace pmkit::validate_internal

#endif  // PMKIT_SRC_VALIDATE_TEXT_H_

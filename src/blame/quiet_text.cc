#include "src/blame/quiet_text.h"

#include "absl/base/attributes.h"
#include "src/blame/ascii_scan.h"
#include "src/blame/word_hash.h"

namespace pmkit::blame_internal {
namespace {

enum : uint8_t {
  kOther = 0,  // Spaces aside, punctuation that neither joins nor ends.
  kWord,       // ASCII letter, digit, '_'.
  kEnd,        // . ! ? ; : (the tokenizer's sentence-end run).
  kSpace,      // ' ' \t \r \n: after an end run, a sentence boundary.
  kComma,      // , ( ) -: comma tokens (counted, see kMaxFirstTracked).
  kStop,       // Bytes the tokenizer treats specially (see quiet_text.h).
};

// Regions with fewer tokens than this cannot hold a sentence the scanner
// cuts into chunks (of 200 tokens), so their sentence starts are known.
constexpr int kMaxFirstTracked = 150;

struct QuietTables {
  uint8_t plain[256];
  uint8_t markdown[256];
  constexpr QuietTables() : plain(), markdown() {
    for (int c = 0; c < 256; ++c) {
      uint8_t k = kOther;
      if (IsAsciiWordByte(static_cast<unsigned char>(c))) {
        k = kWord;
      } else if (c == '.' || c == '!' || c == '?' || c == ';' || c == ':') {
        k = kEnd;
      } else if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
        k = kSpace;
      } else if (c == ',' || c == '(' || c == ')' || c == '-') {
        k = kComma;
      } else if (c == '@' || c >= 0x80) {
        k = kStop;
      }
      plain[c] = k;
      const bool markdown_special =
          c == '`' || c == '<' || c == ']' || c == '~';
      markdown[c] = markdown_special ? kStop : k;
    }
  }
};
constexpr QuietTables kQuiet;

// ORs the features of the word text[from, to) into `features`.
ABSL_ATTRIBUTE_ALWAYS_INLINE inline void AddWord(
    const SentencePrefilter& prefilter, absl::string_view text, size_t from,
    size_t to, const uint64_t* name_filter, FeatureSet* features) {
  const uint64_t hash =
      HashWordBytes(text.data() + from, to - from, text.size() - from);
  prefilter.AddWord(hash, features);
  if (name_filter != nullptr) {
    const uint64_t bit = hash >> 52;
    if ((name_filter[bit >> 6] >> (bit & 63)) & 1) {
      features->Add(prefilter.person());
    }
  }
}

inline bool IsJoiner(unsigned char c) {
  return c == '.' || c == '-' || c == '/' || c == '\'';
}

}  // namespace

QuietSkip SkipQuietText(const SentencePrefilter& prefilter,
                        absl::string_view text, size_t start, bool markdown,
                        const uint64_t* name_filter) {
  const unsigned char* data =
      reinterpret_cast<const unsigned char*>(text.data());
  const size_t size = text.size();
  const uint8_t* classes = markdown ? kQuiet.markdown : kQuiet.plain;
  FeatureSet features = prefilter.initial();
  // Features of the words that may be the first token of a sentence: the
  // region's first word and any word after an end run or a newline (blank
  // lines and Markdown blocks end sentences too), for '^' patterns.
  FeatureSet first = prefilter.initial();
  bool at_start = true;
  int tokens = 0;
  bool question = false;
  LivePatterns live;
  size_t region = start;  // Start of the current region (a boundary).

  size_t i = start;
  while (i < size) {
    switch (classes[data[i]]) {
      case kWord: {
        // The tokenizer's word: word bytes joined by . - / ' when a word
        // byte follows (a non-ASCII byte after a joiner stops the pass at
        // the next step, so the tokenizer decides).
        const size_t word = i;
        size_t apostrophe = 0;
        while (true) {
          i = SkipAsciiWordBytes(data, i, size);
          if (i + 1 < size && IsJoiner(data[i]) &&
              IsAsciiWordByte(data[i + 1])) {
            if (data[i] == '\'') apostrophe = i;
            ++i;
            continue;
          }
          break;
        }
        FeatureSet word_features;
        AddWord(prefilter, text, word, i, name_filter, &word_features);
        ++tokens;
        if (apostrophe != 0) {
          // Split as a contraction: the stem ("did" of "didn't", "knight"
          // of "knight's") and the split-off token.
          AddWord(prefilter, text, word, apostrophe, name_filter,
                  &word_features);
          if (i - apostrophe == 2 && (data[apostrophe + 1] | 0x20) == 't' &&
              apostrophe - word >= 2 && (data[apostrophe - 1] | 0x20) == 'n') {
            AddWord(prefilter, text, word, apostrophe - 1, name_filter,
                    &word_features);
          }
          word_features.Add(prefilter.contraction());
          ++tokens;
        }
        features.Add(word_features);
        if (at_start) first.Add(word_features);
        at_start = false;
        break;
      }
      case kEnd: {
        while (i < size && classes[data[i]] == kEnd) {
          // "://": a URL, which the tokenizer skips whole.
          if (data[i] == ':' && i + 1 < size && data[i + 1] == '/') {
            return {region, i + 1};
          }
          question |= data[i] == '?';
          ++i;
        }
        at_start = true;
        if (i < size && classes[data[i]] != kSpace) break;
        // A boundary: the tokenizer has ended a sentence here.
        // (A copy: `features` itself never has its address taken, so it
        // can live in registers through the loop.)
        const FeatureSet snapshot = features;
        const FeatureSet firsts = tokens < kMaxFirstTracked ? first : features;
        if (prefilter.FindLive(snapshot, firsts, question, &live)) {
          return {region, i};
        }
        region = i;
        features = prefilter.initial();
        first = prefilter.initial();
        tokens = 0;
        question = false;
        break;
      }
      case kSpace:
        if (data[i] == '\n') at_start = true;
        ++i;
        break;
      case kComma:
        ++tokens;
        ++i;
        break;
      case kStop:
        return {region, i + 1};
      default:
        ++i;
        break;
    }
  }
  const FeatureSet snapshot = features;
  const FeatureSet firsts = tokens < kMaxFirstTracked ? first : features;
  if (region < size && prefilter.FindLive(snapshot, firsts, question, &live)) {
    return {region, size};
  }
  return {size, size};
}

}  // namespace pmkit::blame_internal

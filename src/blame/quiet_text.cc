#include "src/blame/quiet_text.h"

#include "absl/base/attributes.h"
#include "src/blame/ascii_scan.h"
#include "src/blame/name_filter.h"
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
      markdown[c] = markdown_special ? uint8_t{kStop} : k;
    }
  }
};
constexpr QuietTables kQuiet;

// A region's features, held in four vector registers: a FeatureSet on the
// stack was loaded and stored around every word.
class FeatureAccumulator {
 public:
  explicit FeatureAccumulator(const FeatureSet& set)
      : a_(set.vector(0)), b_(set.vector(1)), c_(set.vector(2)),
        d_(set.vector(3)) {}

  void Add(const FeatureSet& set) {
    a_ |= set.vector(0);
    b_ |= set.vector(1);
    c_ |= set.vector(2);
    d_ |= set.vector(3);
  }

  FeatureSet ToSet() const {
    FeatureSet out;
    out.set_vector(0, a_);
    out.set_vector(1, b_);
    out.set_vector(2, c_);
    out.set_vector(3, d_);
    return out;
  }

 private:
  static_assert(FeatureSet::kVectors == 4);
  FeatureSet::Vector a_, b_, c_, d_;
};

inline bool IsJoiner(unsigned char c) {
  return c == '.' || c == '-' || c == '/' || c == '\'';
}

constexpr int kNoSplit = -1;

// What the tokenizer (tokenizer.cc, Word()) splits off the word
// data[word, end) whose only apostrophe is at `apostrophe`: a
// SentencePrefilter::SplitOff, or kNoSplit if it keeps the word whole.
// (Word bytes OR-ed with 0x20 are lower-case letters only if letters.)
int SplitOffKind(const unsigned char* data, size_t word, size_t apostrophe,
                 size_t end) {
  const size_t after = end - apostrophe - 1;
  const unsigned char a = data[apostrophe + 1] | 0x20;
  if (after == 1) {
    switch (a) {
      case 't':
        return apostrophe - word >= 2 && (data[apostrophe - 1] | 0x20) == 'n'
                   ? SentencePrefilter::kSplitNot
                   : kNoSplit;
      case 's':
        return SentencePrefilter::kSplitS;
      case 'd':
        return SentencePrefilter::kSplitD;
      case 'm':
        return SentencePrefilter::kSplitM;
      default:
        return kNoSplit;
    }
  }
  if (after == 2) {
    const unsigned char b = data[apostrophe + 2] | 0x20;
    if (a == 'v' && b == 'e') return SentencePrefilter::kSplitHave;
    if (a == 'r' && b == 'e') return SentencePrefilter::kSplitRe;
    if (a == 'l' && b == 'l') return SentencePrefilter::kSplitLl;
  }
  return kNoSplit;
}

}  // namespace

QuietSkip SkipQuietText(const SentencePrefilter& prefilter,
                        absl::string_view text, size_t start, bool markdown,
                        const uint64_t* name_filter) {
  const unsigned char* data =
      reinterpret_cast<const unsigned char*>(text.data());
  const size_t size = text.size();
  const uint8_t* classes = markdown ? kQuiet.markdown : kQuiet.plain;
  FeatureAccumulator features(prefilter.initial());
  // Features of the words that may be the first token of a sentence: the
  // region's first word and any word after an end run or a newline (blank
  // lines and Markdown blocks end sentences too), for '^' patterns.
  // In memory: few words start a sentence, and the registers are better
  // spent on the word scan's constants.
  FeatureSet first = prefilter.initial();
  bool at_start = true;
  int tokens = 0;
  bool question = false;
  LivePatterns live;
  FeatureSet shared;  // WordFeatures' scratch.
  size_t region = start;  // Start of the current region (a boundary).

  // Adds the features of a token to the region's (and to `first` at a
  // possible sentence start). Inlined, so the region's accumulator stays in
  // registers.
  auto add = [&](const FeatureSet& set) ABSL_ATTRIBUTE_ALWAYS_INLINE {
    features.Add(set);
    if (at_start) first.Add(set);
  };
  // Adds the features of the word text[from, to).
  auto add_word = [&](size_t from, size_t to) ABSL_ATTRIBUTE_ALWAYS_INLINE {
    const uint64_t hash =
        HashWordBytes(text.data() + from, to - from, size - from);
    add(prefilter.WordFeatures(hash, &shared));
    if (name_filter != nullptr && NameFilterMayHold(name_filter, hash)) {
      add(prefilter.person());
    }
  };
  // At a boundary: whether the region so far has a live pattern.
  auto any_live = [&] {
    const FeatureSet all = features.ToSet();
    const FeatureSet& firsts = tokens < kMaxFirstTracked ? first : all;
    return prefilter.FindLive(all, firsts, question, &live);
  };

  size_t i = start;
  while (i < size) {
    switch (classes[data[i]]) {
      case kWord: {
        while (true) {
          // The tokenizer's word: word bytes joined by . - / ' when a word
          // byte follows (a non-ASCII byte after a joiner stops the pass at
          // the next step, so the tokenizer decides).
          const size_t word = i;
          size_t apostrophe = 0;  // The last one.
          int apostrophes = 0;
          while (true) {
            i = SkipAsciiWordBytes(data, i, size);
            if (i + 1 < size && IsJoiner(data[i]) &&
                IsAsciiWordByte(data[i + 1])) {
              if (data[i] == '\'') {
                apostrophe = i;
                ++apostrophes;
              }
              ++i;
              continue;
            }
            break;
          }
          const int split = apostrophes == 1
                                ? SplitOffKind(data, word, apostrophe, i)
                                : kNoSplit;
          if (apostrophes == 0 || split == kNoSplit) {
            add_word(word, i);
            ++tokens;
          } else if (apostrophes == 1) {
            // The tokenizer's two tokens: the stem ("did" of "didn't",
            // "knight" of "knight's") and the token it splits off.
            add_word(word, split == SentencePrefilter::kSplitNot
                               ? apostrophe - 1
                               : apostrophe);
            add(prefilter.split_off(split));
            tokens += 2;
          } else {
            // Several apostrophes (rare): whatever the tokenizer makes of
            // the word is covered by the word, its stems at the last
            // apostrophe and every token a contraction can split off.
            add_word(word, i);
            add_word(word, apostrophe);
            add_word(word, apostrophe - 1);
            add(prefilter.contraction());
            tokens += 2;
          }
          at_start = false;
          // Most words are followed by one space and the next word: that
          // step needs no trip through the switch.
          if (i + 1 < size && data[i] == ' ' && classes[data[i + 1]] == kWord) {
            ++i;
            continue;
          }
          break;
        }
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
        if (any_live()) return {region, i};
        region = i;
        features = FeatureAccumulator(prefilter.initial());
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
  if (region < size && any_live()) return {region, size};
  return {size, size};
}

}  // namespace pmkit::blame_internal

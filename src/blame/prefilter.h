// The sentence prefilter: decides, from one cheap probe per word, whether any
// rule could match a sentence, so that most sentences are never looked up in
// the word table nor matched.
//
// Every element a pattern requires (a word set or a word class that some
// token must match, plus the anchor the matcher starts from) is a "feature",
// one of 512 bits. Each lexicon word is summarised at compile time by the
// features it satisfies, stored in a direct-mapped table keyed by the
// word's hash (word_hash.h, which the tokenizer computes anyway) with a
// 16-bit fingerprint per slot, so a word that is not in the lexicon almost
// never picks up features (a plain hash-indexed bitmap would: the 400 first
// names alone would give a person feature to one prose word in twenty), and
// lexicon words that collide keep their own features ("wrong" must not
// become a person because it shares a slot with "timothy").
// While tokenizing, each word's features are OR-ed into the sentence's; at
// the sentence end, a pattern is "live" when all its features are present.
// Only sentences with a live pattern are resolved and matched, and only
// their live patterns are tried.
//
// Why it never drops a finding: a word's features are those of every lexicon
// word with its slot and fingerprint, a superset of what its lookup would
// give; words whose classes the hash cannot see (class prefixes like "mis*")
// put their features in every sentence; person names and handles add the
// person features. A pattern can only match a sentence that contains a token
// for each required element and its anchor (and a '^' pattern only with its
// first element on the first token), so a pattern that is not live cannot
// match. Collisions only make more sentences candidates.
#ifndef PMKIT_SRC_BLAME_PREFILTER_H_
#define PMKIT_SRC_BLAME_PREFILTER_H_

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <vector>

namespace pmkit::blame_internal {

class CompiledLexicon;

// A set of features (512 bits).
//
// Add and SubsetOf run once or more per word scanned, so they work on
// 128-bit vectors, fully unrolled: written as loops over the words, the
// compiler kept a loop over memory (three times the instructions).
struct alignas(16) FeatureSet {
  static constexpr int kWords = 8;
  uint64_t bits[kWords] = {};

  using Vector = uint64_t __attribute__((vector_size(16)));
  static constexpr int kVectors = kWords / 2;

  Vector vector(int v) const {
    Vector out;
    std::memcpy(&out, bits + 2 * v, sizeof(out));
    return out;
  }
  void set_vector(int v, Vector value) {
    std::memcpy(bits + 2 * v, &value, sizeof(value));
  }

  void Add(const FeatureSet& o) {
#pragma GCC unroll 4
    for (int v = 0; v < kVectors; ++v) set_vector(v, vector(v) | o.vector(v));
  }
  void Set(int bit) { bits[bit >> 6] |= uint64_t{1} << (bit & 63); }
  // Whether every feature of `this` is in `o`.
  bool SubsetOf(const FeatureSet& o) const {
    Vector missing = vector(0) & ~o.vector(0);
#pragma GCC unroll 4
    for (int v = 1; v < kVectors; ++v) missing |= vector(v) & ~o.vector(v);
    return (missing[0] | missing[1]) == 0;
  }
  bool operator==(const FeatureSet& o) const {
    for (int w = 0; w < kWords; ++w) {
      if (bits[w] != o.bits[w]) return false;
    }
    return true;
  }
};

// The patterns of a sentence that passed the prefilter; a fixed bitset, so
// scanning does not allocate. Patterns past the capacity always count as
// live (they are then filtered by the matcher's own summary check).
class LivePatterns {
 public:
  static constexpr int kCapacity = 1024;

  void Clear() {
    for (uint64_t& word : bits_) word = 0;
  }
  void Add(int pattern) {
    if (pattern < kCapacity) {
      bits_[pattern >> 6] |= uint64_t{1} << (pattern & 63);
    }
  }
  bool Contains(int pattern) const {
    return pattern >= kCapacity ||
           ((bits_[pattern >> 6] >> (pattern & 63)) & 1) != 0;
  }

 private:
  uint64_t bits_[kCapacity / 64] = {};
};

// Immutable after Build(); safe to share across threads.
class SentencePrefilter {
 public:
  static constexpr int kFeatures = 64 * FeatureSet::kWords;

  // Built from a compiled lexicon whose rules, patterns, words and person
  // names are final.
  static SentencePrefilter Build(const CompiledLexicon& lexicon);

  // Features every sentence starts with.
  const FeatureSet& initial() const { return initial_; }
  // Features of a person name or handle.
  const FeatureSet& person() const { return person_; }
  // Features of every token a contraction can be split into ("not",
  // "have", "'s", "can" of "can't", ...), for the quiet-text pre-pass.
  const FeatureSet& contraction() const { return contraction_; }
  // The token the tokenizer splits off a word at its apostrophe: "not" of
  // "n't" (with "can", "will" and "shall", the stems it gives "can't",
  // "won't" and "shan't"), "have" of "'ve", else the suffix as written.
  enum SplitOff {
    kSplitNot,
    kSplitHave,
    kSplitS,
    kSplitRe,
    kSplitLl,
    kSplitD,
    kSplitM,
    kSplitOffKinds
  };
  // The features of the token(s) split off.
  const FeatureSet& split_off(int kind) const { return split_off_[kind]; }

  // Adds the features a word with HashWord() `hash` may have. No branch on
  // "found": about half of all prose words are lexicon words (function
  // words some pattern needs), so it would mispredict often; the branch to
  // shared slots is rarely taken.
  void AddWord(uint64_t hash, FeatureSet* features) const {
    FeatureSet shared;
    features->Add(WordFeatures(hash, &shared));
  }

  // The features AddWord adds, for callers that add them to more than one
  // set. The result is `*shared` for words in shared slots (rare), which
  // it overwrites; else one of the prefilter's own sets.
  const FeatureSet& WordFeatures(uint64_t hash, FeatureSet* shared) const {
    const size_t index = hash >> shift_;
    const Slot slot = slots_[index];
    const uint16_t fingerprint = static_cast<uint16_t>(hash);
    if (__builtin_expect((slot.set & kShared) != 0, 0)) {
      *shared = FeatureSet();
      AddShared(index, fingerprint, shared);
      return *shared;
    }
    return sets_[slot.fingerprint == fingerprint ? slot.set : 0];
  }

  // Finds the patterns whose features are all in `features` (patterns
  // anchored with '^' also need their first element in `first`, the
  // features of the sentence's first token), question-only rules only if
  // `question`. False if there is none; else `live` holds them.
  bool FindLive(const FeatureSet& features, const FeatureSet& first,
                bool question, LivePatterns* live) const;

 private:
  struct Entry {
    FeatureSet need;
    FeatureSet first_need;  // '^' patterns: their first element.
    // The feature of `need` tested first: its second rarest (its rarest is
    // the key the entry is found by), so most entries are passed over on
    // one bit test.
    uint16_t second;
    int pattern;
    bool question_only;
  };

  // A direct-mapped slot: one lexicon word's fingerprint and features. The
  // few slots several lexicon words hash to are "shared": they point at
  // their words' run in overflow_, checked on a rarely taken branch. With
  // 16 slots per word (65536 for the default lexicon's 2,415 words) 35 are
  // shared; with 8, 61 were, and a common prose word among them took that
  // branch for about one word in ten.
  static constexpr uint16_t kShared = 0x8000;
  struct Slot {
    uint16_t fingerprint;  // Low 16 bits of the hash.
    uint16_t set;  // Index into sets_ (0: none), or kShared | overflow_ index.
  };
  struct Overflow {
    size_t slot;
    uint16_t fingerprint;
    bool any;  // Applies whatever the fingerprint (overflow of overflow_).
    uint16_t set;
  };

  void AddShared(size_t index, uint16_t fingerprint,
                 FeatureSet* features) const;

  std::vector<Slot> slots_;  // Indexed by the top bits of the hash.
  std::vector<Overflow> overflow_;  // Grouped by slot.
  int shift_ = 64;
  std::vector<FeatureSet> sets_;  // [0] unused.
  FeatureSet initial_;
  FeatureSet person_;
  FeatureSet contraction_;
  FeatureSet split_off_[kSplitOffKinds];
  // Entries grouped by their rarest feature: entries_[first_[b] ..
  // first_[b + 1]) need feature b; `keys_` marks features that have any.
  std::vector<Entry> entries_;
  std::vector<uint32_t> first_;  // kFeatures + 1 offsets.
  FeatureSet keys_;
};

}  // namespace pmkit::blame_internal

#endif  // PMKIT_SRC_BLAME_PREFILTER_H_

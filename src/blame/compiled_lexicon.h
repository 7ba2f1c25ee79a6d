// The compiled form of a BlameLexicon: an open-addressing word table mapping
// lower-cased tokens to word ids and word-class bits, and the rules' token
// patterns indexed by their anchor (a required word or class), so a sentence
// without any anchor costs one table probe per token and nothing else.
#ifndef PMKIT_SRC_BLAME_COMPILED_LEXICON_H_
#define PMKIT_SRC_BLAME_COMPILED_LEXICON_H_

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "absl/container/flat_hash_set.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "pmkit/v1/blame.pb.h"
#include "src/blame/prefilter.h"
#include "src/blame/word_hash.h"

namespace pmkit::blame_internal {

// Bit of the built-in <person_name> class: names and handles.
inline constexpr int kPersonNameClass = 0;
inline constexpr int kMaxClasses = 64;
// Tokens longer than this are never lexicon words.
inline constexpr size_t kMaxWordBytes = 48;

// What a token's lexicon lookup yields.
struct WordInfo {
  uint32_t word_id = 0;  // 0: not a lexicon word.
  uint64_t classes = 0;  // Bit i: member of class i.
};

// One element of a compiled pattern.
struct PatternElement {
  std::vector<uint32_t> words;  // Any of these word ids...
  uint64_t classes = 0;         // ...or a member of any of these classes...
  bool comma = false;           // ...or a comma token.
  bool any = false;             // A gap: any token.
  bool any_word = false;        // <any>: any word token.
  bool negate = false;          // !x: a word token that does not match x.
  uint8_t min = 1;
  uint8_t max = 1;
  uint64_t bloom[4] = {0, 0, 0, 0};  // Bit (id % 256) of each word id.
  bool span_begin = false;  // '[' before this element.
  bool span_end = false;    // ']' after this element.
};

struct CompiledPattern {
  std::vector<PatternElement> elements;
  bool at_start = false;     // '^'
  bool at_end = false;       // '$'
  int max_prefix = 0;        // Most tokens the anchor can be after the start.
  int cue = 0;               // Element reported as the cue.
  int anchor = 0;            // Element the matcher starts from.
  // Elements every match needs (one token of each must be in the sentence):
  // checked against the sentence's summary before any matching.
  std::vector<int> required;
  int rule = -1;             // Index into CompiledLexicon::rules(), or -1.
};

struct CompiledRule {
  std::string id;
  std::vector<v1::BlameCategory> categories;
  std::vector<int> unless;  // Indices into CompiledLexicon::patterns().
  std::string explanation;
  std::string suggestion;
  double confidence = 0.0;
  bool question_only = false;
};

// Where an anchored pattern starts looking.
struct AnchorEntry {
  int pattern;
  int max_prefix;
};

// Immutable after Compile(); safe to share across threads.
class CompiledLexicon {
 public:
  static absl::StatusOr<std::unique_ptr<const CompiledLexicon>> Compile(
      const v1::BlameLexicon& lexicon, const v1::BlameOptions& options);

  // Lookup of a lower-cased token (apostrophes normalised to ').
  WordInfo Lookup(absl::string_view lower) const {
    return Lookup(lower, HashWord(lower));
  }
  // The same with its HashWord() already known.
  WordInfo Lookup(absl::string_view lower, uint64_t hash) const;
  // Whether `token` (exact case) is a person name given in the options.
  bool IsPersonName(absl::string_view token) const {
    return !person_names_.empty() && person_names_.contains(token);
  }

  // The classes of a person-name token (<person_name> and every class that
  // includes it).
  uint64_t person_classes() const { return person_classes_; }

  const std::vector<CompiledRule>& rules() const { return rules_; }
  const std::vector<CompiledPattern>& patterns() const { return patterns_; }
  // Anchored patterns for word id `id` / class bit `bit`.
  const std::vector<AnchorEntry>& WordAnchors(uint32_t id) const {
    return word_anchors_[id];
  }
  const std::vector<AnchorEntry>& ClassAnchors(int bit) const {
    return class_anchors_[bit];
  }
  // Class bits that anchor at least one pattern.
  uint64_t anchor_classes() const { return anchor_classes_; }
  // Indices of allow-phrase patterns.
  const std::vector<int>& allow_patterns() const { return allow_patterns_; }
  // Word ids that anchor something (rules or allow phrases).
  bool IsAnchorWord(uint32_t id) const { return !word_anchors_[id].empty(); }
  const std::string& version() const { return version_; }
  double min_confidence() const { return min_confidence_; }

  // Decides which sentences can match at all (prefilter.h).
  const SentencePrefilter& prefilter() const { return prefilter_; }
  // Whether the options named persons (IsPersonName can be true).
  bool has_person_names() const { return !person_names_.empty(); }

  // For building the prefilter: the words by id, their classes, the classes
  // given by prefix ("mis*"), the person names of the options, and the
  // estimated frequency in prose of any token an element matches.
  const std::vector<std::string>& words() const { return words_; }
  uint64_t word_classes(uint32_t id) const { return word_classes_[id]; }
  uint64_t prefix_classes() const;
  const absl::flat_hash_set<std::string>& person_names() const {
    return person_names_;
  }
  int ElementCost(const PatternElement& e) const;
  // How many of the most frequent English words (function words,
  // auxiliaries, pronouns) an element matches: a better guide to how often
  // it occurs in prose than its size (400 first names are rare in prose).
  int ElementCommonWords(const PatternElement& e) const;

 private:
  CompiledLexicon() = default;

  uint32_t InternWord(absl::string_view lower);
  uint64_t ExpandClasses(uint64_t classes) const;
  // Estimated frequency in prose of a word.
  int WordCost(uint32_t id) const;
  void InsertSlot(uint64_t hash, uint32_t id);
  absl::StatusOr<int> CompilePattern(absl::string_view text, int rule);
  absl::Status CompileElement(absl::string_view item, PatternElement* element);

  // Open-addressing table of word ids keyed by hash; words_ holds the text.
  std::vector<uint32_t> slots_;  // 0 = empty.
  uint64_t slot_mask_ = 0;
  std::vector<std::string> words_;     // By id; [0] unused.
  std::vector<uint64_t> word_classes_;  // By id.
  std::vector<uint64_t> word_hashes_;   // By id.
  // Class words ending in '*': prefix -> classes (checked by length).
  std::vector<std::pair<std::string, uint64_t>> prefixes_;
  std::vector<std::string> class_names_;  // By bit.
  std::vector<uint64_t> includes_;        // By bit: classes it includes.
  // By bit: summed WordCost of the class's words (computed once classes are
  // final, on the first pattern compiled).
  mutable std::vector<int> class_costs_;
  // By bit: how many of the class's words are common (for the prefilter).
  mutable std::vector<int> class_common_;
  uint64_t person_classes_ = 1;
  absl::flat_hash_set<std::string> person_names_;

  std::vector<CompiledRule> rules_;
  std::vector<CompiledPattern> patterns_;
  std::vector<std::vector<AnchorEntry>> word_anchors_;  // By word id.
  std::vector<AnchorEntry> class_anchors_[kMaxClasses];
  uint64_t anchor_classes_ = 0;
  std::vector<int> allow_patterns_;
  std::string version_;
  double min_confidence_ = 0.5;
  SentencePrefilter prefilter_;
};

// Adds the words of a person's name or handle ("@alice", "Alice Smith") to
// `names`, as written, capitalised and lower-cased.
void AddPersonName(absl::string_view name,
                   absl::flat_hash_set<std::string>* names);

}  // namespace pmkit::blame_internal

#endif  // PMKIT_SRC_BLAME_COMPILED_LEXICON_H_

// Runs a compiled lexicon's patterns over the tokens of one sentence.
#ifndef PMKIT_SRC_BLAME_SENTENCE_MATCHER_H_
#define PMKIT_SRC_BLAME_SENTENCE_MATCHER_H_

#include <cstdint>
#include <vector>

#include "src/blame/compiled_lexicon.h"
#include "src/blame/prefilter.h"
#include "src/blame/tokenizer.h"

namespace pmkit::blame_internal {

// A token of the sentence being matched.
struct Token {
  uint32_t start;
  uint32_t end;
  uint32_t word_id;
  uint64_t classes;
  TokenKind kind;  // kWord or kComma.
};

// One rule match: byte spans of the reported text and of the cue.
struct Hit {
  int rule;
  uint32_t start, end;
  uint32_t cue_start, cue_end;
};

// What a sentence contains, for the per-pattern prefilter: the union of its
// tokens' classes and a 256-bit Bloom filter of their word ids.
struct SentenceSummary {
  uint64_t classes = 0;
  uint64_t bloom[4] = {0, 0, 0, 0};
  void Add(const Token& t) {
    classes |= t.classes;
    bloom[(t.word_id & 255) >> 6] |= uint64_t{1} << (t.word_id & 63);
  }
};

// Appends to `hits` the matches of the enabled rules in `sentence`, after
// "unless" patterns, question-only rules and allow phrases have had their
// say. Only patterns in `live` (the prefilter's verdict; null: all) are
// tried. Thread-compatible (no shared state); allocates only in `hits`.
void MatchSentence(const CompiledLexicon& lexicon,
                   const std::vector<Token>& sentence,
                   const SentenceSummary& summary, bool question,
                   const LivePatterns* live, std::vector<Hit>* hits);

}  // namespace pmkit::blame_internal

#endif  // PMKIT_SRC_BLAME_SENTENCE_MATCHER_H_

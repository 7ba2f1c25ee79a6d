#include "src/blame/sentence_matcher.h"

#include <algorithm>
#include <utility>

namespace pmkit::blame_internal {
namespace {

// Bounds the backtracking of one match attempt, so no pattern (user
// patterns included) can make a sentence cost more than this many steps.
constexpr int kStepBudget = 4096;

bool PositiveMatch(const PatternElement& e, const Token& t);

bool TokenMatches(const PatternElement& e, const Token& t) {
  if (e.any) return true;
  if (e.negate) return t.kind == TokenKind::kWord && !PositiveMatch(e, t);
  return PositiveMatch(e, t);
}

bool PositiveMatch(const PatternElement& e, const Token& t) {
  if (t.kind == TokenKind::kComma) return e.comma;
  if (e.any_word) return true;
  if ((t.classes & e.classes) != 0) return true;
  if (t.word_id == 0) return false;
  for (uint32_t w : e.words) {
    if (w == t.word_id) return true;
  }
  return false;
}

// False when some required element has no candidate token in the sentence.
bool MayMatch(const CompiledPattern& pattern, const SentenceSummary& summary) {
  for (int index : pattern.required) {
    const PatternElement& e = pattern.elements[index];
    if ((e.classes & summary.classes) != 0) continue;
    if ((e.bloom[0] & summary.bloom[0]) | (e.bloom[1] & summary.bloom[1]) |
        (e.bloom[2] & summary.bloom[2]) | (e.bloom[3] & summary.bloom[3])) {
      continue;
    }
    return false;
  }
  return true;
}

struct MatchState {
  const CompiledPattern* pattern;
  const std::vector<Token>* tokens;
  int steps = 0;
  // Token indices: span [begin, end), cue [cue_begin, cue_end).
  int begin = -1, end = -1, cue_begin = -1, cue_end = -1, match_end = -1;
};

bool MatchFrom(MatchState* s, size_t e, size_t t) {
  if (++s->steps > kStepBudget) return false;
  const CompiledPattern& p = *s->pattern;
  const std::vector<Token>& tokens = *s->tokens;
  if (e == p.elements.size()) {
    if (p.at_end && t != tokens.size()) return false;
    s->match_end = static_cast<int>(t);
    return true;
  }
  const PatternElement& el = p.elements[e];
  size_t available = 0;
  while (available < el.max && t + available < tokens.size() &&
         TokenMatches(el, tokens[t + available])) {
    ++available;
  }
  if (available < el.min) return false;
  // Gaps are lazy (shortest first), everything else greedy.
  for (size_t k = 0; k <= available - el.min; ++k) {
    size_t count = el.any ? el.min + k : available - k;
    if (MatchFrom(s, e + 1, t + count)) {
      if (el.span_begin && count > 0) s->begin = static_cast<int>(t);
      if (el.span_end && count > 0) s->end = static_cast<int>(t + count);
      if (static_cast<int>(e) == p.cue && count > 0) {
        s->cue_begin = static_cast<int>(t);
        s->cue_end = static_cast<int>(t + count);
      }
      return true;
    }
  }
  return false;
}

// Tries `pattern` at every start in [first, last]; fills the state of the
// first (leftmost) match.
bool MatchRange(const CompiledPattern& pattern,
                const std::vector<Token>& tokens, size_t first, size_t last,
                MatchState* state) {
  for (size_t start = first; start <= last && start < tokens.size(); ++start) {
    if (pattern.at_start && start != 0) break;
    *state = MatchState();
    state->pattern = &pattern;
    state->tokens = &tokens;
    if (MatchFrom(state, 0, start)) {
      if (state->begin < 0) state->begin = static_cast<int>(start);
      if (state->end < 0) state->end = state->match_end;
      if (state->end <= state->begin) {
        state->begin = static_cast<int>(start);
        state->end = state->match_end;
      }
      if (state->cue_begin < 0) {
        state->cue_begin = state->begin;
        state->cue_end = state->end;
      }
      return true;
    }
  }
  return false;
}

bool MatchesAnywhere(const CompiledPattern& pattern,
                     const std::vector<Token>& tokens, MatchState* state) {
  return !tokens.empty() &&
         MatchRange(pattern, tokens, 0, tokens.size() - 1, state);
}

}  // namespace

void MatchSentence(const CompiledLexicon& lexicon,
                   const std::vector<Token>& sentence,
                   const SentenceSummary& summary, bool question,
                   const LivePatterns* live, std::vector<Hit>* hits) {
  const size_t first_hit = hits->size();
  const auto& patterns = lexicon.patterns();
  const auto& rules = lexicon.rules();
  MatchState state;
  auto try_entries = [&](const std::vector<AnchorEntry>& entries, size_t i) {
    for (const AnchorEntry& entry : entries) {
      if (live != nullptr && !live->Contains(entry.pattern)) continue;
      const CompiledPattern& pattern = patterns[entry.pattern];
      const CompiledRule& rule = rules[pattern.rule];
      if (rule.question_only && !question) continue;
      if (!MayMatch(pattern, summary)) continue;
      size_t first = i >= static_cast<size_t>(entry.max_prefix)
                         ? i - entry.max_prefix
                         : 0;
      if (!MatchRange(pattern, sentence, first, i, &state)) continue;
      Hit hit{pattern.rule, sentence[state.begin].start,
              sentence[state.end - 1].end, sentence[state.cue_begin].start,
              sentence[state.cue_end - 1].end};
      bool duplicate = false;
      for (size_t h = first_hit; h < hits->size(); ++h) {
        const Hit& o = (*hits)[h];
        if (o.rule == hit.rule && o.start < hit.end && hit.start < o.end) {
          duplicate = true;
          break;
        }
      }
      if (!duplicate) hits->push_back(hit);
    }
  };
  const uint64_t anchor_classes = lexicon.anchor_classes();
  for (size_t i = 0; i < sentence.size(); ++i) {
    const Token& token = sentence[i];
    if (token.word_id != 0) try_entries(lexicon.WordAnchors(token.word_id), i);
    uint64_t bits = token.classes & anchor_classes;
    while (bits != 0) {
      int bit = __builtin_ctzll(bits);
      bits &= bits - 1;
      try_entries(lexicon.ClassAnchors(bit), i);
    }
  }
  if (hits->size() == first_hit) return;
  // "Unless" patterns and allow phrases, each evaluated at most once per
  // sentence.
  std::vector<std::pair<int, bool>> unless_results;
  auto unless_matches = [&](int u) {
    for (const auto& [index, result] : unless_results) {
      if (index == u) return result;
    }
    bool result = MayMatch(patterns[u], summary) &&
                  MatchesAnywhere(patterns[u], sentence, &state);
    unless_results.emplace_back(u, result);
    return result;
  };
  std::vector<std::pair<uint32_t, uint32_t>> allowed;  // Byte spans.
  for (int a : lexicon.allow_patterns()) {
    const CompiledPattern& allow = patterns[a];
    // Most sentences lack some word of most phrases.
    if (!MayMatch(allow, summary)) continue;
    for (size_t start = 0; start < sentence.size(); ++start) {
      if (!MatchRange(allow, sentence, start, start, &state)) continue;
      allowed.emplace_back(sentence[state.begin].start,
                           sentence[state.end - 1].end);
    }
  }
  size_t kept = first_hit;
  for (size_t h = first_hit; h < hits->size(); ++h) {
    const Hit hit = (*hits)[h];
    bool drop = false;
    for (int u : rules[hit.rule].unless) {
      if (unless_matches(u)) {
        drop = true;
        break;
      }
    }
    for (const auto& [s, e] : allowed) {
      if (drop) break;
      drop = s < hit.end && hit.start < e;
    }
    if (!drop) (*hits)[kept++] = hit;
  }
  hits->resize(kept);
}

}  // namespace pmkit::blame_internal

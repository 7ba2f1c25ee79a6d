#include "src/blame/text_scanner.h"

#include <algorithm>
#include <cstring>

#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include "absl/strings/str_cat.h"
#include "pmkit/blame.h"
#include "src/blame/prefilter.h"
#include "src/blame/quiet_text.h"
#include "src/blame/sentence_matcher.h"
#include "src/blame/tokenizer.h"
#include "src/io/utf8.h"

namespace pmkit::blame_internal {
namespace {

// Sentences longer than this many tokens are matched in chunks.
constexpr size_t kMaxSentenceTokens = 200;

// A token of the sentence being read, before the prefilter's verdict.
struct PendingToken {
  uint32_t start;
  uint32_t end;
  uint64_t hash;     // HashWord() of the lower-cased word.
  // The lookup's result, valid if `resolved`: plain fields rather than a
  // WordInfo, whose default member initializers would make every scan
  // construct its whole array of these (200 entries, ~900 instructions per
  // text: most of the cost of a short field of a postmortem).
  uint32_t word_id;
  uint64_t classes;
  TokenKind kind;    // kWord or kComma.
  bool resolved;     // Looked up already (tokens that are not simple).
};

// One category of one hit, ready to become a finding.
struct Candidate {
  v1::BlameCategory category;
  const CompiledRule* rule;
  Hit hit;
};

// Category names and rule ids, computed once (naming goes through the enum's
// reflection, too slow to repeat for every finding).
struct CategoryNames {
  std::string name[v1::BlameCategory_MAX + 1];
  std::string rule_id[v1::BlameCategory_MAX + 1];
};

const CategoryNames& Names() {
  static const CategoryNames* names = [] {
    auto* n = new CategoryNames();
    for (int c = 0; c <= v1::BlameCategory_MAX; ++c) {
      n->name[c] = BlameCategoryName(static_cast<v1::BlameCategory>(c));
      n->rule_id[c] = absl::StrCat("blame.", n->name[c]);
    }
    return n;
  }();
  return *names;
}

void Emit(absl::string_view text, const Candidate& c,
          std::vector<v1::Finding>* findings) {
  v1::Finding& f = findings->emplace_back();
  const CategoryNames& names = Names();
  f.set_rule_id(names.rule_id[c.category]);
  f.set_category(names.name[c.category]);
  f.set_severity(c.rule->confidence >= 0.5 ? v1::FINDING_SEVERITY_WARNING
                                           : v1::FINDING_SEVERITY_INFO);
  f.set_message(c.rule->explanation);
  f.mutable_span()->set_start(c.hit.start);
  f.mutable_span()->set_end(c.hit.end);
  f.set_excerpt(std::string(text.substr(c.hit.start, c.hit.end - c.hit.start)));
  f.set_cue(std::string(
      text.substr(c.hit.cue_start, c.hit.cue_end - c.hit.cue_start)));
  f.set_suggestion(c.rule->suggestion);
  f.set_confidence(c.rule->confidence);
  f.set_detail_rule(c.rule->id);
}

// Turns the hits of one text into findings: one per category per
// overlapping group, keeping the most confident rule and the union span.
void HitsToFindings(const CompiledLexicon& lexicon, absl::string_view text,
                    const std::vector<Hit>& hits,
                    std::vector<v1::Finding>* findings) {
  std::vector<Candidate> candidates;
  for (const Hit& hit : hits) {
    const CompiledRule& rule = lexicon.rules()[hit.rule];
    for (v1::BlameCategory category : rule.categories) {
      candidates.push_back({category, &rule, hit});
    }
  }
  std::stable_sort(candidates.begin(), candidates.end(),
                   [](const Candidate& a, const Candidate& b) {
                     if (a.category != b.category) return a.category < b.category;
                     return a.hit.start < b.hit.start;
                   });
  std::vector<Candidate> merged;
  for (const Candidate& c : candidates) {
    if (!merged.empty() && merged.back().category == c.category &&
        c.hit.start < merged.back().hit.end) {
      Candidate& m = merged.back();
      if (c.rule->confidence > m.rule->confidence) {
        m.rule = c.rule;
        m.hit.cue_start = c.hit.cue_start;
        m.hit.cue_end = c.hit.cue_end;
      }
      m.hit.end = std::max(m.hit.end, c.hit.end);
      continue;
    }
    merged.push_back(c);
  }
  std::stable_sort(merged.begin(), merged.end(),
                   [](const Candidate& a, const Candidate& b) {
                     if (a.hit.start != b.hit.start) return a.hit.start < b.hit.start;
                     return a.category < b.category;
                   });
  for (const Candidate& c : merged) Emit(text, c, findings);
}

}  // namespace

size_t FindInvalidUtf8Fast(absl::string_view text) {
  size_t i = 0;
  const size_t size = text.size();
  while (i < size) {
#ifdef __SSE2__
    // ASCII 16 bytes at a time (the bytes' high bits), the last ones
    // through one load that overlaps bytes already checked.
    if (size >= 16) {
      const size_t at = std::min(i, size - 16);
      const __m128i v = _mm_loadu_si128(
          reinterpret_cast<const __m128i*>(text.data() + at));
      const unsigned high =
          static_cast<unsigned>(_mm_movemask_epi8(v)) >> (i - at);
      if (high == 0) {
        i = at + 16;
        continue;
      }
      i += static_cast<size_t>(__builtin_ctz(high));
    }
#endif
    if (i + 8 <= size) {
      uint64_t chunk;
      std::memcpy(&chunk, text.data() + i, 8);
      if ((chunk & 0x8080808080808080ull) == 0) {
        i += 8;
        continue;
      }
    }
    if (static_cast<unsigned char>(text[i]) < 0x80) {
      ++i;
      continue;
    }
    size_t length = io_internal::Utf8SequenceLength(text.substr(i));
    if (length == 0) return i;
    i += length;
  }
  return absl::string_view::npos;
}

ScanNames::ScanNames(absl::flat_hash_set<std::string> names)
    : names_(std::move(names)) {
  for (const std::string& name : names_) NameFilterAdd(HashWord(name), filter_);
}

absl::Status ScanOneText(const CompiledLexicon& lexicon, absl::string_view text,
                         bool markdown, const ScanNames* extra_names,
                         std::vector<v1::Finding>* findings,
                         ScanStrategy strategy) {
  if (text.size() > kMaxBlameTextBytes) {
    return absl::ResourceExhaustedError(
        absl::StrCat("text of ", text.size(), " bytes exceeds the limit of ",
                     kMaxBlameTextBytes, " bytes"));
  }
  if (size_t bad = FindInvalidUtf8Fast(text); bad != absl::string_view::npos) {
    return absl::InvalidArgumentError(
        absl::StrCat("invalid UTF-8 at byte ", bad));
  }
  const bool prefiltered = strategy == ScanStrategy::kPrefiltered;
  const SentencePrefilter& prefilter = lexicon.prefilter();
  const bool names = extra_names != nullptr && !extra_names->empty();
  const bool lexicon_names = lexicon.has_person_names();
  // Simple tokens are checked against the scan's own names with one bit
  // test of their filter; the exact check happens when a sentence is
  // resolved.
  const uint64_t* name_filter = names ? extra_names->filter() : nullptr;
  auto is_person = [&](absl::string_view token_text) {
    return (lexicon_names && lexicon.IsPersonName(token_text)) ||
           (names && extra_names->Contains(token_text));
  };

  // The quiet-text pass runs first, from the start (where the tokenizer is
  // between sentences): most short fields are quiet from start to end and
  // are done before any of the state below is set up.
  QuietSkip first_skip = {0, 0};
  if (prefiltered) {
    first_skip = SkipQuietText(prefilter, text, 0, markdown, name_filter);
    if (first_skip.skip_to == text.size()) return absl::OkStatus();
  }

  Tokenizer tokenizer(text, markdown);
  if (first_skip.skip_to > 0) tokenizer.SkipTo(first_skip.skip_to);
  RawToken raw;
  // The current sentence's tokens, as tokenized; resolved (looked up) only
  // if the prefilter lets the sentence through. Chunks never exceed
  // kMaxSentenceTokens, so this is a fixed array.
  PendingToken pending[kMaxSentenceTokens];
  size_t count = 0;
  FeatureSet features = prefilter.initial();
  FeatureSet first_features;  // Of the sentence's first token.
  FeatureSet shared_features;  // WordFeatures' scratch.
  LivePatterns live;
  std::vector<Token> sentence;
  std::vector<Hit> hits;

  auto finish_sentence = [&](bool question) {
    const bool candidate =
        count != 0 &&
        (!prefiltered ||
         prefilter.FindLive(features, first_features, question, &live));
    if (candidate) {
      sentence.clear();
      SentenceSummary summary;
      bool anchored = false;
      char lower_buffer[kMaxLowerBytes];
      const uint64_t anchor_classes = lexicon.anchor_classes();
      for (size_t i = 0; i < count; ++i) {
        const PendingToken& t = pending[i];
        if (t.kind == TokenKind::kComma) {
          sentence.push_back({t.start, t.end, 0, 0, TokenKind::kComma});
          continue;
        }
        WordInfo info;
        if (t.resolved) {
          info.word_id = t.word_id;
          info.classes = t.classes;
        } else {
          const absl::string_view token_text =
              text.substr(t.start, t.end - t.start);
          info = lexicon.Lookup(AsciiLowerToken(token_text, lower_buffer),
                                t.hash);
          if (is_person(token_text)) info.classes |= lexicon.person_classes();
        }
        anchored |= (info.word_id != 0 && lexicon.IsAnchorWord(info.word_id)) ||
                    (info.classes & anchor_classes) != 0;
        sentence.push_back(
            {t.start, t.end, info.word_id, info.classes, TokenKind::kWord});
        summary.Add(sentence.back());
      }
      if (anchored) {
        MatchSentence(lexicon, sentence, summary, question,
                      prefiltered ? &live : nullptr, &hits);
      }
    }
    count = 0;
    features = prefilter.initial();
    first_features = FeatureSet();
  };

  // The quiet-text pass runs again whenever the tokenizer is between
  // sentences past the last region the pass handed over.
  size_t pass_after = first_skip.resume_after;
  while (true) {
    if (prefiltered && count == 0 && tokenizer.position() >= pass_after &&
        tokenizer.AtSentenceStart()) {
      const QuietSkip skip =
          SkipQuietText(prefilter, text, tokenizer.position(), markdown,
                        name_filter);
      // All quiet to the end: nothing is pending.
      if (skip.skip_to == text.size()) break;
      if (skip.skip_to > tokenizer.position()) tokenizer.SkipTo(skip.skip_to);
      pass_after = skip.resume_after;
    }
    tokenizer.Next(&raw);
    // Very long "sentences" (lists without punctuation, hostile input) are
    // cut into chunks so matching stays linear in the text: the "unless" and
    // allow checks look at the whole sentence for each hit.
    if (count >= kMaxSentenceTokens && raw.kind != TokenKind::kEnd &&
        raw.kind != TokenKind::kSentenceEnd) {
      finish_sentence(false);
    }
    if (raw.kind == TokenKind::kWord) {
      const bool first = count == 0;
      PendingToken& t = pending[count++];
      t.start = raw.start;
      t.end = raw.end;
      t.kind = TokenKind::kWord;
      t.hash = raw.hash;
      // The token's features go into the sentence's, which hold the initial
      // ones already; a first token's also into first_features.
      const FeatureSet& word_features =
          prefilter.WordFeatures(raw.hash, &shared_features);
      bool person = false;
      if (raw.simple) {
        // Simple tokens are ASCII, so their hash is also the hash of their
        // text as written, which is what names are compared with. (The
        // lexicon's own names are in the prefilter's slots already.)
        t.resolved = false;
        person = names && NameFilterMayHold(name_filter, raw.hash);
      } else {
        // Apostrophes, handles, non-ASCII: resolved now, while `raw.lower`
        // is valid (these are few).
        t.resolved = true;
        const WordInfo info = lexicon.Lookup(raw.lower, raw.hash);
        t.word_id = info.word_id;
        t.classes = info.classes;
        if (raw.handle || is_person(raw.text)) {
          t.classes |= lexicon.person_classes();
          person = true;
        }
      }
      features.Add(word_features);
      if (person) features.Add(prefilter.person());
      if (first) {
        first_features = prefilter.initial();
        first_features.Add(word_features);
        if (person) first_features.Add(prefilter.person());
      }
      continue;
    }
    if (raw.kind == TokenKind::kComma) {
      PendingToken& t = pending[count++];
      t.start = raw.start;
      t.end = raw.end;
      t.kind = TokenKind::kComma;
      continue;
    }
    // Sentence end (or the end of the text).
    finish_sentence(raw.question);
    if (raw.kind == TokenKind::kEnd) break;
  }
  HitsToFindings(lexicon, text, hits, findings);
  return absl::OkStatus();
}

}  // namespace pmkit::blame_internal

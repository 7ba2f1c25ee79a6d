#include "src/blame/compiled_lexicon.h"

#include <algorithm>
#include <utility>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "src/blame/tokenizer.h"

namespace pmkit::blame_internal {
namespace {

std::string NormalizeWord(absl::string_view word) {
  std::string out = absl::AsciiStrToLower(word);
  // Curly apostrophe to straight.
  size_t at;
  while ((at = out.find("\xE2\x80\x99")) != std::string::npos) {
    out.replace(at, 3, "'");
  }
  return out;
}

absl::Status PatternError(absl::string_view pattern, absl::string_view why) {
  return absl::InvalidArgumentError(
      absl::StrCat("pattern \"", pattern, "\": ", why));
}

// Merges `extra` into `base`: classes by name gain words, rules by id are
// replaced, other rules and allow phrases are appended.
void Merge(const v1::BlameLexicon& extra, v1::BlameLexicon* base) {
  if (!extra.version().empty()) {
    base->set_version(absl::StrCat(base->version(), "+", extra.version()));
  }
  for (const v1::BlameWordClass& word_class : extra.word_classes()) {
    auto it = std::find_if(
        base->mutable_word_classes()->begin(),
        base->mutable_word_classes()->end(),
        [&](const v1::BlameWordClass& c) { return c.name() == word_class.name(); });
    if (it == base->mutable_word_classes()->end()) {
      *base->add_word_classes() = word_class;
    } else {
      it->mutable_words()->MergeFrom(word_class.words());
    }
  }
  for (const v1::BlameRule& rule : extra.rules()) {
    auto it = std::find_if(
        base->mutable_rules()->begin(), base->mutable_rules()->end(),
        [&](const v1::BlameRule& r) { return r.id() == rule.id(); });
    if (it == base->mutable_rules()->end()) {
      *base->add_rules() = rule;
    } else {
      *it = rule;
    }
  }
  base->mutable_allow_phrases()->MergeFrom(extra.allow_phrases());
  base->mutable_unless_sentence()->MergeFrom(extra.unless_sentence());
}

}  // namespace

void AddPersonName(absl::string_view name,
                   absl::flat_hash_set<std::string>* names) {
  for (absl::string_view part : absl::StrSplit(name, ' ', absl::SkipEmpty())) {
    while (!part.empty() && (part.front() == '@' || part.front() == '(')) {
      part.remove_prefix(1);
    }
    while (!part.empty() && (part.back() == ',' || part.back() == ')')) {
      part.remove_suffix(1);
    }
    if (part.size() < 2) continue;
    names->insert(std::string(part));
    std::string capital(part);
    capital[0] = absl::ascii_toupper(capital[0]);
    names->insert(capital);
  }
}

uint32_t CompiledLexicon::InternWord(absl::string_view lower) {
  const uint64_t hash = HashWord(lower);
  if (!slots_.empty()) {
    for (uint64_t i = hash & slot_mask_;; i = (i + 1) & slot_mask_) {
      uint32_t id = slots_[i];
      if (id == 0) break;
      if (word_hashes_[id] == hash && words_[id] == lower) return id;
    }
  }
  uint32_t id = static_cast<uint32_t>(words_.size());
  words_.emplace_back(lower);
  word_classes_.push_back(0);
  word_hashes_.push_back(hash);
  word_anchors_.emplace_back();
  // Keep the load factor under 1/2.
  if (slots_.empty() || words_.size() * 2 > slots_.size()) {
    size_t capacity = slots_.empty() ? 1024 : slots_.size() * 2;
    slots_.assign(capacity, 0);
    slot_mask_ = capacity - 1;
    for (uint32_t w = 1; w < words_.size(); ++w) InsertSlot(word_hashes_[w], w);
  } else {
    InsertSlot(hash, id);
  }
  return id;
}

int CompiledLexicon::WordCost(uint32_t id) const {
  // The most frequent English words (function words, auxiliaries, pronouns):
  // anchoring on them would make nearly every sentence a candidate. The
  // commonest of them (several per sentence) cost ten times the others, so
  // that "the" counts as commoner than "one|person|individual".
  static const auto* kVeryCommon = new absl::flat_hash_set<std::string>{
      "the", "a", "an", "to", "of", "in", "on", "at", "by", "for", "with",
      "from", "and", "or", "is", "was", "are", "were", "be", "it", "this",
      "that", "we", "i", "you", "he", "she", "they", "have", "has", "had",
      "not", "as", "but", "'s"};
  static const auto* kCommon = new absl::flat_hash_set<std::string>{
      "no", "been", "being", "'re", "am", "do",
      "does", "did", "will", "would", "can", "could", "should", "may", "might",
      "must", "these", "those", "them", "him", "her", "his", "their", "our",
      "my", "your", "its", "one", "all", "some", "any", "if", "so", "then",
      "than", "who", "what", "when", "why", "how", "which", "there", "also",
      "just", "more", "only", "up", "out", "down", "about", "into", "over",
      "after", "before", "again", "once", "first", "even", "still", "get",
      "got", "make", "made", "take", "took", "very", "really", "team", "time",
      "people", "another", "each", "every", "other", "new", "'d"};
  const std::string& word = words_[id];
  if (kVeryCommon->contains(word)) return 1000;
  return kCommon->contains(word) ? 100 : 1;
}

int CompiledLexicon::ElementCost(const PatternElement& e) const {
  int cost = 0;
  for (uint32_t id : e.words) cost += WordCost(id);
  for (int bit = 0; bit < kMaxClasses; ++bit) {
    if ((e.classes & (uint64_t{1} << bit)) == 0) continue;
    if (bit == kPersonNameClass) {
      cost += 1;
      continue;
    }
    if (class_costs_.empty()) {
      class_costs_.assign(kMaxClasses, 0);
      for (uint32_t id = 1; id < words_.size(); ++id) {
        const int word_cost = WordCost(id);
        for (int b = 0; b < kMaxClasses; ++b) {
          if (word_classes_[id] & (uint64_t{1} << b)) class_costs_[b] += word_cost;
        }
      }
    }
    cost += class_costs_[bit];
  }
  return cost;
}

int CompiledLexicon::ElementCommonWords(const PatternElement& e) const {
  if (class_common_.empty()) {
    class_common_.assign(kMaxClasses, 0);
    for (uint32_t id = 1; id < words_.size(); ++id) {
      if (word_classes_[id] == 0 || WordCost(id) < 100) continue;
      for (int b = 0; b < kMaxClasses; ++b) {
        if (word_classes_[id] & (uint64_t{1} << b)) ++class_common_[b];
      }
    }
  }
  int common = 0;
  for (uint32_t id : e.words) common += WordCost(id) >= 100;
  for (int b = 0; b < kMaxClasses; ++b) {
    if (e.classes & (uint64_t{1} << b)) common += class_common_[b];
  }
  return common;
}

uint64_t CompiledLexicon::prefix_classes() const {
  uint64_t classes = 0;
  for (const auto& [prefix, c] : prefixes_) classes |= c;
  return classes;
}

uint64_t CompiledLexicon::ExpandClasses(uint64_t classes) const {
  for (bool changed = true; changed;) {
    changed = false;
    for (size_t c = 0; c < includes_.size(); ++c) {
      const uint64_t bit = uint64_t{1} << c;
      if ((classes & bit) == 0 && (classes & includes_[c]) != 0) {
        classes |= bit;
        changed = true;
      }
    }
  }
  return classes;
}

void CompiledLexicon::InsertSlot(uint64_t hash, uint32_t id) {
  uint64_t i = hash & slot_mask_;
  while (slots_[i] != 0) i = (i + 1) & slot_mask_;
  slots_[i] = id;
}

WordInfo CompiledLexicon::Lookup(absl::string_view lower,
                                 uint64_t hash) const {
  WordInfo info;
  if (lower.empty() || lower.size() > kMaxWordBytes) return info;
  for (uint64_t i = hash & slot_mask_;; i = (i + 1) & slot_mask_) {
    uint32_t id = slots_[i];
    if (id == 0) break;
    if (word_hashes_[id] == hash && words_[id] == lower) {
      info.word_id = id;
      info.classes = word_classes_[id];
      break;
    }
  }
  for (const auto& [prefix, classes] : prefixes_) {
    if (lower.size() > prefix.size() &&
        lower.compare(0, prefix.size(), prefix) == 0) {
      info.classes |= classes;
    }
  }
  return info;
}

absl::Status CompiledLexicon::CompileElement(absl::string_view item,
                                             PatternElement* element) {
  for (absl::string_view alternative : absl::StrSplit(item, '|')) {
    if (alternative.empty()) return absl::InvalidArgumentError("empty alternative");
    if (alternative == ",") {
      element->comma = true;
      continue;
    }
    if (alternative.front() == '<') {
      if (alternative.size() < 3 || alternative.back() != '>') {
        return absl::InvalidArgumentError(
            absl::StrCat("malformed class reference ", alternative));
      }
      absl::string_view name = alternative.substr(1, alternative.size() - 2);
      if (name == "any") {
        element->any_word = true;
        continue;
      }
      auto it = std::find(class_names_.begin(), class_names_.end(), name);
      if (it == class_names_.end()) {
        return absl::InvalidArgumentError(
            absl::StrCat("unknown word class <", name, ">"));
      }
      element->classes |= uint64_t{1} << (it - class_names_.begin());
      continue;
    }
    std::string word = NormalizeWord(alternative);
    if (word.size() > kMaxWordBytes) {
      return absl::InvalidArgumentError(absl::StrCat("word too long: ", word));
    }
    element->words.push_back(InternWord(word));
  }
  std::sort(element->words.begin(), element->words.end());
  for (uint32_t id : element->words) {
    element->bloom[(id & 255) >> 6] |= uint64_t{1} << (id & 63);
  }
  return absl::OkStatus();
}

absl::StatusOr<int> CompiledLexicon::CompilePattern(absl::string_view text,
                                                    int rule) {
  CompiledPattern pattern;
  pattern.rule = rule;
  bool open_span = false;
  for (absl::string_view item :
       absl::StrSplit(text, ' ', absl::SkipWhitespace())) {
    if (item == "^") {
      if (!pattern.elements.empty()) return PatternError(text, "'^' not first");
      pattern.at_start = true;
      continue;
    }
    if (item == "$") {
      pattern.at_end = true;
      continue;
    }
    if (pattern.at_end) return PatternError(text, "'$' not last");
    if (item == "[") {
      open_span = true;
      continue;
    }
    if (item == "]") {
      if (pattern.elements.empty()) return PatternError(text, "']' first");
      pattern.elements.back().span_end = true;
      continue;
    }
    PatternElement element;
    element.span_begin = open_span;
    open_span = false;
    if (item.front() == '~') {
      int n = 0;
      if (item.size() != 2 || !absl::SimpleAtoi(item.substr(1), &n) || n < 1) {
        return PatternError(text, absl::StrCat("bad gap ", item));
      }
      element.any = true;
      element.min = 0;
      element.max = static_cast<uint8_t>(n);
    } else {
      if (item.size() > 1 && item.back() == '?') {
        element.min = 0;
        item.remove_suffix(1);
      } else if (item.size() > 1 && item.back() == '*') {
        element.min = 0;
        element.max = 3;
        item.remove_suffix(1);
      }
      if (item.size() > 1 && item.front() == '!') {
        element.negate = true;
        item.remove_prefix(1);
      }
      if (absl::Status s = CompileElement(item, &element); !s.ok()) {
        return PatternError(text, s.message());
      }
    }
    pattern.elements.push_back(std::move(element));
  }
  if (pattern.elements.empty()) return PatternError(text, "empty");
  if (pattern.elements.size() > 24) return PatternError(text, "too long");
  // Anchor: the required, specific element expected to occur least often in
  // prose (rare words beat common words beat large classes), so sentences
  // without it are never matched at all.
  int anchor = -1;
  int best_cost = 0;
  for (size_t i = 0; i < pattern.elements.size(); ++i) {
    const PatternElement& e = pattern.elements[i];
    if (e.min < 1 || e.any || e.any_word || e.negate ||
        (e.words.empty() && e.classes == 0)) {
      continue;
    }
    const int cost = ElementCost(e);
    if (anchor < 0 || cost < best_cost) {
      anchor = static_cast<int>(i);
      best_cost = cost;
    }
  }
  if (anchor < 0) {
    return PatternError(text, "needs a required word or class");
  }
  for (size_t i = 0; i < pattern.elements.size(); ++i) {
    const PatternElement& e = pattern.elements[i];
    if (e.min >= 1 && !e.any && !e.any_word && !e.negate && !e.comma) {
      pattern.required.push_back(static_cast<int>(i));
    }
  }
  int prefix = 0;
  for (int i = 0; i < anchor; ++i) prefix += pattern.elements[i].max;
  pattern.max_prefix = prefix;
  pattern.anchor = anchor;
  const int index = static_cast<int>(patterns_.size());
  const PatternElement& a = pattern.elements[anchor];
  // The cue: the first required literal, else the first required element.
  pattern.cue = pattern.required.empty() ? anchor : pattern.required.front();
  for (size_t i = 0; i < pattern.elements.size(); ++i) {
    const PatternElement& e = pattern.elements[i];
    if (e.min >= 1 && !e.any && !e.any_word && !e.negate &&
        !e.words.empty()) {
      pattern.cue = static_cast<int>(i);
      break;
    }
  }
  // Only enabled rules' patterns are anchored: allow phrases and "unless"
  // patterns run only in sentences where a rule matched.
  for (uint32_t id : a.words) {
    if (rule >= 0) word_anchors_[id].push_back({index, prefix});
  }
  for (int bit = 0; bit < kMaxClasses && rule >= 0; ++bit) {
    if (a.classes & (uint64_t{1} << bit)) {
      class_anchors_[bit].push_back({index, prefix});
      anchor_classes_ |= uint64_t{1} << bit;
    }
  }
  patterns_.push_back(std::move(pattern));
  return index;
}

absl::StatusOr<std::unique_ptr<const CompiledLexicon>> CompiledLexicon::Compile(
    const v1::BlameLexicon& default_lexicon, const v1::BlameOptions& options) {
  v1::BlameLexicon lexicon;
  if (options.replace_default_lexicon()) {
    lexicon = options.lexicon();
  } else {
    lexicon = default_lexicon;
    Merge(options.lexicon(), &lexicon);
  }
  std::unique_ptr<CompiledLexicon> out(new CompiledLexicon());
  out->version_ = lexicon.version();
  out->words_.emplace_back();  // Id 0: not a word.
  out->word_classes_.push_back(0);
  out->word_hashes_.push_back(0);
  out->word_anchors_.emplace_back();
  if (options.min_confidence() < 0 || options.min_confidence() > 1) {
    return absl::InvalidArgumentError("min_confidence must be within [0, 1]");
  }
  if (options.include_hints()) {
    out->min_confidence_ = 0.0;
  } else if (options.min_confidence() > 0) {
    out->min_confidence_ = options.min_confidence();
  }

  // Word classes. A word "<name>" includes another class (or the built-in
  // <person_name>): members of that class are members of this one.
  out->class_names_.push_back("person_name");
  for (const v1::BlameWordClass& word_class : lexicon.word_classes()) {
    if (word_class.name().empty()) {
      return absl::InvalidArgumentError("word class without a name");
    }
    if (std::find(out->class_names_.begin(), out->class_names_.end(),
                  word_class.name()) != out->class_names_.end()) {
      return absl::InvalidArgumentError(
          absl::StrCat("word class <", word_class.name(), "> defined twice"));
    }
    if (out->class_names_.size() >= kMaxClasses) {
      return absl::InvalidArgumentError(
          absl::StrCat("more than ", kMaxClasses - 1, " word classes"));
    }
    out->class_names_.push_back(word_class.name());
  }
  std::vector<uint64_t> includes(out->class_names_.size(), 0);
  for (int c = 0; c < lexicon.word_classes_size(); ++c) {
    const v1::BlameWordClass& word_class = lexicon.word_classes(c);
    const size_t index = static_cast<size_t>(c) + 1;
    const uint64_t bit = uint64_t{1} << index;
    for (const std::string& raw : word_class.words()) {
      if (raw.size() > 2 && raw.front() == '<' && raw.back() == '>') {
        absl::string_view name = absl::string_view(raw).substr(1, raw.size() - 2);
        auto it = std::find(out->class_names_.begin(), out->class_names_.end(),
                            name);
        if (it == out->class_names_.end()) {
          return absl::InvalidArgumentError(
              absl::StrCat("word class <", word_class.name(),
                           "> includes unknown class ", raw));
        }
        includes[index] |= uint64_t{1} << (it - out->class_names_.begin());
        continue;
      }
      std::string word = NormalizeWord(raw);
      if (word.empty() || word.size() > kMaxWordBytes ||
          word.find(' ') != std::string::npos) {
        return absl::InvalidArgumentError(absl::StrCat(
            "word class <", word_class.name(), ">: bad word \"", raw,
            "\" (one token, 1-", kMaxWordBytes, " bytes)"));
      }
      if (word.size() > 1 && word.back() == '*') {
        word.pop_back();
        out->prefixes_.emplace_back(word, bit);
        continue;
      }
      uint32_t id = out->InternWord(word);
      out->word_classes_[id] |= bit;
    }
  }
  // Close the inclusions: a member of an included class gets the bit too.
  out->includes_ = includes;
  for (uint32_t id = 1; id < out->word_classes_.size(); ++id) {
    out->word_classes_[id] = out->ExpandClasses(out->word_classes_[id]);
  }
  for (auto& [prefix, classes] : out->prefixes_) {
    classes = out->ExpandClasses(classes);
  }
  out->person_classes_ =
      out->ExpandClasses(uint64_t{1} << kPersonNameClass);
  // Merge prefixes with the same text.
  std::sort(out->prefixes_.begin(), out->prefixes_.end());

  absl::flat_hash_set<std::string> disabled_rules(
      options.disabled_rules().begin(), options.disabled_rules().end());
  absl::flat_hash_set<int> disabled_categories(
      options.disabled_categories().begin(),
      options.disabled_categories().end());
  // The lexicon's own unless patterns apply to every rule.
  std::vector<int> lexicon_unless;
  for (const std::string& text : lexicon.unless_sentence()) {
    absl::StatusOr<int> p = out->CompilePattern(text, -1);
    if (!p.ok()) {
      return absl::InvalidArgumentError(
          absl::StrCat("lexicon unless: ", p.status().message()));
    }
    lexicon_unless.push_back(*p);
  }
  absl::flat_hash_set<std::string> ids;
  for (const v1::BlameRule& rule : lexicon.rules()) {
    if (rule.id().empty()) return absl::InvalidArgumentError("rule without id");
    if (!ids.insert(rule.id()).second) {
      return absl::InvalidArgumentError(
          absl::StrCat("rule \"", rule.id(), "\" defined twice"));
    }
    if (rule.categories().empty() || rule.patterns().empty()) {
      return absl::InvalidArgumentError(absl::StrCat(
          "rule \"", rule.id(), "\" needs categories and patterns"));
    }
    if (rule.confidence() < 0 || rule.confidence() > 1) {
      return absl::InvalidArgumentError(absl::StrCat(
          "rule \"", rule.id(), "\": confidence must be within [0, 1]"));
    }
    CompiledRule compiled;
    for (int c : rule.categories()) {
      if (c <= 0 || !v1::BlameCategory_IsValid(c)) {
        return absl::InvalidArgumentError(
            absl::StrCat("rule \"", rule.id(), "\": bad category ", c));
      }
      if (!disabled_categories.contains(c)) {
        compiled.categories.push_back(static_cast<v1::BlameCategory>(c));
      }
    }
    // Compile even disabled rules so errors surface the same way.
    const bool enabled = !disabled_rules.contains(rule.id()) &&
                         !compiled.categories.empty() &&
                         rule.confidence() >= out->min_confidence_;
    const int rule_index = enabled ? static_cast<int>(out->rules_.size()) : -2;
    std::vector<int> patterns;
    for (const std::string& text : rule.patterns()) {
      absl::StatusOr<int> p = out->CompilePattern(text, rule_index);
      if (!p.ok()) {
        return absl::InvalidArgumentError(
            absl::StrCat("rule \"", rule.id(), "\": ", p.status().message()));
      }
    }
    for (const std::string& text : rule.unless_sentence()) {
      absl::StatusOr<int> p = out->CompilePattern(text, -1);
      if (!p.ok()) {
        return absl::InvalidArgumentError(
            absl::StrCat("rule \"", rule.id(), "\": unless: ",
                         p.status().message()));
      }
      compiled.unless.push_back(*p);
    }
    compiled.unless.insert(compiled.unless.end(), lexicon_unless.begin(),
                           lexicon_unless.end());
    if (!enabled) continue;
    compiled.id = rule.id();
    compiled.explanation = rule.explanation();
    compiled.suggestion = rule.suggestion();
    compiled.confidence = rule.confidence();
    compiled.question_only = rule.question_only();
    out->rules_.push_back(std::move(compiled));
  }
  // Allow phrases: literal token sequences, tokenized like the text.
  std::vector<std::string> phrases(lexicon.allow_phrases().begin(),
                                   lexicon.allow_phrases().end());
  phrases.insert(phrases.end(), options.allow_phrases().begin(),
                 options.allow_phrases().end());
  for (const std::string& phrase : phrases) {
    std::string pattern;
    Tokenizer tokenizer(phrase, /*markdown=*/false);
    RawToken token;
    char lower_buffer[kMaxLowerBytes];
    for (tokenizer.Next(&token); token.kind != TokenKind::kEnd;
         tokenizer.Next(&token)) {
      if (token.kind != TokenKind::kWord) continue;
      absl::string_view lower = token.simple
                                    ? AsciiLowerToken(token.text, lower_buffer)
                                    : token.lower;
      if (!lower.empty()) {
        absl::StrAppend(&pattern, pattern.empty() ? "" : " ", lower);
      }
    }
    if (pattern.empty()) continue;
    absl::StatusOr<int> p = out->CompilePattern(pattern, -1);
    if (!p.ok()) {
      return absl::InvalidArgumentError(
          absl::StrCat("allow phrase \"", phrase, "\": ", p.status().message()));
    }
    out->allow_patterns_.push_back(*p);
  }
  for (const std::string& name : options.person_names()) {
    AddPersonName(name, &out->person_names_);
  }
  out->prefilter_ = SentencePrefilter::Build(*out);
  return std::unique_ptr<const CompiledLexicon>(std::move(out));
}

}  // namespace pmkit::blame_internal

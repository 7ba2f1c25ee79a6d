#include "src/validate/text.h"

#include <cstring>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"

namespace pmkit::validate_internal {
namespace {

bool IsWordChar(char c) {
  return absl::ascii_isalnum(c) || (static_cast<unsigned char>(c) >= 0x80);
}

absl::string_view Trim(absl::string_view text) {
  return absl::StripAsciiWhitespace(text);
}

// `needle` at `pos` of `text` is a whole word (or phrase).
bool WordAt(absl::string_view text, size_t pos, size_t length) {
  if (pos > 0 && IsWordChar(text[pos - 1])) return false;
  const size_t end = pos + length;
  return end >= text.size() || !IsWordChar(text[end]);
}

bool ContainsWordAt(absl::string_view text, absl::string_view word) {
  for (size_t pos = text.find(word); pos != absl::string_view::npos;
       pos = text.find(word, pos + 1)) {
    if (WordAt(text, pos, word.size())) return true;
  }
  return false;
}

// First word of a lowercased title, and what follows.
absl::string_view FirstWord(absl::string_view text) {
  size_t end = 0;
  while (end < text.size() && IsWordChar(text[end])) ++end;
  return text.substr(0, end);
}

int CountWords(absl::string_view text) {
  int words = 0;
  bool in_word = false;
  for (char c : text) {
    const bool w = !absl::ascii_isspace(c);
    if (w && !in_word) ++words;
    in_word = w;
  }
  return words;
}

bool HasDigit(absl::string_view text) {
  for (char c : text) {
    if (absl::ascii_isdigit(c)) return true;
  }
  return false;
}

bool StartsWithPhrase(absl::string_view lower, absl::string_view phrase) {
  return absl::StartsWith(lower, phrase) &&
         (lower.size() == phrase.size() || !IsWordChar(lower[phrase.size()]));
}

const std::vector<std::string>& InvestigateVerbs() {
  static const auto* verbs = new std::vector<std::string>{
      "investigate", "look into", "research", "explore", "dig into",
      "analyse",     "analyze",   "understand", "figure out", "find out"};
  return *verbs;
}

const std::vector<std::string>& QuestionWords() {
  static const auto* words = new std::vector<std::string>{
      "why", "whether", "how", "what", "which", "if", "when", "where", "who"};
  return *words;
}

const std::vector<std::string>& UnboundedPhrases() {
  static const auto* phrases = new std::vector<std::string>{
      "never happens again", "never happen again", "never again",
      "never occurs again",  "all issues",         "all problems",
      "all bugs",            "all errors",         "everything",
      "any future",          "at all times",       "100% reliable"};
  return *phrases;
}

const std::vector<std::string>& CarePhrases() {
  static const auto* phrases = new std::vector<std::string>{
      "be more careful", "more careful",     "be careful",
      "more carefully",  "pay attention",    "pay more attention",
      "double-check",    "double check",     "be vigilant",
      "more vigilant",   "more diligent",    "remember to",
      "take more care",  "be more cautious", "more attentive"};
  return *phrases;
}

const std::vector<std::string>& HumanErrorPhrases() {
  static const auto* phrases = new std::vector<std::string>{
      "human error",   "operator error", "user error",  "engineer error",
      "pilot error",   "human mistake",  "careless",    "carelessness",
      "negligence",    "negligent",      "fat finger",  "fat-finger",
      "fat-fingered",  "human failure"};
  return *phrases;
}

bool AsciiDigits(absl::string_view s) {
  if (s.empty()) return false;
  for (char c : s) {
    if (!absl::ascii_isdigit(c)) return false;
  }
  return true;
}

}  // namespace

bool IsBlank(absl::string_view text) {
  for (char c : text) {
    if (!absl::ascii_isspace(c)) return false;
  }
  return true;
}

const std::vector<std::string>& BuiltinPlaceholders() {
  static const auto* words = new std::vector<std::string>{
      "tbd", "todo", "fixme", "tbc", "xxx", "lorem ipsum", "placeholder",
      "fill in", "fill me in", "to be determined", "to be decided"};
  return *words;
}

const std::vector<std::string>& BuiltinVagueVerbs() {
  static const auto* verbs = new std::vector<std::string>{
      "improve",  "enhance", "optimize", "optimise", "better",
      "revisit",  "consider", "look at",  "work on",  "think about",
      "address",  "clean up", "harden",   "strengthen"};
  return *verbs;
}

absl::string_view FindPlaceholder(
    absl::string_view text, const std::vector<std::string>& placeholders) {
  const absl::string_view trimmed = Trim(text);
  if (trimmed.empty()) return {};
  for (const std::string& word : placeholders) {
    if (trimmed.size() < word.size()) continue;
    // Prefix ("TBD: owner") or suffix ("Owner: TBD") as whole words.
    if (absl::EqualsIgnoreCase(trimmed.substr(0, word.size()), word) &&
        (trimmed.size() == word.size() ||
         !IsWordChar(trimmed[word.size()]))) {
      return word;
    }
    const size_t start = trimmed.size() - word.size();
    if (absl::EqualsIgnoreCase(trimmed.substr(start), word) &&
        (start == 0 || !IsWordChar(trimmed[start - 1]))) {
      return word;
    }
  }
  // Capitals mid-sentence ("owner is TBD, due next week"): 'T' and 'F' are
  // rare enough in prose for memchr to skip most of the text.
  for (const char* caps : {"TBD", "TODO"}) {
    if (ContainsWordAt(trimmed, caps)) return caps;
  }
  if (ContainsWordAt(trimmed, "FIXME")) return "FIXME";
  return {};
}

void LowerInto(absl::string_view text, std::string* out) {
  out->resize(text.size());
  for (size_t i = 0; i < text.size(); ++i) {
    (*out)[i] = absl::ascii_tolower(static_cast<unsigned char>(text[i]));
  }
}

absl::string_view FindPhrase(absl::string_view lower,
                             const std::vector<std::string>& phrases) {
  for (const std::string& phrase : phrases) {
    if (ContainsWordAt(lower, phrase)) return phrase;
  }
  return {};
}

Wording AnalyseWording(absl::string_view title, absl::string_view description,
                       const std::vector<std::string>& vague_verbs,
                       std::string* scratch) {
  Wording result;
  LowerInto(Trim(title), scratch);
  const absl::string_view lower = *scratch;
  for (const std::string& verb : vague_verbs) {
    if (StartsWithPhrase(lower, verb)) {
      if (!HasDigit(lower)) result.vague_verb = verb;
      break;
    }
  }
  result.too_short = !lower.empty() && CountWords(lower) < 3;
  for (const std::string& verb : InvestigateVerbs()) {
    if (!StartsWithPhrase(lower, verb)) continue;
    absl::string_view rest =
        absl::StripLeadingAsciiWhitespace(lower.substr(verb.size()));
    const absl::string_view next = FirstWord(rest);
    bool question = lower.find('?') != absl::string_view::npos ||
                    description.find('?') != absl::string_view::npos;
    for (const std::string& w : QuestionWords()) {
      if (next == w) question = true;
    }
    result.investigate_without_question = !question;
    break;
  }
  for (const std::string& phrase : UnboundedPhrases()) {
    if (ContainsWordAt(lower, phrase)) {
      result.unbounded = phrase;
      break;
    }
  }
  result.care = FindPhrase(lower, CarePhrases());
  if (result.care.empty() && !description.empty()) {
    LowerInto(description, scratch);
    result.care = FindPhrase(*scratch, CarePhrases());
  }
  return result;
}

absl::string_view FindHumanError(absl::string_view text,
                                 std::string* scratch) {
  if (text.empty()) return {};
  LowerInto(text, scratch);
  return FindPhrase(*scratch, HumanErrorPhrases());
}

bool ContainsWord(absl::string_view text, absl::string_view name) {
  if (name.empty()) return false;
  return ContainsWordAt(text, name);
}

SourceTime ClassifySourceTime(absl::string_view text) {
  SourceTime result;
  const absl::string_view t = Trim(text);
  // Epoch seconds (Slack's "1710454181.002300"): a full UTC instant.
  {
    const size_t dot = t.find('.');
    absl::string_view whole = t.substr(0, dot);
    absl::string_view frac =
        dot == absl::string_view::npos ? "0" : t.substr(dot + 1);
    if (whole.size() >= 9 && AsciiDigits(whole) && AsciiDigits(frac)) {
      result.clock = result.date = result.zone = true;
      return result;
    }
  }
  size_t clock_end = absl::string_view::npos;
  for (size_t i = 1; i + 2 < t.size(); ++i) {
    if (t[i] == ':' && absl::ascii_isdigit(t[i - 1]) &&
        absl::ascii_isdigit(t[i + 1]) && absl::ascii_isdigit(t[i + 2])) {
      result.clock = true;
      clock_end = i + 3;
      // Skip seconds and fractions.
      while (clock_end < t.size() &&
             (absl::ascii_isdigit(t[clock_end]) || t[clock_end] == ':' ||
              t[clock_end] == '.' || t[clock_end] == ',')) {
        ++clock_end;
      }
      break;
    }
  }
  // Dates: 2024-03-14, 14.03.2024, 3/14/24, or a month name.
  for (size_t i = 0; i + 4 < t.size() && !result.date; ++i) {
    if (absl::ascii_isdigit(t[i]) && (t[i + 1] == '-' || t[i + 2] == '-' ||
                                      t[i + 1] == '/' || t[i + 2] == '/' ||
                                      t[i + 1] == '.' || t[i + 2] == '.')) {
      size_t sep = t[i + 1] == '-' || t[i + 1] == '/' || t[i + 1] == '.'
                       ? i + 1
                       : i + 2;
      if (sep + 1 < t.size() && absl::ascii_isdigit(t[sep + 1]) &&
          absl::ascii_isdigit(t[sep - 1])) {
        // Needs a second separator of the same kind to be a date.
        const char s = t[sep];
        size_t j = sep + 1;
        while (j < t.size() && absl::ascii_isdigit(t[j])) ++j;
        if (j + 1 < t.size() && t[j] == s && absl::ascii_isdigit(t[j + 1])) {
          result.date = true;
        }
      }
    }
  }
  if (!result.date) {
    static constexpr const char* kMonths[] = {"jan", "feb", "mar", "apr",
                                              "may", "jun", "jul", "aug",
                                              "sep", "oct", "nov", "dec"};
    for (size_t i = 0; i + 3 <= t.size() && !result.date; ++i) {
      if (i > 0 && absl::ascii_isalpha(t[i - 1])) continue;
      for (const char* month : kMonths) {
        if (absl::EqualsIgnoreCase(t.substr(i, 3), month)) {
          result.date = true;
          break;
        }
      }
    }
  }
  if (!result.clock) return result;
  // Zone after the clock: Z, +01:00, +0100, UTC, CET, Europe/Berlin.
  absl::string_view rest = t.substr(clock_end);
  rest = absl::StripLeadingAsciiWhitespace(rest);
  if (!rest.empty()) {
    const char c = rest[0];
    if ((c == 'Z' || c == 'z') && (rest.size() == 1 || !IsWordChar(rest[1]))) {
      result.zone = true;
    } else if ((c == '+' || c == '-') && rest.size() >= 3 &&
               absl::ascii_isdigit(rest[1]) && absl::ascii_isdigit(rest[2])) {
      result.zone = true;
    }
  }
  if (!result.zone) {
    // A word of 2-5 capitals ending in T (UTC, GMT, CET, CEST, PDT) or an
    // IANA name anywhere.
    size_t i = 0;
    while (i < t.size()) {
      size_t j = i;
      while (j < t.size() && absl::ascii_isupper(t[j])) ++j;
      const size_t len = j - i;
      if (len >= 2 && len <= 5 &&
          (t[j - 1] == 'T' || t.substr(i, len) == "UTC") &&
          (i == 0 || !IsWordChar(t[i - 1])) &&
          (j == t.size() || !IsWordChar(t[j]))) {
        result.zone = true;
        break;
      }
      i = j + 1;
    }
    const size_t slash = t.find('/');
    if (!result.zone && slash != absl::string_view::npos && slash > 0 &&
        slash + 1 < t.size() && absl::ascii_isupper(t[slash + 1]) &&
        absl::ascii_isalpha(t[slash - 1])) {
      result.zone = true;
    }
  }
  return result;
}

}  // namespace pmkit::validate_internal

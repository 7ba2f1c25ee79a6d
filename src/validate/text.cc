#include "src/validate/text.h"

#include <algorithm>
#include <cstring>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "absl/base/config.h"
#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "src/validate/epoch_seconds.h"

namespace pmkit::validate_internal {
namespace {

bool IsWordChar(char c) {
  return absl::ascii_isalnum(c) || (static_cast<unsigned char>(c) >= 0x80);
}

}  // namespace

absl::string_view TrimSpaceSlow(absl::string_view text) {
  const char* begin = text.data();
  const char* end = begin + text.size();
  while (begin < end && IsAsciiSpace(*begin)) ++begin;
  while (end > begin && IsAsciiSpace(end[-1])) --end;
  return absl::string_view(begin, static_cast<size_t>(end - begin));
}

namespace {

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

bool HasDigit(absl::string_view text) {
  for (char c : text) {
    if (absl::ascii_isdigit(c)) return true;
  }
  return false;
}

const PhraseSet& InvestigateVerbs() {
  static const auto* verbs = new PhraseSet(std::vector<std::string>{
      "investigate", "look into", "research", "explore", "dig into",
      "analyse",     "analyze",   "understand", "figure out", "find out"});
  return *verbs;
}

const PhraseSet& QuestionWords() {
  static const auto* words = new PhraseSet(std::vector<std::string>{
      "why", "whether", "how", "what", "which", "if", "when", "where", "who"});
  return *words;
}

const std::vector<std::string>& UnboundedList() {
  static const auto* phrases = new std::vector<std::string>{
      "never happens again", "never happen again", "never again",
      "never occurs again",  "all issues",         "all problems",
      "all bugs",            "all errors",         "everything",
      "any future",          "at all times",       "100% reliable"};
  return *phrases;
}

const std::vector<std::string>& CareList() {
  static const auto* phrases = new std::vector<std::string>{
      "be more careful", "more careful",     "be careful",
      "more carefully",  "pay attention",    "pay more attention",
      "double-check",    "double check",     "be vigilant",
      "more vigilant",   "more diligent",    "remember to",
      "take more care",  "be more cautious", "more attentive"};
  return *phrases;
}

const PhraseSet& CarePhrases() {
  static const auto* phrases = new PhraseSet(CareList());
  return *phrases;
}

// Unbounded and care phrases together, so a title is scanned once: indices
// below UnboundedList().size() are unbounded promises.
const PhraseSet& TitlePhrases() {
  static const auto* phrases = [] {
    std::vector<std::string> all = UnboundedList();
    all.insert(all.end(), CareList().begin(), CareList().end());
    return new PhraseSet(std::move(all));
  }();
  return *phrases;
}

const PhraseSet& HumanErrorPhrases() {
  static const auto* phrases = new PhraseSet(std::vector<std::string>{
      "human error",   "operator error", "user error",  "engineer error",
      "pilot error",   "human mistake",  "careless",    "carelessness",
      "negligence",    "negligent",      "fat finger",  "fat-finger",
      "fat-fingered",  "human failure"});
  return *phrases;
}

}  // namespace

bool IsBlank(absl::string_view text) {
  for (char c : text) {
    if (!IsAsciiSpace(c)) return false;
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

PhraseSet::PhraseSet(std::vector<std::string> phrases) {
  for (std::string& phrase : phrases) {
    phrase = absl::AsciiStrToLower(absl::StripAsciiWhitespace(phrase));
    if (phrase.empty() || phrases_.size() >= 0xFFFF) continue;
    buckets_[static_cast<unsigned char>(phrase[0])].push_back(
        static_cast<uint16_t>(phrases_.size()));
    // The first (up to) four bytes as one word: letters compared with their
    // case bit (0x20) forced on, other bytes exactly.
    Prefix prefix;
    for (size_t k = 0; k < 4 && k < phrase.size(); ++k) {
      const unsigned char c = static_cast<unsigned char>(phrase[k]);
      const uint32_t shift = 8 * static_cast<uint32_t>(k);
      prefix.value |= uint32_t{c} << shift;
      prefix.mask |= uint32_t{0xFF} << shift;
      if (c >= 'a' && c <= 'z') prefix.fold |= uint32_t{0x20} << shift;
    }
    prefixes_.push_back(prefix);
    const unsigned char first = static_cast<unsigned char>(phrase[0]);
    // Its first two bytes; every second byte when it is one byte long.
    for (int next = 0; next < 256; ++next) {
      if (phrase.size() == 1 ||
          static_cast<unsigned char>(phrase[1]) == static_cast<unsigned char>(
                                                       absl::ascii_tolower(next))) {
        const uint32_t key = BigramKey(first, static_cast<unsigned char>(next));
        bigrams_[key >> 6] |= uint64_t{1} << (key & 63);
      }
    }
    phrases_.push_back(std::move(phrase));
  }
  quad_filter_ = !phrases_.empty();
  for (const std::string& phrase : phrases_) {
    if (phrase.size() < 4) quad_filter_ = false;
  }
  if (quad_filter_) {
    for (const std::string& phrase : phrases_) {
      const uint32_t key = QuadKey(phrase.data());
      quads_[key >> 6] |= uint64_t{1} << (key & 63);
    }
  }
}

namespace {

// ASCII letters and digits, and every byte of a multi-byte UTF-8 sequence.
struct CharTables {
  bool word[256];
  char lower[256];
  // For the phrase scan: bit 6 the word flag, bits 0-5 the low bits of the
  // lowercase byte (PhraseSet::BigramKey's half).
  uint8_t scan[256];
  CharTables() {
    for (int c = 0; c < 256; ++c) {
      word[c] = IsWordChar(static_cast<char>(c));
      lower[c] = absl::ascii_tolower(static_cast<unsigned char>(c));
      scan[c] = static_cast<uint8_t>((word[c] ? 64 : 0) |
                                     (static_cast<unsigned char>(lower[c]) & 63));
    }
  }
};
const CharTables kChars;

inline bool Word(char c) { return kChars.word[static_cast<unsigned char>(c)]; }

// `p` (at least lower.size() bytes) equals `lower` ignoring ASCII case.
inline bool EqualsLower(const char* p, const std::string& lower) {
  for (size_t k = 0; k < lower.size(); ++k) {
    if (kChars.lower[static_cast<unsigned char>(p[k])] != lower[k]) return false;
  }
  return true;
}

// Up to four bytes at `p` (fewer when `available` is less), zero-padded.
inline uint32_t Load4(const char* p, size_t available) {
  const auto* u = reinterpret_cast<const unsigned char*>(p);
  if (available >= 4) {
    return uint32_t{u[0]} | uint32_t{u[1]} << 8 | uint32_t{u[2]} << 16 |
           uint32_t{u[3]} << 24;
  }
  uint32_t word = 0;
  {
    for (size_t k = 0; k < available; ++k) {
      word |= uint32_t{static_cast<unsigned char>(p[k])} << (8 * k);
    }
  }
  return word;
}

// Eight bytes at `p` (fewer when `available` is less, zero-padded: a zero
// byte is no word byte) with p[0] in the low byte.
inline uint64_t Load8(const char* p, size_t available) {
  uint64_t word = 0;
  if (available >= 8) {
    std::memcpy(&word, p, 8);  // One load (a variable size calls memcpy).
#ifdef ABSL_IS_BIG_ENDIAN
    word = __builtin_bswap64(word);
#endif
    return word;
  }
  // A text's last few bytes, in four-, two- and one-byte pieces.
  const auto* u = reinterpret_cast<const unsigned char*>(p);
  size_t k = 0;
  if (available & 4) {
    word = uint64_t{u[0]} | uint64_t{u[1]} << 8 | uint64_t{u[2]} << 16 |
           uint64_t{u[3]} << 24;
    k = 4;
  }
  if (available & 2) {
    word |= (uint64_t{u[k]} | uint64_t{u[k + 1]} << 8) << (8 * k);
    k += 2;
  }
  if (available & 1) word |= uint64_t{u[k]} << (8 * k);
  return word;
}

#if !defined(__SSE2__)
// Bit 7 of each byte of `x` set where that byte is a word byte (IsWordChar:
// an ASCII letter or digit, or any byte >= 0x80). Below 0x80 the sums
// cannot carry into the next byte, so each byte's bit 7 says whether it
// reached a bound: digits are >= '0' and not >= ':', letters (case folded
// to lowercase) >= 'a' and not >= '{'.
inline uint64_t WordBytes(uint64_t x) {
  constexpr uint64_t kOnes = 0x0101010101010101ull;
  constexpr uint64_t kHigh = kOnes * 0x80;
  const uint64_t ascii = x & ~kHigh;
  const uint64_t digit =
      (ascii + kOnes * (0x80 - '0')) & ~(ascii + kOnes * (0x80 - ':'));
  const uint64_t folded = ascii | kOnes * 0x20;
  const uint64_t letter =
      (folded + kOnes * (0x80 - 'a')) & ~(folded + kOnes * (0x80 - '{'));
  return (x | digit | letter) & kHigh;
}
#endif

// Bit i set where byte i of the sixteen at `p` (fewer when `available` is
// less; the missing ones count as no word byte) is a word byte. With SSE2
// (every x86-64) sixteen bytes take a few vector compares and one movemask,
// against two rounds of WordBytes; elsewhere WordBytes's bit 7s are gathered
// into one byte by a multiplication (each byte's bit lands on a distinct bit
// of the top byte, no carries).
#if defined(__SSE2__)
// The sixteen bytes at `p`, or the `available` ones (fewer) zero-padded.
ABSL_ATTRIBUTE_ALWAYS_INLINE inline __m128i Load16(const char* p,
                                                   size_t available) {
  if (available >= 16) {
    return _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
  }
  const uint64_t lo = Load8(p, available < 8 ? available : 8);
  const uint64_t hi = available > 8 ? Load8(p + 8, available - 8) : 0;
  return _mm_set_epi64x(static_cast<long long>(hi), static_cast<long long>(lo));
}
#endif

ABSL_ATTRIBUTE_ALWAYS_INLINE inline uint32_t WordMask16(const char* p,
                                                        size_t available) {
#if defined(__SSE2__)
  const __m128i v = Load16(p, available);
  // Signed compares: bytes >= 0x80 are negative, so below every bound.
  const __m128i high = _mm_cmplt_epi8(v, _mm_setzero_si128());
  const __m128i digit =
      _mm_and_si128(_mm_cmpgt_epi8(v, _mm_set1_epi8('0' - 1)),
                    _mm_cmplt_epi8(v, _mm_set1_epi8('9' + 1)));
  const __m128i folded = _mm_or_si128(v, _mm_set1_epi8(0x20));
  const __m128i letter =
      _mm_and_si128(_mm_cmpgt_epi8(folded, _mm_set1_epi8('a' - 1)),
                    _mm_cmplt_epi8(folded, _mm_set1_epi8('z' + 1)));
  return static_cast<uint32_t>(
      _mm_movemask_epi8(_mm_or_si128(high, _mm_or_si128(digit, letter))));
#else
  auto gather = [](uint64_t bytes) {
    return static_cast<uint32_t>(((bytes >> 7) * 0x0102040810204080ull) >> 56);
  };
  const uint64_t lo = WordBytes(Load8(p, available < 8 ? available : 8));
  const uint64_t hi =
      available > 8 ? WordBytes(Load8(p + 8, available - 8)) : 0;
  return gather(lo) | gather(hi) << 8;
#endif
}

// Bit i set where byte i of the sixteen at `p` (fewer when `available` is
// less; the missing ones count as space) is not ASCII whitespace
// (IsAsciiSpace).
ABSL_ATTRIBUTE_ALWAYS_INLINE inline uint32_t NonSpaceMask16(const char* p,
                                                            size_t available) {
  const uint32_t valid = available >= 16 ? 0xFFFFu : (1u << available) - 1;
#if defined(__SSE2__)
  const __m128i v = Load16(p, available);
  // Signed compares: bytes >= 0x80 are negative, so never in '\t'..'\r'.
  const __m128i space =
      _mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8(' ')),
                   _mm_and_si128(_mm_cmpgt_epi8(v, _mm_set1_epi8('\t' - 1)),
                                 _mm_cmplt_epi8(v, _mm_set1_epi8('\r' + 1))));
  return ~static_cast<uint32_t>(_mm_movemask_epi8(space)) & valid;
#else
  uint32_t mask = 0;
  for (size_t i = 0; i < 16 && i < available; ++i) {
    if (!IsAsciiSpace(p[i])) mask |= 1u << i;
  }
  return mask & valid;
#endif
}

}  // namespace

int PhraseSet::MatchAt(const char* p, const char* end) const {
  const std::vector<uint16_t>& bucket = buckets_[static_cast<unsigned char>(
      kChars.lower[static_cast<unsigned char>(*p)])];
  if (bucket.empty()) return -1;
  const uint32_t head = Load4(p, static_cast<size_t>(end - p));
  for (uint16_t index : bucket) {
    const Prefix& prefix = prefixes_[index];
    if (((head | prefix.fold) & prefix.mask) != prefix.value) continue;
    const std::string& phrase = phrases_[index];
    const size_t size = phrase.size();
    if (static_cast<size_t>(end - p) < size) continue;
    size_t k = 4;
    while (k < size &&
           kChars.lower[static_cast<unsigned char>(p[k])] == phrase[k]) {
      ++k;
    }
    if (k < size) continue;
    if (p + size == end || !Word(p[size]) || !Word(phrase.back())) {
      return index;
    }
  }
  return -1;
}

template <bool kQuad>
ABSL_ATTRIBUTE_ALWAYS_INLINE inline int PhraseSet::Scan(absl::string_view text,
                                                        size_t* pos) const {
  const char* const begin = text.data();
  const char* p = begin + std::min(*pos, text.size());
  const char* const end = begin + text.size();
  // Sixteen bytes at a time: their word starts (the scan's first position
  // counts as one) come out of WordMask16's mask, and only those are looked
  // up, about one byte in five in prose. A word start is a candidate when
  // its first bytes may be a phrase's (the quad or bigram filter, which
  // passes few words and so rarely mispredicts) before the phrases are
  // compared exactly (MatchAt, out of line so the loop keeps its state in
  // registers).
  uint32_t previous = 0;  // 1: the byte before the block is a word byte.
  for (; p < end; p += 16) {
    const size_t available = static_cast<size_t>(end - p);
    // A short last block of a text of sixteen bytes or more: the text's last
    // sixteen bytes, shifted, instead of a load assembled piece by piece.
    const uint32_t word = available < 16 && end - begin >= 16
                              ? WordMask16(end - 16, 16) >> (16 - available)
                              : WordMask16(p, available);
    uint32_t word_starts = word & ~((word << 1) | previous);
    previous = word >> 15;
    if (kQuad && available < 19) {
      // Every phrase has four bytes or more: a word start with fewer left
      // cannot match. Dropping those here, once per block, lets every
      // remaining start load its four bytes untested.
      word_starts &= available < 4 ? 0 : (1u << (available - 3)) - 1;
    }
    for (; word_starts != 0; word_starts &= word_starts - 1) {
      const char* const at = p + __builtin_ctz(word_starts);
      if (kQuad) {
        const uint32_t quad = QuadKey(at);
        if (((quads_[quad >> 6] >> (quad & 63)) & 1) == 0) continue;
      } else {
        const uint32_t next =
            at + 1 < end ? kChars.scan[static_cast<unsigned char>(at[1])] : 0;
        const uint32_t key =
            ((kChars.scan[static_cast<unsigned char>(*at)] & 63) << 6) |
            (next & 63);
        if (((bigrams_[key >> 6] >> (key & 63)) & 1) == 0) continue;
      }
      const int index = MatchAt(at, end);
      if (index >= 0) {
        *pos = static_cast<size_t>(at - begin) + 1;
        return index;
      }
    }
  }
  *pos = text.size();
  return -1;
}

int PhraseSet::FindNext(absl::string_view text, size_t* pos) const {
  return quad_filter_ ? Scan<true>(text, pos) : Scan<false>(text, pos);
}

absl::string_view PhraseSet::Find(absl::string_view text) const {
  size_t pos = 0;
  const int index = FindNext(text, &pos);
  return index < 0 ? absl::string_view() : absl::string_view(phrases_[index]);
}

absl::string_view PhraseSet::MatchPrefix(absl::string_view text) const {
  if (text.empty()) return {};
  for (uint16_t index :
       buckets_[static_cast<unsigned char>(
           kChars.lower[static_cast<unsigned char>(text[0])])]) {
    const std::string& phrase = phrases_[index];
    if (text.size() < phrase.size()) continue;
    if ((text.size() == phrase.size() || !Word(text[phrase.size()])) &&
        EqualsLower(text.data(), phrase)) {
      return phrase;
    }
  }
  return {};
}

PlaceholderSet::PlaceholderSet(std::vector<std::string> words) {
  for (std::string& word : words) {
    word = absl::AsciiStrToLower(absl::StripAsciiWhitespace(word));
    if (word.empty()) continue;
    const unsigned char f = word.front(), l = word.back();
    const unsigned char uf = static_cast<unsigned char>(absl::ascii_toupper(f));
    const unsigned char ul = static_cast<unsigned char>(absl::ascii_toupper(l));
    first_[f] = first_[uf] = true;
    last_[l] = last_[ul] = true;
    if (words_.size() < 64) {
      const uint64_t bit = uint64_t{1} << words_.size();
      starting_[f] |= bit;
      starting_[uf] |= bit;
      ending_[l] |= bit;
      ending_[ul] |= bit;
      if (word.size() == 1) {
        for (int b = 0; b < 256; ++b) {
          second_[b] |= bit;
          penultimate_[b] |= bit;
        }
      } else {
        const unsigned char s = word[1], p = word[word.size() - 2];
        second_[s] |= bit;
        second_[static_cast<unsigned char>(absl::ascii_toupper(s))] |= bit;
        penultimate_[p] |= bit;
        penultimate_[static_cast<unsigned char>(absl::ascii_toupper(p))] |= bit;
      }
    }
    words_.push_back(std::move(word));
  }
}

namespace {

// "TBD" or "TODO" in capitals as a whole word whose 'D' is `d`, at least
// two bytes into `t`; or "".
inline absl::string_view CapitalsEndingAt(absl::string_view t, const char* d) {
  const char* const p = d - 2;
  if (p[0] != 'T') return {};
  const size_t pos = static_cast<size_t>(p - t.data());
  if (p[1] == 'B' && WordAt(t, pos, 3)) return "TBD";
  if (p[1] == 'O' && t.data() + t.size() - d >= 2 && d[1] == 'O' &&
      WordAt(t, pos, 4)) {
    return "TODO";
  }
  return {};
}

// Capitals mid-sentence ("owner is TBD, due next week"): the first "TBD" or
// "TODO" of `t` as a whole word, or "". Both words have a 'D' two bytes
// after their 'T', and a capital D is much rarer in prose than a capital T
// (which starts many sentences), so the scan finds each 'D' and checks the
// two bytes before it: the 'D's are visited in order, so the first word
// found is the first in the text.
absl::string_view FindCapitals(absl::string_view t) {
  const char* const begin = t.data();
  const char* const end = begin + t.size();
#if defined(__SSE2__)
  if (t.size() >= 16 && t.size() <= 64) {
    // Most strings of a document (event texts, titles, short prose) are a
    // few dozen bytes: their 'D's come out of four sixteen-byte compares at
    // fixed offsets (the later ones clamped to the text's last sixteen
    // bytes, so a shorter text repeats a block), without a branch on the
    // length, where memchr's call and its length tests (mispredicted, as
    // lengths vary from string to string) cost more than the search.
    const __m128i capital_d = _mm_set1_epi8('D');
    const size_t last = t.size() - 16;
    auto block = [&](size_t offset) {
      const __m128i v =
          _mm_loadu_si128(reinterpret_cast<const __m128i*>(begin + offset));
      return static_cast<uint64_t>(static_cast<uint32_t>(
                 _mm_movemask_epi8(_mm_cmpeq_epi8(v, capital_d))))
             << offset;
    };
    uint64_t ds = block(0) | block(std::min<size_t>(16, last)) |
                  block(std::min<size_t>(32, last)) |
                  block(std::min<size_t>(48, last));
    ds &= ~uint64_t{3};  // A 'D' needs the two bytes before it.
    for (; ds != 0; ds &= ds - 1) {
      const absl::string_view word =
          CapitalsEndingAt(t, begin + __builtin_ctzll(ds));
      if (!word.empty()) return word;
    }
    return {};
  }
#endif
  for (const char* d = begin + std::min<size_t>(2, t.size());
       (d = static_cast<const char*>(std::memchr(d, 'D', end - d))) != nullptr;
       ++d) {
    const absl::string_view word = CapitalsEndingAt(t, d);
    if (!word.empty()) return word;
  }
  return {};
}

}  // namespace

absl::string_view PlaceholderSet::FindTrimmed(absl::string_view trimmed) const {
  if (trimmed.empty()) return {};
  const unsigned char front = static_cast<unsigned char>(trimmed.front());
  const unsigned char back = static_cast<unsigned char>(trimmed.back());
  // A placeholder as a prefix ("TBD: owner") or suffix ("Owner: TBD"), as
  // whole words; the word-boundary test first, as it rejects almost every
  // text.
  auto placeholder_at_edge = [&](const std::string& word) {
    if (trimmed.size() < word.size()) return false;
    if (first_[front] &&
        (trimmed.size() == word.size() || !Word(trimmed[word.size()])) &&
        EqualsLower(trimmed.data(), word)) {
      return true;
    }
    const size_t start = trimmed.size() - word.size();
    return last_[back] && (start == 0 || !Word(trimmed[start - 1])) &&
           EqualsLower(trimmed.data() + start, word);
  };
  if (words_.size() <= 64) {
    // Only the words that start with the text's first two bytes or end with
    // its last two, in list order (the first match wins, as in the loop
    // below). Computed for every text, with no test of the first and last
    // bytes alone ahead of it: many texts start with a placeholder's first
    // letter ('T', 'F', 'P'), so that test was mispredicted about one text
    // in two, and the candidates are empty for nearly all of them.
    // A one-byte text matches only one-byte words, which every second_ and
    // penultimate_ entry holds, so its own byte serves as the index.
    const size_t last = trimmed.size() - 1;
    const unsigned char second =
        static_cast<unsigned char>(trimmed[last > 0 ? 1 : 0]);
    const unsigned char penultimate =
        static_cast<unsigned char>(trimmed[last > 0 ? last - 1 : 0]);
    for (uint64_t candidates = (starting_[front] & second_[second]) |
                               (ending_[back] & penultimate_[penultimate]);
         candidates != 0; candidates &= candidates - 1) {
      const std::string& word = words_[__builtin_ctzll(candidates)];
      if (placeholder_at_edge(word)) return word;
    }
  } else if (first_[front] || last_[back]) {
    for (const std::string& word : words_) {
      if (placeholder_at_edge(word)) return word;
    }
  }
  return FindCapitals(trimmed);
}

namespace {

// Counts whitespace-separated words, stopping at `limit`. From sixteen-byte
// masks of the non-space bytes (as the phrase scan's word masks, and with
// its short-last-block read): a byte-by-byte walk tested each byte's class
// and a word's start, mispredicting at the irregular word lengths.
int CountWords(absl::string_view text, int limit) {
  const char* const begin = text.data();
  const char* const end = begin + text.size();
  int words = 0;
  uint32_t previous = 0;  // 1: the byte before the block is not a space.
  for (const char* p = begin; p < end; p += 16) {
    const size_t available = static_cast<size_t>(end - p);
    const uint32_t solid =
        available < 16 && text.size() >= 16
            ? NonSpaceMask16(end - 16, 16) >> (16 - available)
            : NonSpaceMask16(p, available);
    for (uint32_t starts = solid & ~((solid << 1) | previous); starts != 0;
         starts &= starts - 1) {
      if (++words >= limit) return words;
    }
    previous = solid >> 15;
  }
  return words;
}

}  // namespace

Wording AnalyseWording(absl::string_view title, absl::string_view description,
                       const PhraseSet& vague_verbs) {
  Wording result;
  const absl::string_view t = TrimSpace(title);
  const absl::string_view vague = vague_verbs.MatchPrefix(t);
  if (!vague.empty() && !HasDigit(t)) result.vague_verb = vague;
  result.too_short = !t.empty() && CountWords(t, 3) < 3;
  const absl::string_view investigate = InvestigateVerbs().MatchPrefix(t);
  if (!investigate.empty()) {
    const absl::string_view rest =
        absl::StripLeadingAsciiWhitespace(t.substr(investigate.size()));
    bool question = t.find('?') != absl::string_view::npos ||
                    description.find('?') != absl::string_view::npos ||
                    !QuestionWords().MatchPrefix(rest).empty();
    result.investigate_without_question = !question;
  }
  const int unbounded_count = static_cast<int>(UnboundedList().size());
  const PhraseSet& title_phrases = TitlePhrases();
  size_t pos = 0;
  for (int index = title_phrases.FindNext(t, &pos); index >= 0;
       index = title_phrases.FindNext(t, &pos)) {
    absl::string_view& slot =
        index < unbounded_count ? result.unbounded : result.care;
    if (slot.empty()) slot = title_phrases.phrases()[index];
    if (!result.unbounded.empty() && !result.care.empty()) break;
  }
  if (result.care.empty()) result.care = CarePhrases().Find(description);
  return result;
}

absl::string_view FindHumanError(absl::string_view text) {
  return HumanErrorPhrases().Find(text);
}

bool ContainsWord(absl::string_view text, absl::string_view name) {
  if (name.empty()) return false;
  return ContainsWordAt(text, name);
}

NameSet::NameSet(std::vector<absl::string_view> names)
    : names_(std::move(names)) {
  // Keys of the first byte over the index, so that a plain integer sort
  // orders them (and equal first bytes keep the index order).
  if (names_.size() > kMaxIndexed) return;  // Mark tests each name.
  by_first_.reserve(names_.size());
  for (size_t i = 0; i < names_.size(); ++i) {
    if (names_[i].empty()) continue;
    by_first_.push_back(uint32_t{static_cast<unsigned char>(names_[i][0])}
                            << 24 |
                        static_cast<uint32_t>(i));
  }
  std::sort(by_first_.begin(), by_first_.end());
  for (size_t k = by_first_.size(); k-- > 0;) {  // Backwards: the first wins.
    const uint32_t c = by_first_[k] >> 24;
    first_[c] = static_cast<uint32_t>(k);
    starts_[c >> 6] |= uint64_t{1} << (c & 63);
  }
}

void NameSet::Mark(absl::string_view text, std::vector<bool>* found) const {
  found->assign(names_.size(), false);
  if (names_.size() > kMaxIndexed) {
    for (size_t i = 0; i < names_.size(); ++i) {
      (*found)[i] = ContainsWord(text, names_[i]);
    }
    return;
  }
  const char* const begin = text.data();
  const char* const end = begin + text.size();
  // The positions after a byte that is no word byte (and the first), from
  // the phrase scan's word masks sixteen bytes at a time; of those, only
  // the ones whose byte starts a name are compared. A byte-by-byte walk
  // tested both conditions at every byte, and mispredicted them.
  uint32_t previous = 0;  // 1: the byte before the block is a word byte.
  for (const char* p = begin; p < end; p += 16) {
    const size_t available = static_cast<size_t>(end - p);
    const uint32_t word = available < 16 && text.size() >= 16
                              ? WordMask16(end - 16, 16) >> (16 - available)
                              : WordMask16(p, available);
    uint32_t after_boundary =
        ~((word << 1) | previous) &
        (available >= 16 ? 0xFFFFu : (1u << available) - 1);
    previous = (word >> 15) & 1;
    for (; after_boundary != 0; after_boundary &= after_boundary - 1) {
      const char* const at = p + __builtin_ctz(after_boundary);
      const unsigned char c = static_cast<unsigned char>(*at);
      if (((starts_[c >> 6] >> (c & 63)) & 1) == 0) continue;
      const size_t pos = static_cast<size_t>(at - begin);
      for (size_t k = first_[c];
           k < by_first_.size() && by_first_[k] >> 24 == c; ++k) {
        const uint32_t index = by_first_[k] & 0xFFFFFF;
        const absl::string_view name = names_[index];
        if (text.size() - pos >= name.size() &&
            std::memcmp(at, name.data(), name.size()) == 0 &&
            WordAt(text, pos, name.size())) {
          (*found)[index] = true;
        }
      }
    }
  }
}

namespace {

// The number of ASCII digits `text` starts with: eight bytes at a time
// while eight remain (as WordBytes: below 0x80 a byte is a digit when it
// reaches '0' and not ':'), then byte by byte.
inline size_t LeadingDigits(absl::string_view text) {
  constexpr uint64_t kOnes = 0x0101010101010101ull;
  constexpr uint64_t kHigh = kOnes * 0x80;
  size_t digits = 0;
  while (text.size() - digits >= 8) {
    const uint64_t x = Load8(text.data() + digits, 8);
    const uint64_t ascii = x & ~kHigh;
    const uint64_t digit = (ascii + kOnes * (0x80 - '0')) &
                           ~(ascii + kOnes * (0x80 - ':')) & ~x & kHigh;
    const uint64_t other = ~digit & kHigh;
    if (other != 0) return digits + (__builtin_ctzll(other) >> 3);
    digits += 8;
  }
  while (digits < text.size() && absl::ascii_isdigit(text[digits])) ++digits;
  return digits;
}

// What a trimmed source time that is not epoch seconds carries: the scans
// for a clock, a date and a zone, kept out of ClassifySourceTime so that the
// common epoch case does not pay this larger function's register saves.
ABSL_ATTRIBUTE_NOINLINE SourceTime ClassifyFormatted(absl::string_view t);

}  // namespace

// Out of line (declared in epoch_seconds.h): a loop the inline test should
// not carry into its callers.
bool IsEpochSecondsLong(absl::string_view t) {
  const size_t digits = LeadingDigits(t);
  return digits >= 9 &&
         (digits == t.size() ||
          (t[digits] == '.' && digits + 1 < t.size() &&
           LeadingDigits(t.substr(digits + 1)) == t.size() - digits - 1));
}

SourceTime ClassifySourceTime(absl::string_view text) {
  const absl::string_view t = TrimSpace(text);
  if (IsEpochSeconds(t)) {
    SourceTime result;
    result.clock = result.date = result.zone = true;
    return result;
  }
  return ClassifyFormatted(t);
}

namespace {

SourceTime ClassifyFormatted(absl::string_view t) {
  SourceTime result;
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

}  // namespace

}  // namespace pmkit::validate_internal

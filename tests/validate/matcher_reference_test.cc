// The compiled text matchers (PhraseSet's filtered scan and prefix
// compare, PlaceholderSet's candidate bit sets) against plain reference
// implementations of the same definitions, on random texts built from phrase
// fragments in mixed case, punctuation, digits and UTF-8: every answer must
// be the same, so the speed-ups change no finding.
#include <cstring>
#include <random>
#include <string>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/escaping.h"
#include "absl/strings/string_view.h"
#include "gtest/gtest.h"
#include "src/validate/text.h"

namespace pmkit::validate_internal {
namespace {

bool RefWord(char c) {
  return absl::ascii_isalnum(c) || static_cast<unsigned char>(c) >= 0x80;
}

bool RefEqualsLower(absl::string_view text, size_t at, const std::string& lower) {
  if (text.size() - at < lower.size()) return false;
  for (size_t k = 0; k < lower.size(); ++k) {
    if (absl::ascii_tolower(static_cast<unsigned char>(text[at + k])) != lower[k]) {
      return false;
    }
  }
  return true;
}

// The definition: at the scan start and at each later word start, the first
// phrase (in list order) that follows, as a whole word when it ends in one.
int RefFindNext(const std::vector<std::string>& phrases, absl::string_view text,
                size_t* pos) {
  for (size_t p = std::min(*pos, text.size()); p < text.size(); ++p) {
    if (!RefWord(text[p])) continue;
    if (p > *pos && RefWord(text[p - 1])) continue;
    for (size_t i = 0; i < phrases.size(); ++i) {
      const std::string& phrase = phrases[i];
      if (!RefEqualsLower(text, p, phrase)) continue;
      const size_t end = p + phrase.size();
      if (end == text.size() || !RefWord(text[end]) || !RefWord(phrase.back())) {
        *pos = p + 1;
        return static_cast<int>(i);
      }
    }
  }
  *pos = text.size();
  return -1;
}

absl::string_view RefPlaceholder(const std::vector<std::string>& words,
                                 absl::string_view text) {
  const absl::string_view t = absl::StripAsciiWhitespace(text);
  if (t.empty()) return {};
  for (const std::string& word : words) {
    if (t.size() < word.size()) continue;
    if ((t.size() == word.size() || !RefWord(t[word.size()])) &&
        RefEqualsLower(t, 0, word)) {
      return word;
    }
    const size_t start = t.size() - word.size();
    if ((start == 0 || !RefWord(t[start - 1])) && RefEqualsLower(t, start, word)) {
      return word;
    }
  }
  for (size_t p = 0; p < t.size(); ++p) {
    for (absl::string_view caps : {absl::string_view("TBD"), absl::string_view("TODO")}) {
      if (t.substr(p, caps.size()) == caps && (p == 0 || !RefWord(t[p - 1])) &&
          (p + caps.size() == t.size() || !RefWord(t[p + caps.size()]))) {
        return caps;
      }
    }
  }
  return {};
}

std::string RandomText(std::mt19937& random, const std::vector<std::string>& pieces) {
  static const char* const kExtra[] = {" ",  "  ", ",",  ".", "-", "?", "\t", "é",
                                       "Ü", "1",  "x",  "TBD", "TODO", "T", "a", "%"};
  std::string out;
  const int n = static_cast<int>(random() % 9);
  for (int i = 0; i < n; ++i) {
    std::string piece = random() % 2 ? pieces[random() % pieces.size()]
                                     : kExtra[random() % (sizeof(kExtra) / sizeof(kExtra[0]))];
    if (random() % 3 == 0) piece = absl::AsciiStrToUpper(piece);
    if (random() % 4 == 0 && !piece.empty()) piece = piece.substr(0, random() % piece.size());
    out += piece;
    if (random() % 2) out += ' ';
  }
  return out;
}

// Up to 39 bytes of `pieces` (one pick in `piece_one_in`) and single bytes
// of `edges` (the other picks): byte classes at the boundaries of the
// matchers' tables, at every alignment.
std::string EdgeText(std::mt19937& random, const std::vector<std::string>& pieces,
                     absl::string_view edges, int piece_one_in) {
  std::string text;
  const int length = static_cast<int>(random() % 40);
  while (static_cast<int>(text.size()) < length) {
    if (random() % piece_one_in == 0) {
      text += pieces[random() % pieces.size()];
    } else {
      text += edges[random() % edges.size()];
    }
  }
  return text;
}

std::vector<std::string> Lowered(std::vector<std::string> words) {
  for (std::string& w : words) w = absl::AsciiStrToLower(absl::StripAsciiWhitespace(w));
  return words;
}

// Up to four successive matches of `set` in `text` from `start` equal the
// reference's over the lower-cased phrases.
void ExpectSameMatches(const PhraseSet& set, const std::vector<std::string>& lower,
                       const std::string& text, size_t start) {
  size_t pos = start;
  size_t ref_pos = start;
  for (int step = 0; step < 4; ++step) {
    const int got = set.FindNext(text, &pos);
    const int want = RefFindNext(lower, text, &ref_pos);
    ASSERT_EQ(got, want) << "\"" << text << "\"";
    ASSERT_EQ(pos, ref_pos) << "\"" << text << "\"";
    if (got < 0) break;
  }
}

TEST(ValidateMatcherReferenceTest, PhraseSetAgreesWithReference) {
  std::vector<std::string> phrases = BuiltinVagueVerbs();
  for (const char* extra : {"never happens again", "all issues", "100% reliable",
                            "be more careful", "double-check", "x", "a b", "é"}) {
    phrases.push_back(extra);
  }
  const PhraseSet set(phrases);
  const std::vector<std::string> lower = Lowered(phrases);
  std::mt19937 random(17);
  for (int round = 0; round < 20000; ++round) {
    const std::string text = RandomText(random, lower);
    const size_t start = random() % 3 == 0 ? random() % (text.size() + 1) : 0;
    ASSERT_NO_FATAL_FAILURE(ExpectSameMatches(set, lower, text, start));
  }
}

// The scan classifies eight bytes at a time with integer arithmetic instead
// of a table: texts of the bytes at the edges of the word classes ('/', '0',
// '9', ':', '@', 'A', 'Z', '[', '`', 'a', 'z', '{', 0x7F, 0x80, 0xFF, NUL)
// mixed with phrase pieces, at every alignment and length up to a few
// blocks, must give the reference's answers.
TEST(ValidateMatcherReferenceTest, PhraseSetAgreesWithReferenceOnEdgeBytes) {
  const std::vector<std::string> phrases = {
      "improve", "look at", "all bugs", "100% reliable", "x",
      "a b",     "é",       "z9",       "@home"};
  const PhraseSet set(phrases);
  const std::vector<std::string> lower = Lowered(phrases);
  static const char kEdges[] = {'/',    '0',  '9', ':', '@', 'A',    'Z',
                                '[',    '`',  'a', 'z', '{', '\x7f', '\x80',
                                '\xff', '\0', ' ', 'X', 'B'};
  std::mt19937 random(29);
  for (int round = 0; round < 20000; ++round) {
    const std::string text =
        EdgeText(random, lower, absl::string_view(kEdges, sizeof(kEdges)), 4);
    const size_t start = random() % 3 == 0 ? random() % (text.size() + 1) : 0;
    ASSERT_NO_FATAL_FAILURE(ExpectSameMatches(set, lower, text, start));
  }
}

TEST(ValidateMatcherReferenceTest, PlaceholderSetAgreesWithReference) {
  std::vector<std::string> words = BuiltinPlaceholders();
  words.push_back("N/A");
  words.push_back("é");
  const PlaceholderSet set(words);
  const std::vector<std::string> lower = Lowered(words);
  std::mt19937 random(23);
  for (int round = 0; round < 20000; ++round) {
    const std::string text = RandomText(random, lower);
    ASSERT_EQ(set.Find(text), RefPlaceholder(lower, text)) << "\"" << text << "\"";
  }
}

// With every phrase four bytes or longer PhraseSet filters word starts by
// their first four bytes alone (case-folded and hashed), after dropping the
// starts less than four bytes before the text's end: the built-in scanned
// sets' kind of list, on random texts and on the edge bytes, at every
// alignment, including words that share a phrase's first two or three
// letters, texts that end less than four bytes after a word start, and
// phrases (or their first few bytes) ending each text of up to 70 bytes.
TEST(ValidateMatcherReferenceTest,
     PhraseSetWithLongPhrasesAgreesWithReference) {
  const std::vector<std::string> phrases = {"never happens again",
                                            "all issues",
                                            "everything",
                                            "any future",
                                            "at all times",
                                            "100% reliable",
                                            "be careful",
                                            "pay attention",
                                            "double-check",
                                            "remember to",
                                            "human error",
                                            "fat-finger",
                                            "careless",
                                            "Négligence",
                                            "@home",
                                            "oops"};
  const PhraseSet set(phrases);
  const std::vector<std::string> lower = Lowered(phrases);
  std::vector<std::string> pieces = lower;
  for (const char* near : {"remove", "pay", "ever", "all", "any", "at all",
                           "care", "humans", "fat", "neve", "100", "doubl"}) {
    pieces.push_back(near);
  }
  static const char kEdges[] = {'/',    '0',  '9', ':', '@', 'A',    'Z',
                                '[',    '`',  'a', 'z', '{', '\x7f', '\x80',
                                '\xff', '\0', ' ', '-', '%', '\xc3', '\xa9'};
  std::mt19937 random(31);
  for (int round = 0; round < 20000; ++round) {
    const std::string text =
        round % 2 == 0
            ? RandomText(random, pieces)
            : EdgeText(random, pieces, absl::string_view(kEdges, sizeof(kEdges)), 3);
    const size_t start = random() % 3 == 0 ? random() % (text.size() + 1) : 0;
    ASSERT_NO_FATAL_FAILURE(ExpectSameMatches(set, lower, text, start));
  }
  for (size_t length = 0; length <= 70; ++length) {
    for (const std::string& piece : pieces) {
      for (size_t cut = 0; cut <= piece.size(); ++cut) {
        const std::string tail = piece.substr(0, cut);
        if (tail.size() > length) continue;
        std::string text;
        while (text.size() + tail.size() < length) {
          text += random() % 3 == 0 ? ' ' : kEdges[random() % sizeof(kEdges)];
        }
        text += tail;
        ASSERT_NO_FATAL_FAILURE(ExpectSameMatches(set, lower, text, 0));
      }
    }
  }
}

// ClassifySourceTime tests an epoch time of up to 32 bytes on a bit mask of
// its digits from overlapping loads of its first and last bytes, and counts
// a longer one's digits eight at a time: over digits, '.', spaces and a few
// other bytes (no ':', so only epoch seconds carry a clock), at every length
// around the eight- and sixteen-byte loads and past 32, and with one byte
// (a '.' or another) at every position of a run of digits, a clock is found
// exactly for epoch seconds (at least nine digits, then nothing or a '.' and
// one or more digits), and then with a date and a zone.
TEST(ValidateMatcherReferenceTest, EpochSourceTimesAgreeWithReference) {
  auto ref_epoch = [](absl::string_view t) {
    t = absl::StripAsciiWhitespace(t);
    size_t digits = 0;
    while (digits < t.size() && absl::ascii_isdigit(t[digits])) ++digits;
    if (digits < 9) return false;
    if (digits == t.size()) return true;
    if (t[digits] != '.' || digits + 1 == t.size()) return false;
    for (size_t i = digits + 1; i < t.size(); ++i) {
      if (!absl::ascii_isdigit(t[i])) return false;
    }
    return true;
  };
  static const char kBytes[] = {'0', '1',    '5',    '9',  '.', ' ', '/',
                                'a', '\x80', '\xff', '\0', '8', '3'};
  auto expect_same = [&](const std::string& text) {
    const SourceTime got = ClassifySourceTime(text);
    const bool want = ref_epoch(text);
    ASSERT_EQ(got.clock, want) << "\"" << text << "\"";
    if (want) {
      ASSERT_TRUE(got.date && got.zone) << "\"" << text << "\"";
    }
  };
  for (size_t length = 0; length <= 40; ++length) {
    const std::string digits(length, '7');
    ASSERT_NO_FATAL_FAILURE(expect_same(digits));
    for (size_t at = 0; at < length; ++at) {
      for (char c : {'.', 'x', '/', ' ', '\x80'}) {
        std::string text = digits;
        text[at] = c;
        ASSERT_NO_FATAL_FAILURE(expect_same(text));
        text[length - 1 - (at * 7) % length] = '.';
        ASSERT_NO_FATAL_FAILURE(expect_same(text));
      }
    }
  }
  std::mt19937 random(37);
  for (int round = 0; round < 20000; ++round) {
    std::string text;
    const int length = static_cast<int>(random() % 41);
    const bool mostly_digits = random() % 2 == 0;
    for (int i = 0; i < length; ++i) {
      text += mostly_digits && random() % 8 != 0
                  ? static_cast<char>('0' + random() % 10)
                  : kBytes[random() % sizeof(kBytes)];
    }
    ASSERT_NO_FATAL_FAILURE(expect_same(text));
  }
}

// PlaceholderSet filters its candidates by a text's first two and last two
// bytes: one-byte words (which have no second byte) and texts of one to
// three bytes, in either case, must still match as the reference does.
TEST(ValidateMatcherReferenceTest, PlaceholderSetAgreesOnShortWordsAndTexts) {
  std::vector<std::string> words = BuiltinPlaceholders();
  for (const char* extra : {"x", "?", "N/A", "é", "ab", "ba"}) {
    words.push_back(extra);
  }
  const PlaceholderSet set(words);
  const std::vector<std::string> lower = Lowered(words);
  static const char kBytes[] = {'x', 'X', '?', 'a',    'A',   'b',
                                'B', 'n', '/', ' ',    'T',   'B',
                                'D', 'O', '1', '\xc3', '\xa9'};
  std::mt19937 random(29);
  for (int round = 0; round < 20000; ++round) {
    std::string text;
    const int n = 1 + static_cast<int>(random() % 4);
    for (int i = 0; i < n; ++i) text += kBytes[random() % sizeof(kBytes)];
    ASSERT_EQ(set.Find(text), RefPlaceholder(lower, text))
        << "\"" << text << "\"";
    const std::string longer = RandomText(random, lower);
    ASSERT_EQ(set.Find(longer), RefPlaceholder(lower, longer))
        << "\"" << longer << "\"";
  }
}

// The capitals scan reads texts of 16 to 64 bytes as four sixteen-byte
// blocks at clamped offsets and longer or shorter ones with memchr: "TBD",
// "TODO" and near misses at every position of texts of every length up to
// 80 bytes, in filler of 'D's, 'T's, letters and spaces, must give the
// reference's answer.
TEST(ValidateMatcherReferenceTest, PlaceholderCapitalsAtEveryPosition) {
  const std::vector<std::string> words = BuiltinPlaceholders();
  const PlaceholderSet set(words);
  const std::vector<std::string> lower = Lowered(words);
  static const char kFiller[] = {'D', 'T', 'B', 'O', 'x', ' ', ' ', 'a', '.'};
  std::mt19937 random(43);
  for (size_t length = 0; length <= 80; ++length) {
    for (const char* piece :
         {"TBD", "TODO", "TOD", "TBDx", "xTODO", "DD", "T D"}) {
      const size_t size = std::strlen(piece);
      for (size_t at = 0; at + size <= length; ++at) {
        std::string text;
        for (size_t i = 0; i < length; ++i) {
          // Mostly letters and spaces; a 'D' or 'T' now and then.
          text += random() % 4 == 0 ? kFiller[random() % sizeof(kFiller)]
                                    : "abc "[random() % 4];
        }
        text.replace(at, size, piece);
        ASSERT_EQ(set.Find(text), RefPlaceholder(lower, text))
            << "\"" << text << "\"";
      }
    }
  }
}

// AnalyseWording counts a title's words (up to three, for too_short) from
// sixteen-byte masks of its non-space bytes: over every ASCII space byte,
// bytes next to them in value, UTF-8 and letters, at every length up to 70
// bytes, too_short must be what a byte-by-byte count gives.
TEST(ValidateMatcherReferenceTest, TitleWordCountAgreesWithReference) {
  const PhraseSet vague(BuiltinVagueVerbs());
  auto ref_too_short = [](absl::string_view title) {
    const absl::string_view t = absl::StripAsciiWhitespace(title);
    int words = 0;
    bool in_word = false;
    for (char c : t) {
      const bool w = !absl::ascii_isspace(static_cast<unsigned char>(c));
      if (w && !in_word) ++words;
      in_word = w;
    }
    return !t.empty() && words < 3;
  };
  static const char kBytes[] = {' ',    '\t',   '\n',   '\v', '\f', '\r',
                                '\x08', '\x0e', '\x1f', '!',  'a',  'Z',
                                '\x80', '\xa0', '\xff', '\0', 'x',  'y'};
  std::mt19937 random(47);
  for (int round = 0; round < 40000; ++round) {
    std::string title;
    const size_t length = random() % 71;
    const bool sparse = random() % 2 == 0;  // Long words, few spaces.
    for (size_t i = 0; i < length; ++i) {
      title +=
          sparse && random() % 6 != 0 ? 'w' : kBytes[random() % sizeof(kBytes)];
    }
    ASSERT_EQ(AnalyseWording(title, "", vague).too_short, ref_too_short(title))
        << "\"" << absl::CEscape(title) << "\"";
  }
}

// TrimSpace passes a text untested when both edge bytes are above ' ': with
// every byte value at either edge (and every pair of one- and two-byte
// texts), it returns the view absl::StripAsciiWhitespace does.
TEST(ValidateMatcherReferenceTest, TrimSpaceAgreesWithStripAsciiWhitespace) {
  auto expect_same = [](const std::string& text) {
    const absl::string_view got = TrimSpace(text);
    const absl::string_view want = absl::StripAsciiWhitespace(text);
    ASSERT_EQ(got.data(), want.data()) << "\"" << absl::CEscape(text) << "\"";
    ASSERT_EQ(got.size(), want.size()) << "\"" << absl::CEscape(text) << "\"";
  };
  ASSERT_NO_FATAL_FAILURE(expect_same(""));
  for (int a = 0; a < 256; ++a) {
    for (int b = 0; b < 256; ++b) {
      const char x = static_cast<char>(a), y = static_cast<char>(b);
      ASSERT_NO_FATAL_FAILURE(expect_same(std::string(1, x)));
      ASSERT_NO_FATAL_FAILURE(expect_same(std::string{x, y}));
      ASSERT_NO_FATAL_FAILURE(expect_same(std::string{x, 'm', ' ', 'n', y}));
      ASSERT_NO_FATAL_FAILURE(expect_same(std::string{x, ' ', '\t', y}));
    }
  }
}

// NameSet visits the positions after a non-word byte (from the phrase
// scan's sixteen-byte word masks) whose byte starts a name: random texts of
// names and fragments, and texts of the word classes' edge bytes mixed with
// names at every alignment over a few blocks, must mark exactly the names
// ContainsWord finds.
TEST(ValidateMatcherReferenceTest, NameSetAgreesWithContainsWord) {
  const std::vector<std::string> people = {
      "Zoë Achterberg", "Zoë",   "zoe.a", "Marcus", "marcus", "Mar", "José",
      "jose.ferreira",  "-dash", "a b",   "x",      "\xa9x",  "9z",  "Ü"};
  const NameSet set(
      std::vector<absl::string_view>(people.begin(), people.end()));
  static const char kEdges[] = {'/',    '0',  '9', ':', '@', 'A',    'Z',
                                '[',    '`',  'a', 'z', '{', '\x7f', '\x80',
                                '\xff', '\0', ' ', '-', 'x', '\xc3', '\xa9'};
  std::mt19937 random(31);
  std::vector<bool> found;
  for (int round = 0; round < 40000; ++round) {
    std::string text =
        round % 2 == 0 ? RandomText(random, people)
                       : EdgeText(random, people,
                                  absl::string_view(kEdges, sizeof(kEdges)), 3);
    if (round % 5 == 0)
      text += EdgeText(random, people,
                       absl::string_view(kEdges, sizeof(kEdges)), 2);
    set.Mark(text, &found);
    ASSERT_EQ(found.size(), people.size());
    for (size_t i = 0; i < people.size(); ++i) {
      ASSERT_EQ(found[i], ContainsWord(text, people[i]))
          << "\"" << text << "\" name \"" << people[i] << "\"";
    }
  }
}

}  // namespace
}  // namespace pmkit::validate_internal

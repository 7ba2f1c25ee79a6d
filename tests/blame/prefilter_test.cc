// The blame scan's fast paths must not change what it finds: the hashing
// tokenizer against its copying path, the prefiltered scan (quiet-text pass,
// sentence prefilter, live patterns) against the full scan, over the
// project's own sentences, its docs and randomised text built to hit the
// corners (contractions, curly quotes, handles, URLs, Markdown, non-ASCII,
// long words, sentences longer than a chunk).
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <memory>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "absl/container/flat_hash_set.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "google/protobuf/text_format.h"
#include "gtest/gtest.h"
#include "pmkit/blame.h"
#include "src/blame/ascii_scan.h"
#include "src/blame/compiled_lexicon.h"
#include "src/blame/quiet_text.h"
#include "src/blame/text_scanner.h"
#include "src/blame/tokenizer.h"
#include "src/blame/word_hash.h"
#include "src/io/utf8.h"

namespace pmkit::blame_internal {
namespace {

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

// "text" fields of a JSONL file of labelled sentences.
std::vector<std::string> JsonlTexts(const std::string& path) {
  std::vector<std::string> texts;
  std::istringstream lines(ReadFile(path));
  std::string line;
  while (std::getline(lines, line)) {
    size_t t = line.find("\"text\": \"");
    size_t e = line.find("\", \"blameful\"");
    if (t == std::string::npos || e == std::string::npos) continue;
    texts.push_back(line.substr(t + 9, e - t - 9));
  }
  return texts;
}

// Words of the default lexicon: class members and the literal words of
// patterns, so random text is dense in cues.
std::vector<std::string> LexiconWords() {
  std::vector<std::string> words;
  const v1::BlameLexicon& lexicon = DefaultBlameLexicon();
  for (const auto& c : lexicon.word_classes()) {
    for (const std::string& w : c.words()) {
      if (!w.empty() && w[0] != '<') words.push_back(w);
    }
  }
  for (const auto& rule : lexicon.rules()) {
    for (const std::string& pattern : rule.patterns()) {
      for (absl::string_view item : absl::StrSplit(pattern, ' ')) {
        for (absl::string_view w : absl::StrSplit(item, '|')) {
          while (!w.empty() && (w.back() == '?' || w.back() == '*')) {
            w.remove_suffix(1);
          }
          if (w.empty() || std::string("<~[]^$!,").find(w[0]) != std::string::npos) {
            continue;
          }
          words.emplace_back(w);
        }
      }
    }
  }
  return words;
}

std::string RandomText(uint32_t seed, int words) {
  static const std::vector<std::string>* lexicon =
      new std::vector<std::string>(LexiconWords());
  static const char* const kCommon[] = {
      "the", "a", "to", "of", "in", "on", "and", "not", "is", "was", "it",
      "we", "they", "he", "she", "who", "why", "if", "had", "have", "did",
      "should", "could", "failed", "deploy", "engineer", "team", "service",
      "on-call", "alert", "config", "runbook", "Quinlan", "Mireille"};
  static const char* const kSpecial[] = {
      "didn't", "Didn't", "can't", "won't", "shan't", "should've", "it's",
      "He's", "they're", "we'll", "I'd", "I'm", "o'brien", "O\xE2\x80\x99" "Brien",
      "didn\xE2\x80\x99t", "Knight's", "engineers'", "'s", "n't", "'", "\xE2\x80\x99",
      "o'neil's", "y'all'd", "couldn't've", "he'S", "can'T", "x't", "'em",
      "@kai", "kai@", "kai@example.com", "@", "a@b", "http://x.com/a.b",
      "https://y.org/the-wrong?x=1", "http:/", "see-http://x", "Zo\xC3\xAB",
      "caf\xC3\xA9", "\xE4\xB8\xAD\xE6\x96\x87", "\xC2\xA0", "\xE2\x80\x94",
      "\xE2\x80\x93", "\xE2\x80\x9Cquoted\xE2\x80\x9D", "\xE2\x80\xA6", "9.6",
      "e.g.", "v1.2.3", "fat-fingered", "double-check", "a/b", "x--y", "-",
      "(", ")", ",", ";", ":", "14:02", ".", "...", "?", "!", "\n", "\n\n",
      "\n \n", "\r\n", "\t", "`code`", "`", "```", "~~~", "<b>", "</b>", "<x",
      "[link](http://z)", "](", "]", "# ", "- ", "* ", "> ", "| ", "1. ",
      "  - ", "THE", "Rhys", "_under", "a_b",
      "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"};
  std::mt19937 rng(seed);
  std::string out;
  for (int i = 0; i < words; ++i) {
    const uint32_t r = rng() % 100;
    std::string w;
    if (r < 35) {
      w = (*lexicon)[rng() % lexicon->size()];
    } else if (r < 70) {
      w = kCommon[rng() % (sizeof(kCommon) / sizeof(kCommon[0]))];
    } else if (r < 82) {
      w = kSpecial[rng() % (sizeof(kSpecial) / sizeof(kSpecial[0]))];
    } else {
      static const char* const kBreaks[] = {".", ",", "?", ". ", "\n",
                                            ". \n\n", "!", " - ", "; "};
      w = kBreaks[rng() % 9];
    }
    if (rng() % 100 < 15 && !w.empty() && w[0] >= 'a' && w[0] <= 'z') {
      w[0] = static_cast<char>(w[0] - 32);
    }
    out += w;
    if (rng() % 10 != 0) out += (rng() % 8 == 0) ? "\n" : " ";
  }
  return out;
}

// One long run of cue words with no sentence end: chunks of 200 tokens.
std::string LongSentence() {
  std::string out;
  std::mt19937 rng(7);
  const char* words[] = {"engineer", "should", "have", "the", "wrong", "not",
                         "did", "he", "forgot", "to", "a", "failed", "blame",
                         "human", "error", "who", "Had", "it", "was"};
  for (int i = 0; i < 3000; ++i) {
    out += words[rng() % (sizeof(words) / sizeof(words[0]))];
    out += ' ';
  }
  return out;
}

std::vector<std::string> Texts() {
  const std::string root = PMKIT_SOURCE_DIR;
  std::vector<std::string> texts;
  for (const char* file : {"/tests/blame/testdata/probe.jsonl",
                           "/tests/blame/testdata/probe_blind.jsonl"}) {
    std::vector<std::string> sentences = JsonlTexts(root + file);
    std::string joined;
    for (const std::string& s : sentences) joined += s + " ";
    texts.insert(texts.end(), sentences.begin(), sentences.end());
    texts.push_back(joined);
  }
  // An evaluation set kept outside the project can be added locally.
  if (const char* extra = std::getenv("PMKIT_BLAME_EXTRA_JSONL")) {
    for (const std::string& s : JsonlTexts(extra)) texts.push_back(s);
  }
  for (const char* file : {"/docs/blame.md", "/README.md",
                           "/examples/blame/draft.md"}) {
    texts.push_back(ReadFile(root + file));
  }
  for (uint32_t seed = 1; seed <= 12; ++seed) {
    texts.push_back(RandomText(seed, 4000));
  }
  texts.push_back(LongSentence());
  return texts;
}

std::unique_ptr<const CompiledLexicon> Compile(const std::string& options_text) {
  v1::BlameOptions options;
  EXPECT_TRUE(google::protobuf::TextFormat::ParseFromString(options_text, &options));
  auto lexicon = CompiledLexicon::Compile(DefaultBlameLexicon(), options);
  EXPECT_TRUE(lexicon.ok()) << lexicon.status();
  return lexicon.ok() ? std::move(*lexicon) : nullptr;
}

std::string Dump(const std::vector<v1::Finding>& findings) {
  std::string out;
  for (const v1::Finding& f : findings) out += f.ShortDebugString() + "\n";
  return out;
}

TEST(BlamePrefilterTest, PrefilteredScanFindsWhatTheFullScanFinds) {
  std::vector<std::string> texts = Texts();
  texts.push_back("Then Priya beta7 gamma7 delta7. An engineer alpha99 x gamma99 delta99.");
  // Found by the blame fuzzer: Markdown block markers ("#") followed by
  // bytes the quiet-text pass reads as a word ("_if") or a sentence end.
  texts.push_back("#__\x1c_if only");
  texts.push_back(std::string("#!\r\0\0\0\0@x@x]\0O]\0O\x05ll'dl\x02wrong\0@\0!\0", 34));
  const char* const kOptions[] = {
      "",
      R"pb(person_names: ["Quinlan Rhys", "@mokafor"] include_hints: true)pb",
      // A class prefix ("mis*") reaches the prefilter as a feature of every
      // sentence; a new word and rule as features of their own.
      R"pb(lexicon {
             word_classes { name: "role" words: ["wizard", "mis*"] }
             rules { id: "x.yolo" categories: BLAME_CATEGORY_JUDGMENT_CHARACTER
                     patterns: "^ yolo <agent>" confidence: 0.9 }
           })pb",
  };
  // Past the 512 feature bits the prefilter drops elements from patterns,
  // then shares a bit; 120 extra rules of three fresh words each (over the
  // default lexicon's ~390 elements) force both.
  std::string crowded = "lexicon {";
  for (int i = 0; i < 120; ++i) {
    crowded += absl::StrCat(" rules { id: \"x.crowd", i,
                            "\" categories: BLAME_CATEGORY_JUDGMENT_CHARACTER",
                            " patterns: \"<agent> ~3 alpha", i, "|beta", i,
                            " gamma", i, " delta", i, "\" confidence: 0.9 }");
  }
  crowded += " }";
  std::vector<std::string> options_list(std::begin(kOptions), std::end(kOptions));
  options_list.push_back(crowded);
  absl::flat_hash_set<std::string> name_set;
  AddPersonName("Mireille Okafor", &name_set);
  AddPersonName("deploy", &name_set);
  AddPersonName("Zo\xC3\xAB", &name_set);
  const ScanNames names(std::move(name_set));
  size_t total = 0;
  for (const std::string& options : options_list) {
    std::unique_ptr<const CompiledLexicon> lexicon = Compile(options);
    ASSERT_NE(lexicon, nullptr);
    for (const std::string& text : texts) {
      for (bool markdown : {false, true}) {
        const ScanNames* extras[] = {nullptr, &names};
        for (const ScanNames* extra : extras) {
          std::vector<v1::Finding> fast, full;
          ASSERT_TRUE(ScanOneText(*lexicon, text, markdown, extra, &fast,
                                  ScanStrategy::kPrefiltered)
                          .ok());
          ASSERT_TRUE(ScanOneText(*lexicon, text, markdown, extra, &full,
                                  ScanStrategy::kFull)
                          .ok());
          ASSERT_EQ(Dump(fast), Dump(full))
              << "options: " << options << "\nmarkdown: " << markdown
              << "\ntext: " << text.substr(0, 300);
          total += full.size();
        }
      }
    }
  }
  EXPECT_GT(total, 1000u);  // The texts do exercise the rules.
}

TEST(BlameTokenizerTest, FastWordsMatchTheCopyingPath) {
  for (const std::string& text : Texts()) {
    for (bool markdown : {false, true}) {
      Tokenizer fast(text, markdown);
      Tokenizer reference(text, markdown, /*copy_all_words=*/true);
      RawToken a, b;
      char buffer[kMaxLowerBytes];
      do {
        fast.Next(&a);
        reference.Next(&b);
        ASSERT_EQ(static_cast<int>(a.kind), static_cast<int>(b.kind));
        ASSERT_EQ(a.start, b.start);
        ASSERT_EQ(a.end, b.end);
        ASSERT_EQ(a.question, b.question);
        if (a.kind != TokenKind::kWord) continue;
        ASSERT_EQ(a.handle, b.handle);
        ASSERT_EQ(a.text, b.text);
        ASSERT_FALSE(b.simple);
        const std::string lower(a.simple ? AsciiLowerToken(a.text, buffer)
                                         : a.lower);
        ASSERT_EQ(lower, std::string(b.lower)) << a.text;
        if (!lower.empty()) {
          ASSERT_EQ(a.hash, HashWord(lower)) << a.text;
          ASSERT_EQ(b.hash, HashWord(lower)) << a.text;
        }
      } while (a.kind != TokenKind::kEnd);
    }
  }
}

TEST(BlameWordHashTest, FoldsAsciiCaseOnly) {
  EXPECT_EQ(HashWord("Engineer"), HashWord("engineer"));
  EXPECT_EQ(HashWord("ON-CALL"), HashWord("on-call"));
  EXPECT_NE(HashWord("engineer"), HashWord("engineers"));
  EXPECT_NE(HashWord("a"), HashWord("b"));
  // Reading past the word (when the buffer allows) changes nothing.
  const std::string text = "fault tolerance";
  EXPECT_EQ(HashWordBytes(text.data(), 5, text.size()), HashWord("fault"));
  const std::string longer = "misconfigurations and more";
  EXPECT_EQ(HashWordBytes(longer.data(), 17, longer.size()),
            HashWord("misconfigurations"));
}

// A word at the very end of a buffer is read only as far as it goes (each
// buffer below is allocated to its exact size, so the sanitizer builds catch
// a byte too far) and hashes as it does with bytes to spare after it.
TEST(BlameWordHashTest, AWordAtABuffersEndHashesAsWithRoomAfterIt) {
  const std::string letters = "Misconfigurations_0f_the-LOAD/balancer";
  for (size_t n = 1; n <= letters.size(); ++n) {
    const std::string word = letters.substr(letters.size() - n);
    const std::string roomy = word + "........";
    for (size_t spare = 0; spare <= 9; ++spare) {
      std::unique_ptr<char[]> exact(new char[n + spare]);
      std::memcpy(exact.get(), word.data(), n);
      std::memset(exact.get() + n, '#', spare);
      ASSERT_EQ(HashWordBytes(exact.get(), n, n + spare),
                HashWordBytes(roomy.data(), n, roomy.size()))
          << word << " with " << spare << " bytes after it";
    }
  }
}

// SkipAsciiWordBytes against a byte-by-byte reference, from every position
// of texts of every length up to 80, each in a buffer of its exact size.
TEST(BlameAsciiScanTest, SkipAsciiWordBytesMatchesByteByByte) {
  const std::string alphabet = "aZ9_ .-'\n\x80\xC3";
  std::mt19937 random(7);
  int compared = 0;
  for (size_t length = 0; length <= 80; ++length) {
    for (int trial = 0; trial < 20; ++trial) {
      std::unique_ptr<unsigned char[]> text(new unsigned char[length]);
      // Mostly word bytes, so runs cross 16-byte boundaries.
      for (size_t k = 0; k < length; ++k) {
        text[k] = random() % 4 != 0 ? 'a' + random() % 26
                                     : alphabet[random() % alphabet.size()];
      }
      for (size_t i = 0; i <= length; ++i) {
        size_t expected = i;
        while (expected < length && IsAsciiWordByte(text[expected])) {
          ++expected;
        }
        ASSERT_EQ(SkipAsciiWordBytes(text.get(), i, length), expected)
            << "length " << length << " from " << i;
        ++compared;
      }
    }
  }
  EXPECT_GT(compared, 60000);
}

TEST(BlameQuietTextTest, SkipsQuietProseAndStopsWhereItMust) {
  std::unique_ptr<const CompiledLexicon> lexicon = Compile("");
  ASSERT_NE(lexicon, nullptr);
  const SentencePrefilter& prefilter = lexicon->prefilter();
  const std::string quiet =
      "The cache warmed up within ten minutes. Latency returned to normal. ";
  QuietSkip skip = SkipQuietText(prefilter, quiet, 0, false, nullptr);
  EXPECT_EQ(skip.skip_to, quiet.size());
  // A blameful sentence is handed over from the boundary before it (just
  // after the last sentence's full stop).
  const size_t boundary = quiet.size() - 1;
  const std::string mixed = quiet + "The intern deleted the wrong volume. More.";
  skip = SkipQuietText(prefilter, mixed, 0, false, nullptr);
  EXPECT_EQ(skip.skip_to, boundary);
  EXPECT_EQ(mixed.substr(skip.skip_to, skip.resume_after - skip.skip_to),
            " The intern deleted the wrong volume.");
  // Bytes the tokenizer treats specially stop the pass at the region.
  for (const std::string tail :
       {"Ping @kai now. ", "Caf\xC3\xA9 open. ", "See http://x.y today. "}) {
    skip = SkipQuietText(prefilter, quiet + tail, 0, false, nullptr);
    EXPECT_EQ(skip.skip_to, boundary) << tail;
    EXPECT_GT(skip.resume_after, skip.skip_to) << tail;
  }
  skip = SkipQuietText(prefilter, quiet + "Try `make` now. ", 0, true, nullptr);
  EXPECT_EQ(skip.skip_to, boundary);
  // Plain text has no Markdown code.
  skip = SkipQuietText(prefilter, quiet + "Try `make` now. ", 0, false, nullptr);
  EXPECT_EQ(skip.skip_to, quiet.size() + 16);
}

// A word with one apostrophe adds the features of the tokens the tokenizer
// makes of it, not of every token a contraction can split off: a possessive
// brings "'s", not "not" (which "<agent> not|never" needs).
TEST(BlameQuietTextTest, ContractionsAddTheTokensTheyAreSplitInto) {
  std::unique_ptr<const CompiledLexicon> lexicon = Compile("");
  ASSERT_NE(lexicon, nullptr);
  const SentencePrefilter& prefilter = lexicon->prefilter();
  auto quiet = [&](const std::string& text) {
    return SkipQuietText(prefilter, text, 0, false, nullptr).skip_to ==
           text.size();
  };
  EXPECT_TRUE(quiet("The team's dashboard showed the spike."));
  EXPECT_TRUE(quiet("The operator's console froze."));
  EXPECT_FALSE(quiet("The engineer didn't see the alert."));
  EXPECT_FALSE(quiet("The engineer DIDN'T see the alert."));
  EXPECT_FALSE(quiet("The engineer won't see the alert."));
}

// The scan's UTF-8 check (16 bytes at a time, the tail overlapping) against
// a byte-by-byte reference: an invalid byte, a truncated sequence or a valid
// character at every position of ASCII texts of every length up to 40, with
// a valid two-byte character at every other position (the overlapping tail
// load sees characters already checked).
TEST(BlameUtf8Test, FastCheckMatchesByteByByte) {
  auto reference = [](absl::string_view text) {
    for (size_t i = 0; i < text.size();) {
      if (static_cast<unsigned char>(text[i]) < 0x80) {
        ++i;
        continue;
      }
      const size_t length = io_internal::Utf8SequenceLength(text.substr(i));
      if (length == 0) return i;
      i += length;
    }
    return absl::string_view::npos;
  };
  const std::string probes[] = {"\x80", "\xC3", "\xFF", "\xE2\x80",
                                "\xC3\xA9", "\xE2\x80\x99", "\xF0\x9F\x98\x80"};
  int compared = 0;
  for (size_t length = 0; length <= 40; ++length) {
    for (size_t valid = 0; valid <= length; ++valid) {
      for (size_t at = 0; at <= length; ++at) {
        for (const std::string& probe : probes) {
          std::string text(length, 'a');
          text.insert(at, probe);
          text.insert(valid < at ? valid : valid + probe.size(), "\xC3\xA9");
          ASSERT_EQ(FindInvalidUtf8Fast(text), reference(text))
              << "length " << length << " probe at " << at << ", valid at "
              << valid;
          ++compared;
        }
      }
    }
  }
  EXPECT_GT(compared, 100000);
}

}  // namespace
}  // namespace pmkit::blame_internal

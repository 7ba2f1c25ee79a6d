// The text heuristics behind the wording, placeholder and source-time rules.
#include "src/validate/text.h"

#include <string>

#include "gtest/gtest.h"

namespace pmkit::validate_internal {
namespace {

TEST(ValidateTextTest, SourceTimes) {
  struct Case {
    const char* text;
    bool clock, date, zone;
  };
  for (const Case& c : {
           Case{"2024-03-14T21:47:12.318Z", true, true, true},
           Case{"2024-03-14 22:45:03 +0100", true, true, true},
           Case{"2024-03-14T22:52:30+01:00", true, true, true},
           Case{"2024-03-14 22:47:50 UTC", true, true, true},
           Case{"1710454181.002300", true, true, true},
           Case{"01:27 (approx.)", true, false, false},
           Case{"14:05 CET", true, false, true},
           Case{"Mar 14 22:47", true, true, false},
           Case{"14.03.2024 22:47 Europe/Berlin", true, true, true},
           Case{"yesterday", false, false, false},
           Case{"", false, false, false},
       }) {
    SCOPED_TRACE(c.text);
    const SourceTime t = ClassifySourceTime(c.text);
    EXPECT_EQ(t.clock, c.clock);
    if (c.clock) {
      EXPECT_EQ(t.date, c.date);
      EXPECT_EQ(t.zone, c.zone);
    }
  }
}

TEST(ValidateTextTest, Placeholders) {
  const PlaceholderSet words(BuiltinPlaceholders());
  EXPECT_EQ(words.Find("TBD"), "tbd");
  EXPECT_EQ(words.Find("  todo: write this  "), "todo");
  EXPECT_EQ(words.Find("Owner: tbd"), "tbd");
  EXPECT_EQ(words.Find("Lorem ipsum dolor sit amet"), "lorem ipsum");
  EXPECT_EQ(words.Find("The owner is TBD until Monday."), "TBD");
  EXPECT_EQ(words.Find("The TODO list app failed."), "TODO");
  EXPECT_EQ(words.Find("Toddlers and tbdx are fine"), "");
  EXPECT_EQ(words.Find("Today the todos synced"), "");
  EXPECT_EQ(words.Find(""), "");
}

TEST(ValidateTextTest, Wording) {
  const PhraseSet verbs(BuiltinVagueVerbs());
  EXPECT_EQ(AnalyseWording("Improve monitoring", "", verbs).vague_verb,
            "improve");
  EXPECT_EQ(AnalyseWording("Improve p99 latency to 200 ms", "", verbs)
                .vague_verb,
            "");
  EXPECT_TRUE(AnalyseWording("Fix it", "", verbs).too_short);
  EXPECT_TRUE(AnalyseWording("Investigate the outage", "", verbs)
                  .investigate_without_question);
  EXPECT_FALSE(AnalyseWording("Investigate whether retries amplify load", "",
                              verbs)
                   .investigate_without_question);
  EXPECT_FALSE(AnalyseWording("Investigate the cache", "Does it evict early?",
                              verbs)
                   .investigate_without_question);
  EXPECT_EQ(AnalyseWording("Ensure this never happens again", "", verbs)
                .unbounded,
            "never happens again");
  EXPECT_EQ(AnalyseWording("Remind on-call", "Everyone should pay attention",
                           verbs)
                .care,
            "pay attention");
  const Wording both =
      AnalyseWording("Be more careful so that it never happens again", "", verbs);
  EXPECT_EQ(both.care, "be more careful");
  EXPECT_EQ(both.unbounded, "never happens again");
  EXPECT_EQ(AnalyseWording("Be more careful when deploying", "", verbs)
                .care,
            "be more careful");
}

TEST(ValidateTextTest, HumanErrorAndNames) {
  EXPECT_EQ(FindHumanError("Root cause: Human Error."), "human error");
  EXPECT_EQ(FindHumanError("The operator was careless"), "careless");
  EXPECT_EQ(FindHumanError("Humans erred? No: the UI hid the flag."), "");
  EXPECT_TRUE(ContainsWord("Alice skipped the canary", "Alice"));
  EXPECT_FALSE(ContainsWord("Malice is not a factor", "Alice"));
  EXPECT_TRUE(ContainsWord("Zoë's change", "Zoë"));
  EXPECT_FALSE(ContainsWord("anything", ""));
}

TEST(ValidateTextTest, Blank) {
  EXPECT_TRUE(IsBlank(""));
  EXPECT_TRUE(IsBlank(" \t\n"));
  EXPECT_FALSE(IsBlank(" x "));
}

}  // namespace
}  // namespace pmkit::validate_internal

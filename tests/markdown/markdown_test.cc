// The Markdown report: golden file for the sample, and the rules for times,
// dates, escaping and empty sections.
#include "pmkit/markdown.h"

#include <string>

#include "gmock/gmock.h"
#include "google/protobuf/text_format.h"
#include "gtest/gtest.h"
#include "pmkit/io.h"
#include "tests/testing/fill_fields.h"

namespace pmkit {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

const std::string kSample = std::string(PMKIT_SOURCE_DIR) + "/examples/sample/postmortem";

v1::Postmortem FromText(const std::string& text) {
  v1::Postmortem postmortem;
  EXPECT_TRUE(google::protobuf::TextFormat::ParseFromString(text, &postmortem)) << text;
  return postmortem;
}

std::string Render(const v1::Postmortem& postmortem, const MarkdownOptions& options = {}) {
  absl::StatusOr<std::string> markdown = RenderMarkdown(postmortem, options);
  EXPECT_TRUE(markdown.ok()) << markdown.status();
  return markdown.value_or("");
}

TEST(MarkdownTest, SampleMatchesGolden) {
  absl::StatusOr<v1::Postmortem> sample =
      ParsePostmortem(testing::ReadFileOrDie(kSample + ".textproto"));
  ASSERT_TRUE(sample.ok()) << sample.status();
  testing::ExpectMatchesGolden(Render(*sample), kSample + ".md");
}

TEST(MarkdownTest, CoreSectionsAlwaysPresentAndGapsVisible) {
  std::string markdown = Render(v1::Postmortem());
  for (const char* heading :
       {"# Untitled postmortem", "## Summary", "## Impact", "## Timeline",
        "### Contributing factors", "## Action items", "## Lessons learned",
        "### What went well", "### What went wrong", "### Where we got lucky"}) {
    EXPECT_THAT(markdown, HasSubstr(heading));
  }
  EXPECT_THAT(markdown, HasSubstr("_None recorded._"));
  EXPECT_THAT(markdown, Not(HasSubstr("## Supporting data")));
}

TEST(MarkdownTest, SingleDayTimelineStatesTheDateOnce) {
  std::string markdown = Render(FromText(R"pb(
    display_time_zone: "Europe/Berlin"
    timeline { time { time { seconds: 1709370000 } } text: "first" }   # 2024-03-02 09:00 UTC
    timeline { time { time { seconds: 1709373600 } } text: "second" }
  )pb"));
  EXPECT_THAT(markdown, HasSubstr("All times on Saturday 2024-03-02."));
  EXPECT_THAT(markdown, HasSubstr("| 10:00 |"));  // 09:00 UTC is 10:00 CET.
  EXPECT_THAT(markdown, HasSubstr("| Time (Europe/Berlin) |"));
}

TEST(MarkdownTest, MultiDayTimelineDatesEveryRowInTheDisplayZone) {
  // 22:30 and 23:30 UTC on 2024-03-02 are 23:30 and 00:30 in Berlin: the
  // timeline spans two days there although it does not in UTC.
  std::string markdown = Render(FromText(R"pb(
    display_time_zone: "Europe/Berlin"
    timeline { time { time { seconds: 1709418600 } } text: "late" }
    timeline { time { time { seconds: 1709422200 } } text: "after midnight" }
  )pb"));
  EXPECT_THAT(markdown, HasSubstr("| 2024-03-02 23:30 |"));
  EXPECT_THAT(markdown, HasSubstr("| 2024-03-03 00:30 |"));
  EXPECT_THAT(markdown, Not(HasSubstr("All times on")));
  MarkdownOptions utc;
  utc.time_zone = "UTC";
  EXPECT_THAT(Render(FromText(R"pb(
    timeline { time { time { seconds: 1709418600 } } text: "late" }
    timeline { time { time { seconds: 1709422200 } } text: "after midnight" }
  )pb"), utc), HasSubstr("All times on Saturday 2024-03-02."));
}

TEST(MarkdownTest, ApproximateAndDayPrecisionTimes) {
  std::string markdown = Render(FromText(R"pb(
    lifecycle {
      started { time { seconds: 1709370000 } uncertainty { seconds: 900 } }
      detected { time { seconds: 1709370000 } precision: TIME_PRECISION_DAY }
    }
  )pb"));
  EXPECT_THAT(markdown, HasSubstr("| Started | ~2024-03-02 09:00 (±15 min) |"));
  EXPECT_THAT(markdown, HasSubstr("| Detected | 2024-03-02 (time of day unknown) |"));
  EXPECT_THAT(markdown, HasSubstr("| Mitigated | unknown |"));
}

TEST(MarkdownTest, TableCellsEscapePipesAndLineBreaks) {
  std::string markdown = Render(FromText(R"pb(
    timeline { text: "grep a|b\nthen restart" }
  )pb"));
  EXPECT_THAT(markdown, HasSubstr("grep a\\|b<br>then restart"));
}

TEST(MarkdownTest, ActionItemsShowOwnersByNameAndFlagUnowned) {
  std::string markdown = Render(FromText(R"pb(
    people { id: "zoe" display_name: "Zoë Park" }
    action_items { id: "AI-1" title: "Alert on cert expiry" owner_id: "zoe"
                   priority: PRIORITY_P1 type: ACTION_ITEM_TYPE_DETECT
                   state: ACTION_ITEM_STATE_WONT_DO due_time { seconds: 1709370000 } }
    action_items { id: "AI-2" title: "Nobody owns this" }
  )pb"));
  EXPECT_THAT(markdown, HasSubstr("| AI-1 | Alert on cert expiry | Detect | P1 | Zoë Park | "
                                  "2024-03-02 | Won't do |"));
  EXPECT_THAT(markdown, HasSubstr("| AI-2 | Nobody owns this |  |  | **unowned** |  | Open |"));
}

TEST(MarkdownTest, UnknownDocumentZoneFallsBackToUtcAndSaysSo) {
  std::string markdown = Render(FromText(R"pb(display_time_zone: "Mars/Olympus_Mons")pb"));
  EXPECT_THAT(markdown, HasSubstr("UTC (the document's zone \"Mars/Olympus_Mons\" is "
                                  "unknown here)"));
}

TEST(MarkdownTest, ZoneNamesCannotReachOutsideTheZoneDatabase) {
  std::string markdown = Render(FromText(R"pb(display_time_zone: "../../../etc/passwd")pb"));
  EXPECT_THAT(markdown, HasSubstr("is unknown here"));
}

TEST(MarkdownTest, UnknownZoneOptionIsAnError) {
  MarkdownOptions options;
  options.time_zone = "Nowhere/Special";
  absl::StatusOr<std::string> markdown = RenderMarkdown(v1::Postmortem(), options);
  EXPECT_EQ(markdown.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(markdown.status().message()), HasSubstr("Nowhere/Special"));
}

TEST(MarkdownTest, RendersEveryFieldWithoutFailing) {
  v1::Postmortem postmortem;
  testing::FillAllFields(&postmortem);
  postmortem.set_display_time_zone("America/New_York");
  std::string markdown = Render(postmortem);
  EXPECT_THAT(markdown, HasSubstr("## Supporting data"));
  EXPECT_THAT(markdown, HasSubstr("## Custom fields"));
  EXPECT_THAT(markdown, HasSubstr("### Five whys"));
}

TEST(MarkdownTest, ExtremeValuesDoNotBreakRendering) {
  v1::Postmortem postmortem = FromText(R"pb(
    impact { revenue_impact { units: -9223372036854775808 nanos: -2147483648 currency_code: "USD" } }
    lifecycle { started { time { seconds: 9223372036854775807 } uncertainty { seconds: -9223372036854775808 } } }
    timeline { time { time { seconds: -9223372036854775808 nanos: -5 } } }
  )pb");
  std::string markdown = Render(postmortem);
  EXPECT_THAT(markdown, HasSubstr("-9223372036854775808.14 USD"));
}

}  // namespace
}  // namespace pmkit

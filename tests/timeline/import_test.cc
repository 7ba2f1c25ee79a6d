// Tests of the importers: each format's fixture, malformed records with
// their line numbers, keep-going versus stop, time zones and DST.
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "pmkit/timeline.h"

namespace pmkit {
namespace {

constexpr int64_t kSec = 1000000000;

std::string ReadExample(const std::string& name) {
  std::ifstream in(std::string(PMKIT_SOURCE_DIR) + "/examples/timeline/" + name,
                   std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

struct Imported {
  absl::Status status;
  std::vector<TimelineRecord> records;
  std::vector<v1::ImportIssue> issues;
};

Imported Import(absl::string_view data, ImportFormat format,
                ImportOptions options = {}) {
  Imported out;
  if (options.year == 0) options.year = 2024;
  out.status = ImportRecords(data, format, options, &out.records, &out.issues);
  return out;
}

TEST(TimelineImportTest, FormatNamesAndDetection) {
  EXPECT_EQ(*ParseImportFormatName("PagerDuty"), ImportFormat::kPagerDuty);
  EXPECT_FALSE(ParseImportFormatName("xml").ok());
  EXPECT_EQ(ImportFormatName(ImportFormat::kSyslog), "syslog");
  EXPECT_EQ(DetectImportFormat("x.json", ReadExample("slack-inc-2231.json")),
            ImportFormat::kSlack);
  EXPECT_EQ(DetectImportFormat("x.json", ReadExample("pagerduty-Q3F8K2M7ZP1RXA.json")),
            ImportFormat::kPagerDuty);
  EXPECT_EQ(DetectImportFormat("a.jsonl", ReadExample("alertmanager-webhooks.jsonl")),
            ImportFormat::kAlertmanager);
  EXPECT_EQ(DetectImportFormat("notes.csv", "time,text\n"), ImportFormat::kCsv);
  EXPECT_EQ(DetectImportFormat("", "time,text\n"), ImportFormat::kCsv);
  EXPECT_EQ(DetectImportFormat("e.jsonl", "{\"time\":1}\n"), ImportFormat::kJsonLines);
  EXPECT_EQ(DetectImportFormat("app.log", "2024-01-01T00:00:00Z x"),
            ImportFormat::kSyslog);
}

TEST(TimelineImportTest, JsonLinesGenericEvents) {
  Imported im = Import(
      "{\"time\":\"2024-03-14T22:02:15Z\",\"text\":\"alert\",\"kind\":\"alert\","
      "\"milestone\":\"detected\",\"key\":\"a1\",\"tags\":[\"x\"]}\n"
      "\n"
      "{\"time\":1710453735.5,\"message\":\"epoch\",\"uncertainty_seconds\":30}\n"
      "not json\n"
      "{\"text\":\"no time\"}\n"
      "{\"time\":\"2024-03-14T22:02:15Z\",\"kind\":\"nonsense\"}\n",
      ImportFormat::kJsonLines);
  ASSERT_TRUE(im.status.ok()) << im.status;
  ASSERT_EQ(im.records.size(), 2u);
  EXPECT_EQ(im.records[0].time_ns, 1710453735 * kSec);
  EXPECT_EQ(im.records[0].kind, v1::EVENT_KIND_ALERT);
  EXPECT_EQ(im.records[0].milestone, v1::MILESTONE_DETECTED);
  EXPECT_EQ(im.records[0].correlation_key, "a1");
  EXPECT_EQ(im.records[0].position, 1);
  EXPECT_EQ(im.records[1].position, 3);
  EXPECT_EQ(im.records[1].uncertainty_ns, 30 * kSec);
  EXPECT_EQ(im.records[1].time_ns, 1710453735 * kSec + kSec / 2);
  ASSERT_EQ(im.issues.size(), 3u);
  EXPECT_EQ(im.issues[0].line(), 4);
  EXPECT_EQ(im.issues[1].line(), 5);
  EXPECT_NE(im.issues[1].message().find("time"), std::string::npos);
  EXPECT_EQ(im.issues[2].line(), 6);
}

TEST(TimelineImportTest, StopOnErrorFailsWithLine) {
  ImportOptions o;
  o.stop_on_error = true;
  o.source_name = "events";
  Imported im = Import("{\"time\":\"2024-03-14T22:02:15Z\"}\n{bad\n",
                       ImportFormat::kJsonLines, o);
  ASSERT_FALSE(im.status.ok());
  EXPECT_NE(std::string(im.status.message()).find("events: line 2"),
            std::string::npos);
}

TEST(TimelineImportTest, CsvWithHeaderQuotesAndMalformedRows) {
  Imported im = Import(
      "Timestamp,Message,Kind,Milestone,uncertainty_seconds,tags\n"
      "2024-03-14T22:00:00Z,\"comma, and \"\"quote\"\"\",action,,,a;b\n"
      "2024-03-14T22:01:00Z,\"multi\nline\",,,,\n"
      "2024-03-14T22:02:00Z,too,few\n"
      "yesterday,x,,,,\n"
      "2024-03-14T22:03:00Z,x,,,-5,\n"
      "2024-03-14T22:04:00Z,bad\"quote,,,,\n",
      ImportFormat::kCsv);
  ASSERT_TRUE(im.status.ok()) << im.status;
  ASSERT_EQ(im.records.size(), 2u);
  EXPECT_EQ(im.records[0].text, "comma, and \"quote\"");
  EXPECT_EQ(im.records[0].kind, v1::EVENT_KIND_ACTION);
  EXPECT_EQ(im.records[0].tags, (std::vector<std::string>{"a", "b"}));
  EXPECT_EQ(im.records[1].text, "multi\nline");
  ASSERT_EQ(im.issues.size(), 4u);
  EXPECT_EQ(im.issues[0].line(), 5);  // The quoted newline spans lines 3-4.
  EXPECT_EQ(im.issues[1].line(), 6);
  EXPECT_EQ(im.issues[2].line(), 7);
  EXPECT_EQ(im.issues[3].line(), 8);
}

TEST(TimelineImportTest, CsvWithoutTimeColumnIsAnError) {
  Imported im = Import("a,b\n1,2\n", ImportFormat::kCsv);
  EXPECT_FALSE(im.status.ok());
  Imported unterminated = Import("time,text\n2024-03-14T22:00:00Z,\"open\n",
                                 ImportFormat::kCsv);
  ASSERT_TRUE(unterminated.status.ok());
  EXPECT_EQ(unterminated.issues.size(), 1u);
}

TEST(TimelineImportTest, SlackExportWithThreadsEditsDeletions) {
  Imported im = Import(ReadExample("slack-inc-2231.json"), ImportFormat::kSlack);
  ASSERT_TRUE(im.status.ok()) << im.status;
  EXPECT_TRUE(im.issues.empty());
  ASSERT_EQ(im.records.size(), 6u);
  EXPECT_TRUE(im.records[0].actor_is_system);
  EXPECT_EQ(im.records[0].actor, "Alertmanager");
  EXPECT_EQ(im.records[0].time_ns, 1710453737 * kSec + 100000);
  EXPECT_EQ(im.records[0].precision, v1::TIME_PRECISION_SUBSECOND);
  EXPECT_EQ(im.records[1].actor, "Zoë Achterberg");
  EXPECT_NE(std::find(im.records[1].tags.begin(), im.records[1].tags.end(), "edited"),
            im.records[1].tags.end());
  EXPECT_EQ(im.records[2].tags[0], "thread:1710454445.001200");
  EXPECT_EQ(im.records[4].tags[0], "deleted");
  EXPECT_EQ(im.records[4].record_id, "1710454990.000500");
  EXPECT_EQ(im.records[0].position, 2);  // Line of the element.
}

TEST(TimelineImportTest, SlackMalformedMessages) {
  Imported im = Import(
      "[\n {\"ts\":\"1.5\",\"text\":\"ok\"},\n {\"text\":\"no ts\"},\n"
      " {\"ts\":\"abc\"},\n 42,\n {\"subtype\":\"message_changed\",\"ts\":\"2\"}\n]",
      ImportFormat::kSlack);
  ASSERT_TRUE(im.status.ok());
  EXPECT_EQ(im.records.size(), 1u);
  ASSERT_EQ(im.issues.size(), 4u);
  EXPECT_EQ(im.issues[0].line(), 3);
  EXPECT_EQ(im.issues[3].line(), 6);
  // A broken document is an error with its line.
  Imported broken = Import("[\n{\"ts\":\"1\"},\n{\"ts\":\"2\"", ImportFormat::kSlack);
  EXPECT_FALSE(broken.status.ok());
  EXPECT_NE(std::string(broken.status.message()).find("line"), std::string::npos);
}

TEST(TimelineImportTest, PagerDutyLogEntries) {
  Imported im = Import(ReadExample("pagerduty-Q3F8K2M7ZP1RXA.json"),
                       ImportFormat::kPagerDuty);
  ASSERT_TRUE(im.status.ok()) << im.status;
  EXPECT_TRUE(im.issues.empty());
  ASSERT_EQ(im.records.size(), 5u);
  EXPECT_EQ(im.records[0].milestone, v1::MILESTONE_DETECTED);
  EXPECT_EQ(im.records[0].kind, v1::EVENT_KIND_ALERT);
  EXPECT_EQ(im.records[0].incident_key, "Q3F8K2M7ZP1RXA");
  EXPECT_TRUE(im.records[0].actor_is_system);
  EXPECT_EQ(im.records[2].milestone, v1::MILESTONE_ACKNOWLEDGED);
  EXPECT_FALSE(im.records[2].actor_is_system);
  EXPECT_EQ(im.records[4].milestone, v1::MILESTONE_RESOLVED);
  EXPECT_NE(im.records[3].text.find("G3"), std::string::npos);
  Imported bad = Import(
      "{\"log_entries\":[\n{\"type\":\"trigger_log_entry\"},\n"
      "{\"type\":\"x\",\"created_at\":\"2024-13-01T00:00:00Z\"}\n]}",
      ImportFormat::kPagerDuty);
  ASSERT_TRUE(bad.status.ok());
  ASSERT_EQ(bad.issues.size(), 2u);
  EXPECT_EQ(bad.issues[0].line(), 2);
  EXPECT_EQ(bad.issues[1].line(), 3);
}

TEST(TimelineImportTest, AlertmanagerWebhooks) {
  Imported im = Import(ReadExample("alertmanager-webhooks.jsonl"),
                       ImportFormat::kAlertmanager);
  ASSERT_TRUE(im.status.ok()) << im.status;
  ASSERT_EQ(im.records.size(), 3u);
  EXPECT_EQ(im.records[0].correlation_key, im.records[1].correlation_key);
  EXPECT_NE(im.records[0].correlation_key, im.records[2].correlation_key);
  EXPECT_EQ(im.records[2].time_ns, 1710462420 * kSec);
  EXPECT_EQ(im.records[2].position, 3);
  Imported bad = Import(
      "{\"alerts\":[{\"status\":\"firing\"}]}\n{\"status\":\"firing\"}\n"
      "{\"alerts\":[{\"status\":\"odd\",\"startsAt\":\"2024-03-14T22:02:15Z\"}]}\n",
      ImportFormat::kAlertmanager);
  ASSERT_TRUE(bad.status.ok());
  ASSERT_EQ(bad.issues.size(), 3u);
  EXPECT_EQ(bad.issues[2].line(), 3);
}

TEST(TimelineImportTest, SyslogRfc5424Rfc3164AndRfc3339) {
  ImportOptions o;
  o.time_zone = "Europe/Berlin";
  Imported im = Import(ReadExample("checkout-api.log"), ImportFormat::kSyslog, o);
  ASSERT_TRUE(im.status.ok()) << im.status;
  ASSERT_EQ(im.records.size(), 7u);
  ASSERT_EQ(im.issues.size(), 1u);
  EXPECT_EQ(im.issues[0].line(), 7);
  EXPECT_EQ(im.records[2].time_ns, 1710452832 * kSec + 318000000);
  EXPECT_EQ(im.records[2].actor, "checkout-api");
  EXPECT_EQ(im.records[2].text.substr(0, 17), "payments-adapter:");
  EXPECT_EQ(im.records[2].tags[0], "severity:err");
  // RFC 3164 in Berlin (CET, UTC+1): Mar 15 00:33:05 -> 23:33:05Z on the 14th.
  EXPECT_EQ(im.records[4].time_ns, (1710459185) * kSec);
  EXPECT_EQ(im.records[4].actor, "payments-adapter");
  EXPECT_EQ(im.records[3].text.substr(0, 16), "checkout-api-2b1");
}

TEST(TimelineImportTest, SyslogMalformedLines) {
  Imported im = Import(
      "<999>1 2024-03-14T21:45:03Z h a - - - x\n"
      "<13>1 - h a - - - no time\n"
      "Foo 14 10:00:00 h t: x\n"
      "Feb 30 10:00:00 h t: x\n"
      "2024-03-14T25:00:00Z bad hour\n"
      "<13>1 2024-03-14T21:45:03Z h a - - [unterminated\n",
      ImportFormat::kSyslog);
  ASSERT_TRUE(im.status.ok());
  EXPECT_TRUE(im.records.empty());
  ASSERT_EQ(im.issues.size(), 6u);
  for (int i = 0; i < 6; ++i) EXPECT_EQ(im.issues[i].line(), i + 1);
}

TEST(TimelineImportTest, Rfc3164YearRollsOverAtNewYear) {
  ImportOptions o;
  o.year = 2023;
  Imported im = Import("Dec 31 23:59:59 h t: a\nJan  1 00:00:01 h t: b\n",
                       ImportFormat::kSyslog, o);
  ASSERT_EQ(im.records.size(), 2u);
  EXPECT_EQ(im.records[1].time_ns - im.records[0].time_ns, 2 * kSec);
}

TEST(TimelineImportTest, DstCrossingNaiveTimes) {
  // America/New_York falls back on 2026-11-01: 01:00-02:00 happens twice.
  ImportOptions o;
  o.time_zone = "America/New_York";
  Imported im = Import(
      "time,text\n"
      "2026-11-01T00:50:00,before\n"   // EDT (UTC-4): 04:50Z
      "2026-11-01T01:30:00,ambiguous\n"  // 05:30Z or 06:30Z
      "2026-11-01T02:10:00,after\n",   // EST (UTC-5): 07:10Z
      ImportFormat::kCsv, o);
  ASSERT_TRUE(im.status.ok());
  ASSERT_EQ(im.records.size(), 3u);
  const int64_t base = 1793508600;  // 2026-11-01T04:50:00Z
  EXPECT_EQ(im.records[0].time_ns, base * kSec);
  EXPECT_EQ(im.records[1].time_ns, (base + 40 * 60 + 1800) * kSec);  // Midpoint 06:00Z.
  EXPECT_EQ(im.records[1].uncertainty_ns, 1800 * kSec);
  EXPECT_EQ(im.records[2].time_ns, (base + 140 * 60) * kSec);
  // Merged, the order stays before < ambiguous < after, 2h20m apart overall.
  SourceRecords s;
  s.source.set_name("notes");
  s.records = im.records;
  v1::MergeOptions mo;
  mo.set_disable_dedup(true);
  auto t = MergeTimelines({s}, mo);
  ASSERT_TRUE(t.ok());
  EXPECT_EQ(t->events(1).text(), "ambiguous");
  EXPECT_EQ(t->events(1).time().uncertainty().seconds(), 1800);
}

TEST(TimelineImportTest, UnknownTimeZoneAndYearAreErrors) {
  ImportOptions o;
  o.time_zone = "Mars/Olympus";
  EXPECT_FALSE(Import("", ImportFormat::kSyslog, o).status.ok());
  ImportOptions y;
  y.year = 20000;
  EXPECT_FALSE(Import("", ImportFormat::kSyslog, y).status.ok());
}

TEST(TimelineImportTest, OversizedInputIsRefused) {
  ImportOptions o;
  o.max_bytes = 10;
  Imported im = Import(std::string(11, 'x'), ImportFormat::kSyslog, o);
  EXPECT_EQ(im.status.code(), absl::StatusCode::kResourceExhausted);
}

TEST(TimelineImportTest, HostileInputsDoNotCrash) {
  std::string deep(100000, '[');
  for (ImportFormat f : {ImportFormat::kSlack, ImportFormat::kPagerDuty,
                         ImportFormat::kAlertmanager, ImportFormat::kJsonLines,
                         ImportFormat::kCsv, ImportFormat::kSyslog}) {
    Import(deep, f);
    Import(std::string("\0\xff\xfe{\"", 5), f);
    Import("[{\"ts\":\"1\"", f);
    Import("\"", f);
  }
}

TEST(TimelineImportTest, LineFileSourceStreams) {
  std::vector<v1::ImportIssue> issues;
  ImportOptions o;
  o.year = 2024;
  o.time_zone = "Europe/Berlin";
  auto src = OpenLineFileSource(
      std::string(PMKIT_SOURCE_DIR) + "/examples/timeline/checkout-api.log",
      ImportFormat::kSyslog, o, &issues);
  ASSERT_TRUE(src.ok());
  TimelineRecord r;
  int n = 0;
  while ((*src)->Next(&r)) ++n;
  EXPECT_TRUE((*src)->status().ok());
  EXPECT_EQ(n, 7);
  EXPECT_EQ(issues.size(), 1u);
  EXPECT_FALSE(OpenLineFileSource("/nonexistent", ImportFormat::kSyslog, o, &issues).ok());
  EXPECT_FALSE(OpenLineFileSource("/dev/null", ImportFormat::kSlack, o, &issues).ok());
}

}  // namespace
}  // namespace pmkit

namespace pmkit {
namespace {

TEST(TimelineImportTest, TimesOutsideTheSupportedRangeAreIssues) {
  Imported im = Import(
      "{\"time\":\"9999-01-01T00:00:00Z\"}\n"
      "{\"time\":\"1969-12-31T23:59:59Z\"}\n"
      "{\"time\":99999999999999}\n"
      "{\"time\":\"99999999999999\"}\n"
      "{\"time\":\"1970-01-01T00:00:00+01:00\"}\n"
      "{\"time\":\"2024-01-01T00:00:00Z\",\"uncertainty_seconds\":1e300}\n",
      ImportFormat::kJsonLines);
  ASSERT_TRUE(im.status.ok());
  EXPECT_TRUE(im.records.empty());
  EXPECT_EQ(im.issues.size(), 6u);
}

TEST(TimelineImportTest, HugeOffsetsAndProtoTimesAreClamped) {
  v1::TimelineEvent e;
  e.mutable_time()->mutable_time()->set_seconds(INT64_MAX / 2);
  e.mutable_time()->mutable_uncertainty()->set_seconds(INT64_MAX / 2);
  absl::StatusOr<TimelineRecord> r = EventToRecord(e, 0);
  ASSERT_TRUE(r.ok());
  SourceRecords a, b;
  a.source.set_name("a");
  a.records = {*r};
  a.records[0].milestone = v1::MILESTONE_STARTED;
  b.source.set_name("b");
  b.source.mutable_clock_offset()->set_seconds(-(INT64_MAX / 4));
  b.records = {*r};
  b.records[0].milestone = v1::MILESTONE_RESOLVED;
  b.source.set_estimate_offset(true);
  v1::MergeOptions o;
  o.set_estimate_skew(true);
  o.mutable_gap_threshold()->set_seconds(1);
  auto t = MergeTimelines({a, b}, o);
  ASSERT_TRUE(t.ok());
  EXPECT_EQ(t->report().input_events(), 2);
  EXPECT_FALSE(EventToRecord(v1::TimelineEvent(), 0).ok());
}

}  // namespace
}  // namespace pmkit

namespace pmkit {
namespace {

TEST(TimelineImportTest, DstGapTakesThePreTransitionOffset) {
  ImportOptions o;
  o.time_zone = "America/New_York";
  // 2026-03-08 02:30 does not exist in New York (clocks jump 02:00 -> 03:00).
  Imported im = Import("time,text\n2026-03-08T01:59:00,a\n2026-03-08T02:30:00,gap\n"
                       "2026-03-08T03:01:00,b\n",
                       ImportFormat::kCsv, o);
  ASSERT_EQ(im.records.size(), 3u);
  const int64_t a = 1772953140;  // 2026-03-08T06:59:00Z (EST).
  EXPECT_EQ(im.records[0].time_ns, a * kSec);
  EXPECT_EQ(im.records[1].time_ns, (a + 31 * 60) * kSec);  // 07:30Z, EST.
  EXPECT_EQ(im.records[2].time_ns, (a + 2 * 60) * kSec);   // 07:01Z, EDT.
  // Merged, the gap reading sorts after "b": the order follows the instants.
  SourceRecords s;
  s.source.set_name("n");
  s.records = im.records;
  v1::MergeOptions mo;
  mo.set_disable_dedup(true);
  auto t = MergeTimelines({s}, mo);
  ASSERT_TRUE(t.ok());
  EXPECT_EQ(t->events(1).text(), "b");
}

}  // namespace
}  // namespace pmkit

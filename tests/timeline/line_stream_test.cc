// Tests of the streaming line-file path: a file streamed record by record
// (OpenLineFileSource, ScanLineFile) must give exactly what importing it
// whole gives, and a merge over streams exactly what the in-memory merge
// gives.
#include <algorithm>
#include <cstdio>
#include <fstream>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "gtest/gtest.h"
#include "pmkit/timeline.h"

namespace pmkit {
namespace {

std::string WriteFile(const std::string& name, const std::string& contents) {
  std::string path = ::testing::TempDir() + "/" + name;
  std::ofstream(path, std::ios::binary) << contents;
  return path;
}

ImportOptions Options(const std::string& name) {
  ImportOptions o;
  o.source_name = name;
  o.year = 2024;
  o.time_zone = "Europe/Berlin";
  return o;
}

void ExpectSameRecord(const TimelineRecord& a, const TimelineRecord& b) {
  EXPECT_EQ(a.position, b.position);
  EXPECT_EQ(a.time_ns, b.time_ns) << a.position;
  EXPECT_EQ(a.uncertainty_ns, b.uncertainty_ns) << a.position;
  EXPECT_EQ(a.precision, b.precision) << a.position;
  EXPECT_EQ(a.kind, b.kind) << a.position;
  EXPECT_EQ(a.milestone, b.milestone) << a.position;
  EXPECT_EQ(a.text, b.text) << a.position;
  EXPECT_EQ(a.correlation_key, b.correlation_key) << a.position;
  EXPECT_EQ(a.actor, b.actor) << a.position;
  EXPECT_EQ(a.actor_is_system, b.actor_is_system) << a.position;
  EXPECT_EQ(a.record_id, b.record_id) << a.position;
  EXPECT_EQ(a.original_time, b.original_time) << a.position;
  EXPECT_EQ(a.incident_key, b.incident_key) << a.position;
  EXPECT_EQ(a.tags, b.tags) << a.position;
}

void ExpectSameIssues(const std::vector<v1::ImportIssue>& a,
                      const std::vector<v1::ImportIssue>& b) {
  ASSERT_EQ(a.size(), b.size());
  for (size_t i = 0; i < a.size(); ++i) {
    EXPECT_EQ(a[i].SerializeAsString(), b[i].SerializeAsString()) << i;
  }
}

// Imports `contents` whole and streams it from a file; both must agree.
void ExpectStreamMatchesImport(const std::string& name, const std::string& contents,
                               ImportFormat format) {
  SCOPED_TRACE(name);
  const ImportOptions options = Options(name);
  std::vector<TimelineRecord> whole;
  std::vector<v1::ImportIssue> whole_issues;
  ASSERT_TRUE(ImportRecords(contents, format, options, &whole, &whole_issues).ok());

  const std::string path = WriteFile(name, contents);
  std::vector<v1::ImportIssue> streamed_issues;
  auto source = OpenLineFileSource(path, format, options, &streamed_issues);
  ASSERT_TRUE(source.ok()) << source.status();
  std::vector<TimelineRecord> streamed;
  TimelineRecord r;
  while ((*source)->Next(&r)) streamed.push_back(r);
  EXPECT_TRUE((*source)->status().ok()) << (*source)->status();
  ASSERT_EQ(streamed.size(), whole.size());
  for (size_t i = 0; i < whole.size(); ++i) ExpectSameRecord(streamed[i], whole[i]);
  ExpectSameIssues(streamed_issues, whole_issues);

  std::vector<v1::ImportIssue> scan_issues;
  absl::StatusOr<LineFileScan> scan = ScanLineFile(path, format, options, &scan_issues);
  ASSERT_TRUE(scan.ok()) << scan.status();
  EXPECT_EQ(scan->records, static_cast<int64_t>(whole.size()));
  EXPECT_EQ(scan->time_ordered,
            std::is_sorted(whole.begin(), whole.end(),
                           [](const TimelineRecord& a, const TimelineRecord& b) {
                             return a.time_ns < b.time_ns;
                           }));
  ExpectSameIssues(scan_issues, whole_issues);
}

TEST(TimelineLineStreamTest, SyslogStreamMatchesWholeImport) {
  // Blank, whitespace-only, CRLF and malformed lines, every syslog syntax,
  // a Dec -> Jan year roll, no final newline, and a line longer than the
  // reader's piece (the buffer grows).
  std::string log =
      "2024-03-14T21:00:00Z app started\r\n\n   \nnot a time\n"
      "<13>1 2024-03-14T21:00:02Z h app 1 ID - hi\n"
      "<34>Dec 31 23:59:59 host su[12]: late\n<34>Jan  1 00:00:01 host su: early\n"
      "2024-03-14 21:00:04,123 comma fraction\n2024-03-14T21:00:05 local time\n"
      "2024-03-14T21:00:06Z " + std::string(700000, 'x') + "\n"
      "<999>bad priority\n2024-03-14T21:00:07Z no newline at end";
  ExpectStreamMatchesImport("messy.log", log, ImportFormat::kSyslog);
}

TEST(TimelineLineStreamTest, ScanTimesFixedLayoutLinesAsTheParserDoes) {
  // The scan times lines stamped "YYYY-MM-DDTHH:MM:SS.mmmZ" without parsing
  // them; lines that only look like it (a field out of range, a longer
  // fraction, an offset) are parsed, RFC 3164 lines keep their year roll
  // across the quick ones, and the order the scan finds is the records'.
  const std::string log =
      "<34>Dec 31 23:59:58 host su: late\n"
      "2024-12-31T22:59:59.001Z quick\n"
      "2024-13-31T22:59:59.001Z month 13\n"
      "2024-02-30T00:00:00.000Z no such day\n"
      "2199-12-31T23:59:60.999Z past 2199\n"
      "<34>Jan  1 00:00:01 host su: early\n"
      "2025-01-01T00:00:01.5Z short fraction\n"
      "2025-01-01T00:00:01.5000Z long fraction\n"
      "2025-01-01T01:00:02.000+01:00 offset\n"
      "2025-01-01T00:00:02.000Z\n"
      "2025-01-01T00:00:60.000Z leap second\n"
      "2025-01-01t00:00:03.000z lower case\n";
  ExpectStreamMatchesImport("quick.log", log, ImportFormat::kSyslog);
  ExpectStreamMatchesImport("quick_unordered.log",
                            "2024-03-14T21:00:00.100Z b\n2024-03-14T21:00:00.099Z a\n",
                            ImportFormat::kSyslog);
}

TEST(TimelineLineStreamTest, CsvStreamMatchesWholeImport) {
  // Quoted newlines, one of them across the reader's piece boundary; blank
  // records; a malformed row; an unterminated quote at the end.
  std::string csv = "time,text,kind\n\"2024-03-14T21:00:00Z\",\"multi\nline \"\"q\"\"\",alert\n\n  \n";
  csv += "2024-03-14T21:00:01Z,\"" + std::string(300000, 'y') + "\n" +
         std::string(10, 'z') + "\",\nbad,row\n";
  csv += "2024-03-14T21:00:02Z,\"unterminated\nrest\n";
  ExpectStreamMatchesImport("notes.csv", csv, ImportFormat::kCsv);
}

TEST(TimelineLineStreamTest, JsonLinesStreamMatchesWholeImport) {
  ExpectStreamMatchesImport(
      "events.jsonl",
      "{\"time\":\"2024-03-14T21:00:00Z\",\"text\":\"a\",\"kind\":\"alert\"}\n  \n"
      "{\"time\":\"2024-03-14T21:00:00Z\",\"text\":\"a\"}\r\n{bad json}\n"
      "   {\"time\":1710450000,\"text\":\"epoch\",\"tags\":[\"x\"]}  \n",
      ImportFormat::kJsonLines);
}

TEST(TimelineLineStreamTest, ScanTellsTimeOrderAndStopsLikeTheImport) {
  const std::string ordered = WriteFile(
      "ordered.log", "2024-03-14T21:00:00Z a\n2024-03-14T21:00:00Z b\nbad\n");
  const std::string unordered = WriteFile(
      "unordered.log", "2024-03-14T21:00:01Z a\n2024-03-14T21:00:00Z b\n");
  std::vector<v1::ImportIssue> issues;
  auto scan = ScanLineFile(ordered, ImportFormat::kSyslog, Options("o"), &issues);
  ASSERT_TRUE(scan.ok());
  EXPECT_TRUE(scan->time_ordered);
  EXPECT_EQ(scan->records, 2);
  ASSERT_EQ(issues.size(), 1u);
  EXPECT_EQ(issues[0].line(), 3);
  scan = ScanLineFile(unordered, ImportFormat::kSyslog, Options("u"), &issues);
  ASSERT_TRUE(scan.ok());
  EXPECT_FALSE(scan->time_ordered);

  ImportOptions stop = Options("o");
  stop.stop_on_error = true;
  scan = ScanLineFile(ordered, ImportFormat::kSyslog, stop, nullptr);
  EXPECT_EQ(scan.status().message(), "o: line 3: no timestamp (RFC 3339, RFC 5424 or "
                                     "RFC 3164): bad RFC 3164 timestamp \"bad\"");
  ImportOptions small = Options("o");
  small.max_bytes = 10;
  EXPECT_EQ(ScanLineFile(ordered, ImportFormat::kSyslog, small, nullptr).status().code(),
            absl::StatusCode::kResourceExhausted);
  const std::string header = WriteFile("header.csv", "a,b\n1,2\n");
  EXPECT_EQ(ScanLineFile(header, ImportFormat::kCsv, Options("h"), nullptr).status().message(),
            "h: line 1: CSV header has no time column (time, timestamp, ts, date)");
  EXPECT_FALSE(ScanLineFile(::testing::TempDir(), ImportFormat::kSyslog, Options("d"),
                            nullptr).ok());
}

// What a sink saw: primary source and position plus folded ones, in order.
std::vector<std::string> Collect(const std::vector<SourceRecords>& sources,
                                 std::vector<std::unique_ptr<EventSource>> streams,
                                 const v1::MergeOptions& options, v1::MergeReport* report) {
  std::vector<std::string> seen;
  auto merged = MergeTimelinesToSink(
      sources, std::move(streams), options, [&](const MergedEventView& v) {
        std::string e = std::to_string(v.corrected_time_ns) + " " +
                        std::to_string(v.primary_source) + ":" +
                        std::to_string(v.primary->position);
        for (const auto& [s, r] : *v.folded) {
          e += " +" + std::to_string(s) + ":" + std::to_string(r->position);
        }
        seen.push_back(e);
      });
  EXPECT_TRUE(merged.ok()) << merged.status();
  if (merged.ok()) *report = *merged;
  return seen;
}

TEST(TimelineLineStreamTest, MergeOverStreamsMatchesInMemoryMerge) {
  // Two logs a second each for 50 minutes, sharing texts within the window.
  auto stamp = [](int i) {
    char buffer[32];
    std::snprintf(buffer, sizeof(buffer), "2024-03-14T21:%02d:%02d", 10 + i / 60, i % 60);
    return std::string(buffer);
  };
  std::string a, b;
  for (int i = 0; i < 3000; ++i) {
    a += stamp(i) + "Z same text " + std::to_string(i % 7) + "\n";
    b += stamp(i) + ".5Z same text " + std::to_string(i % 5) + "\n";
  }
  b += "garbage\n";
  const std::vector<std::pair<std::string, std::string>> files = {{"a.log", a},
                                                                  {"b.log", b}};
  std::vector<SourceRecords> held(files.size()), streamed(files.size());
  std::vector<std::unique_ptr<EventSource>> streams;
  for (size_t i = 0; i < files.size(); ++i) {
    const ImportOptions o = Options(files[i].first);
    for (SourceRecords* s : {&held[i], &streamed[i]}) {
      s->source.set_name(files[i].first);
      s->source.set_priority(10);
    }
    ASSERT_TRUE(ImportRecords(files[i].second, ImportFormat::kSyslog, o,
                              &held[i].records, &held[i].issues)
                    .ok());
    const std::string path = WriteFile(files[i].first, files[i].second);
    ASSERT_TRUE(ScanLineFile(path, ImportFormat::kSyslog, o, &streamed[i].issues).ok());
    auto events = OpenLineFileSource(path, ImportFormat::kSyslog, o, nullptr);
    ASSERT_TRUE(events.ok());
    streams.push_back(*std::move(events));
  }
  v1::MergeOptions options;
  for (const auto& s : held) {
    ASSERT_TRUE(std::is_sorted(s.records.begin(), s.records.end(),
                               [](const TimelineRecord& x, const TimelineRecord& y) {
                                 return x.time_ns < y.time_ns;
                               }));
  }
  v1::MergeReport held_report, streamed_report;
  std::vector<std::string> from_memory = Collect(held, {}, options, &held_report);
  std::vector<std::string> from_streams =
      Collect(streamed, std::move(streams), options, &streamed_report);
  EXPECT_EQ(from_streams, from_memory);
  EXPECT_GT(held_report.folded_duplicates(), 0);
  EXPECT_EQ(streamed_report.SerializeAsString(), held_report.SerializeAsString());
  EXPECT_EQ(streamed_report.import_issues_size(), 1);
}

TEST(TimelineLineStreamTest, SkewEstimationRefusesStreams) {
  std::vector<SourceRecords> sources(1);
  sources[0].source.set_name("a.log");
  const std::string path = WriteFile("skew.log", "2024-03-14T21:00:00Z a\n");
  std::vector<std::unique_ptr<EventSource>> streams;
  streams.push_back(*OpenLineFileSource(path, ImportFormat::kSyslog, Options("a"), nullptr));
  v1::MergeOptions options;
  options.set_estimate_skew(true);
  auto merged = MergeTimelinesToSink(sources, std::move(streams), options,
                                     [](const MergedEventView&) {});
  EXPECT_EQ(merged.status().code(), absl::StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace pmkit

// Fuzzes every timeline importer and the merge. The first byte picks the
// importer (jsonl, csv, slack, pagerduty, alertmanager, syslog, auto) and
// whether to stop on errors, so one corpus explores all of them.
// Invariants beyond "no crash": every issue has a line within the input and
// a message; every record's position is within the input; the merged
// timeline is ordered and accounts for every record (events + folded); a
// line-oriented input read from a file by the streaming path (ScanLineFile,
// OpenLineFileSource) gives the same issues and records as importing it.
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "pmkit/timeline.h"

namespace {

void Check(bool condition) {
  if (!condition) std::abort();
}

constexpr pmkit::ImportFormat kFormats[] = {
    pmkit::ImportFormat::kJsonLines, pmkit::ImportFormat::kCsv,
    pmkit::ImportFormat::kSlack,     pmkit::ImportFormat::kPagerDuty,
    pmkit::ImportFormat::kAlertmanager, pmkit::ImportFormat::kSyslog,
    pmkit::ImportFormat::kAuto};

// The streaming path over `input` written to a file agrees with
// ImportRecords' `status`, `records` and `issues`.
void CheckStreamingAgrees(absl::string_view input, pmkit::ImportFormat format,
                          const pmkit::ImportOptions& options,
                          const absl::Status& status,
                          const std::vector<pmkit::TimelineRecord>& records,
                          const std::vector<pmkit::v1::ImportIssue>& issues) {
  static const std::string* path = [] {
    auto* p = new std::string("/tmp/pmkit_timeline_fuzzer." +
                              std::to_string(getpid()));
    std::atexit([] { std::remove(path->c_str()); });
    return p;
  }();
  FILE* f = std::fopen(path->c_str(), "wb");
  Check(f != nullptr);
  Check(std::fwrite(input.data(), 1, input.size(), f) == input.size());
  Check(std::fclose(f) == 0);
  std::vector<pmkit::v1::ImportIssue> scan_issues;
  absl::StatusOr<pmkit::LineFileScan> scan =
      pmkit::ScanLineFile(*path, format, options, &scan_issues);
  Check(scan.ok() == status.ok());
  if (!scan.ok()) return;
  Check(scan_issues.size() == issues.size());
  for (size_t i = 0; i < issues.size(); ++i) {
    Check(scan_issues[i].line() == issues[i].line());
  }
  Check(scan->records == static_cast<int64_t>(records.size()));
  absl::StatusOr<std::unique_ptr<pmkit::EventSource>> source =
      pmkit::OpenLineFileSource(*path, format, options, nullptr);
  Check(source.ok());
  pmkit::TimelineRecord r;
  size_t n = 0;
  bool ordered = true;
  while ((*source)->Next(&r)) {
    Check(n < records.size());
    Check(r.position == records[n].position && r.time_ns == records[n].time_ns &&
          r.text == records[n].text && r.kind == records[n].kind);
    if (n > 0 && r.time_ns < records[n - 1].time_ns) ordered = false;
    ++n;
  }
  Check((*source)->status().ok());
  Check(n == records.size());
  Check(scan->time_ordered == ordered);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  const pmkit::ImportFormat format = kFormats[(data[0] & 0x7f) % 7];
  absl::string_view input(reinterpret_cast<const char*>(data) + 1, size - 1);
  pmkit::ImportOptions options;
  options.stop_on_error = (data[0] & 0x80) != 0;
  options.year = 2024;
  options.time_zone = (data[0] & 0x40) ? "America/New_York" : "";
  options.source_name = "fuzz";
  std::vector<pmkit::TimelineRecord> records;
  std::vector<pmkit::v1::ImportIssue> issues;
  absl::Status status =
      pmkit::ImportRecords(input, format, options, &records, &issues);
  if (!status.ok()) Check(!status.message().empty());
  if (format == pmkit::ImportFormat::kJsonLines ||
      format == pmkit::ImportFormat::kCsv ||
      format == pmkit::ImportFormat::kSyslog) {
    CheckStreamingAgrees(input, format, options, status, records, issues);
  }
  int64_t lines = 1;
  for (char c : input) lines += c == '\n';
  for (const auto& issue : issues) {
    Check(issue.line() >= 1 && issue.line() <= lines);
    Check(!issue.message().empty());
    Check(!options.stop_on_error);
  }
  for (const auto& r : records) Check(r.position >= 1 && r.position <= lines);
  if (records.empty()) return 0;
  // Merge the records as two sources (a copy shifted by one second) so the
  // dedup path runs.
  pmkit::SourceRecords a, b;
  a.source.set_name("a");
  b.source.set_name("b");
  b.source.mutable_clock_offset()->set_seconds(1);
  a.records = records;
  b.records = records;
  absl::StatusOr<pmkit::v1::MergedTimeline> merged =
      pmkit::MergeTimelines({a, b});
  Check(merged.ok());
  int64_t provenance = 0;
  for (int i = 0; i < merged->events_size(); ++i) {
    provenance += merged->events(i).provenance_size();
    if (i > 0) {
      const auto& p = merged->events(i - 1).time().time();
      const auto& q = merged->events(i).time().time();
      Check(p.seconds() < q.seconds() ||
            (p.seconds() == q.seconds() && p.nanos() <= q.nanos()));
    }
  }
  Check(provenance == static_cast<int64_t>(2 * records.size()));
  Check(merged->report().input_events() == provenance);
  return 0;
}

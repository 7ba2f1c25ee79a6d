// The human-readable output of `pmkit timeline merge|metrics`: one entry per
// merged event (time, kind, text, milestone, provenance), then the report
// (counts, clock-offset estimates, lifecycle metrics, gaps).
#ifndef PMKIT_CLI_TIMELINE_SUMMARY_H_
#define PMKIT_CLI_TIMELINE_SUMMARY_H_

#include <cstddef>
#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "pmkit/timeline.h"
#include "pmkit/v1/timeline_merge.pb.h"

namespace pmkit::cli {

// Prints times as "2024-03-14T21:47:12.028Z", as
// absl::FormatTime("%Y-%m-%dT%H:%M:%E*SZ") does (fraction without trailing
// zeros), without its per-call zone lookup and format parsing. Remembers
// the last second it printed: a busy log's events come many to a second,
// in order, so the civil date is computed once per second.
// Thread-compatible.
class UtcTimeFormatter {
 public:
  static constexpr size_t kMaxLength = 30;  // "YYYY-MM-DDTHH:MM:SS.nnnnnnnnnZ"

  // Writes the time at p (at most kMaxLength bytes); returns the end.
  char* Write(int64_t ns, char* p);
  void Append(int64_t ns, std::string* out);

 private:
  void Format(int64_t seconds);  // text_ = "YYYY-MM-DDTHH:MM:SS".
  int64_t second_ = std::numeric_limits<int64_t>::min();
  char text_[19] = {};
};

// Appends merged events' entries, straight from the merge's records (no
// TimelineEvent per record): merges of log files print hundreds of
// thousands of events, and this is their hot path. Thread-compatible.
class SummaryEventWriter {
 public:
  // `sources` (the merge's, indexed by MergedEventView.primary_source) must
  // outlive the writer.
  explicit SummaryEventWriter(const std::vector<SourceRecords>* sources)
      : sources_(sources) {}

  void Append(const MergedEventView& view, std::string* out);

 private:
  const std::vector<SourceRecords>* sources_;
  UtcTimeFormatter clock_;
  // The last kind printed and its name (the enum-name lookup costs more
  // than the rest of an entry).
  v1::EventKind kind_ = v1::EVENT_KIND_UNSPECIFIED;
  absl::string_view kind_name_ = "UNSPECIFIED";
};

// Appends the report part: counts and offset estimates (unless
// `metrics_only`), then lifecycle metrics per incident and gaps.
void AppendSummaryReport(const v1::MergeReport& report, bool metrics_only,
                         std::string* out);

}  // namespace pmkit::cli

#endif  // PMKIT_CLI_TIMELINE_SUMMARY_H_

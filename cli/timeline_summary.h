// The human-readable output of `pmkit timeline merge|metrics`: one entry per
// merged event (time, kind, text, milestone, provenance), then the report
// (counts, clock-offset estimates, lifecycle metrics, gaps).
#ifndef PMKIT_CLI_TIMELINE_SUMMARY_H_
#define PMKIT_CLI_TIMELINE_SUMMARY_H_

#include <string>
#include <vector>

#include "pmkit/timeline.h"
#include "pmkit/v1/timeline_merge.pb.h"

namespace pmkit::cli {

// Appends one merged event's entry. Written straight from the merge's
// records (no TimelineEvent per record): merges of log files print hundreds
// of thousands of events, and this is their hot path.
void AppendSummaryEvent(const MergedEventView& view,
                        const std::vector<SourceRecords>& sources,
                        std::string* out);

// Appends the report part: counts and offset estimates (unless
// `metrics_only`), then lifecycle metrics per incident and gaps.
void AppendSummaryReport(const v1::MergeReport& report, bool metrics_only,
                         std::string* out);

}  // namespace pmkit::cli

#endif  // PMKIT_CLI_TIMELINE_SUMMARY_H_

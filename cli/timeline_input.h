// How `pmkit timeline` loads one INPUT: detects its format, then imports it
// whole, or, for a time-ordered line-oriented file, streams it through the
// merge so that memory does not grow with the file.
#ifndef PMKIT_CLI_TIMELINE_INPUT_H_
#define PMKIT_CLI_TIMELINE_INPUT_H_

#include <memory>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "pmkit/timeline.h"
#include "pmkit/v1/postmortem.pb.h"

namespace pmkit::cli {

// The largest input read (whole or streamed).
inline constexpr size_t kMaxTimelineInputBytes = size_t{256} << 20;

// Appends the timeline of a postmortem read from `path` as records (event i
// at position i); an event without a time is an error naming the path.
absl::Status AppendPostmortemRecords(const v1::Postmortem& postmortem,
                                     const std::string& path,
                                     std::vector<TimelineRecord>* records);

// Fills `source` (name = the file name, kind, format, and its records and
// issues) from `path` ("-" is standard input). `forced_format` is an
// importer name, "postmortem", or empty/"auto" to detect. When
// `may_stream` and the input is a regular line-oriented file (syslog, CSV,
// JSON Lines) whose records ScanLineFile finds in time order, `*stream`
// gets a source over the file and `source->records` stays empty (the
// issues are filled by the scan); otherwise `*stream` stays null. The
// printed result is the same either way. Errors name the path.
absl::Status LoadTimelineInput(const std::string& path,
                               const std::string& forced_format,
                               const ImportOptions& import_options,
                               bool may_stream, SourceRecords* source,
                               std::unique_ptr<EventSource>* stream);

}  // namespace pmkit::cli

#endif  // PMKIT_CLI_TIMELINE_INPUT_H_

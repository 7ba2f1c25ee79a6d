// Shared pieces of the importers: the per-import context that records
// issues (or stops), JSON helpers over google.protobuf.Value, and the
// per-format record parsers used by both the whole-input and the streaming
// (line file) paths.
#ifndef PMKIT_SRC_TIMELINE_IMPORT_INTERNAL_H_
#define PMKIT_SRC_TIMELINE_IMPORT_INTERNAL_H_

#include <functional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "google/protobuf/struct.pb.h"
#include "pmkit/timeline.h"
#include "src/timeline/time_util.h"

namespace pmkit::internal {

// Sets a record's time fields from a parsed time; `written` is the time as
// the source wrote it (kept in Provenance.original_time). Assigned in place:
// a streaming source refills one record per line, and its buffers are
// reused instead of reallocated.
inline void SetRecordTime(const ParsedTime& t, absl::string_view written,
                          TimelineRecord* r) {
  r->time_ns = t.ns;
  r->uncertainty_ns = t.uncertainty_ns;
  r->precision = t.precision;
  r->original_time.assign(written.data(), written.size());
}

// Empties a record as a default-constructed one, keeping its strings'
// buffers for the next record parsed into it.
inline void ResetRecord(TimelineRecord* r) {
  r->time_ns = 0;
  r->uncertainty_ns = 0;
  r->precision = v1::TIME_PRECISION_UNSPECIFIED;
  r->kind = v1::EVENT_KIND_UNSPECIFIED;
  r->milestone = v1::MILESTONE_UNSPECIFIED;
  r->position = 0;
  r->text.clear();
  r->correlation_key.clear();
  r->actor.clear();
  r->actor_is_system = false;
  r->record_id.clear();
  r->original_time.clear();
  r->incident_key.clear();
  r->tags.clear();
}

// State of one import: options, zone, issue list.
struct ImportContext {
  ImportOptions options;
  absl::TimeZone zone;
  std::vector<v1::ImportIssue>* issues = nullptr;
  // Set by Issue() when stop_on_error: the error the import stops with.
  absl::Status stop;
  // ScanLineFile: records are checked and timed, not kept, so the syslog
  // parser copies none of their text (a record's time_ns is all it fills;
  // the other parsers fill records whole).
  bool check_only = false;

  // Records a malformed record at `line`. Returns false when the import must
  // stop (stop_on_error).
  bool Issue(int64_t line, absl::string_view message, absl::string_view record);
};

// Calls `item(text, line)` for every top-level JSON item of `data`: the
// elements when the document is an array (or holds an array under
// `array_key` at its top level), otherwise each of the concatenated
// top-level values (a single object, JSON Lines). Returns an error when the
// document's structure is broken (unterminated string or bracket).
absl::Status ForEachJsonItem(
    absl::string_view data, absl::string_view array_key,
    const std::function<bool(absl::string_view, int64_t)>& item);

// Parses one JSON value; false with `error` set on failure.
bool ParseJson(absl::string_view text, google::protobuf::Value* value,
               std::string* error);

// The member at dotted `path` of an object value, or null.
const google::protobuf::Value* Member(const google::protobuf::Value& v,
                                      absl::string_view path);
// The string at `path` (numbers are printed), or "".
std::string StringAt(const google::protobuf::Value& v, absl::string_view path);

// Kind and milestone names, case-insensitive, with or without the enum
// prefix ("alert", "EVENT_KIND_ALERT"); false when unknown.
bool ParseKindName(absl::string_view name, v1::EventKind* kind);
bool ParseMilestoneName(absl::string_view name, v1::Milestone* milestone);
bool ParsePrecisionName(absl::string_view name, v1::TimePrecision* precision);

// Per-format parsers. Each returns OK with *record filled, or an error
// message for the issue list. `line` becomes record->position.
absl::Status ParseGenericJson(const google::protobuf::Value& v,
                              ImportContext* ctx, TimelineRecord* record);
// `last_month`, `year` and `stamps` carry from line to line of one input.
absl::Status ParseSyslogLine(absl::string_view line, ImportContext* ctx,
                             int* last_month, int* year,
                             FixedRfc3339Reader* stamps, TimelineRecord* record);
// The time of an application log line stamped in the fixed layout
// ParseFixedRfc3339Utc reads, which ParseSyslogLine accepts whatever
// follows, with this time and no change to its year state; false: only
// ParseSyslogLine can tell. Lets a scan skip parsing such lines.
bool QuickSyslogTime(absl::string_view line, FixedRfc3339Reader* stamps,
                     int64_t* time_ns);

// CSV: splits one record (may hold quoted newlines) into fields; error when
// a quote is not closed or stray.
absl::Status SplitCsv(absl::string_view record, std::vector<std::string>* fields);
// True when `text` ends inside an open quoted field (the CSV record goes on
// on the next line).
bool CsvOpenQuote(absl::string_view text);

// Maps CSV header names to generic field names; error on a header without a
// time column.
struct CsvHeader {
  std::vector<std::string> names;  // Canonical name per column ("" = extra).
};
absl::Status ParseCsvHeader(const std::vector<std::string>& fields,
                            CsvHeader* header);
absl::Status ParseCsvRow(const CsvHeader& header,
                         const std::vector<std::string>& fields,
                         ImportContext* ctx, TimelineRecord* record);

// The context of one import (the year defaults to this year; the zone is
// loaded); `issues` may be null (malformed records are then skipped
// silently: a streamed file whose issues a scan already reported).
absl::StatusOr<ImportContext> MakeImportContext(
    const ImportOptions& options, std::vector<v1::ImportIssue>* issues);

// Importers over a whole input. ImportLines takes the line-oriented formats
// (JSON Lines, CSV, syslog): the same record splitting and parsing as the
// streaming OpenLineFileSource.
absl::Status ImportLines(absl::string_view data, ImportFormat format,
                         ImportContext* ctx, std::vector<TimelineRecord>* out);
absl::Status ImportSlack(absl::string_view data, ImportContext* ctx,
                         std::vector<TimelineRecord>* out);
absl::Status ImportPagerDuty(absl::string_view data, ImportContext* ctx,
                             std::vector<TimelineRecord>* out);
absl::Status ImportAlertmanager(absl::string_view data, ImportContext* ctx,
                                std::vector<TimelineRecord>* out);

}  // namespace pmkit::internal

#endif  // PMKIT_SRC_TIMELINE_IMPORT_INTERNAL_H_

// Timeline merging: many sources (chat, pager, alerting, logs) into one
// ordered, de-duplicated, explained timeline, with lifecycle metrics and gap
// detection, plus importers for common export formats.
//
// The merge is a streaming k-way merge over EventSource iterators: memory is
// bounded by the number of sources and the events inside one dedup window,
// not by the number of events. Output order is deterministic for the same
// inputs whatever order the sources are given in:
//   corrected time (best estimate), then source priority (higher first), then
//   source name, then position within the source.
// Corrected time = stated time + declared clock offset (+ estimated offset).
//
// Thread safety: the free functions are reentrant. A TimelineMerger is
// thread-compatible (one thread at a time); an EventSource is used by one
// merger at a time.
#ifndef PMKIT_TIMELINE_H_
#define PMKIT_TIMELINE_H_

#include <algorithm>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/types/span.h"
#include "pmkit/v1/timeline.pb.h"
#include "pmkit/v1/timeline_merge.pb.h"

namespace pmkit {

// A light-weight event on its way through the merge. Times are nanoseconds
// since the Unix epoch, UTC, as the source stated them (clock offsets are
// applied by the merge, not by importers).
struct TimelineRecord {
  int64_t time_ns = 0;
  // Half-width of the interval the true time lies in.
  int64_t uncertainty_ns = 0;
  v1::TimePrecision precision = v1::TIME_PRECISION_UNSPECIFIED;
  v1::EventKind kind = v1::EVENT_KIND_UNSPECIFIED;
  v1::Milestone milestone = v1::MILESTONE_UNSPECIFIED;
  // 1-based line of the record in its input (0-based index for non-line
  // inputs); kept in Provenance.position.
  int64_t position = 0;
  // The fields the merge reads for every record come first, so they share
  // the record's first two cache lines.
  std::string text;
  std::string correlation_key;
  std::string actor;         // Display name or system name.
  bool actor_is_system = false;
  std::string record_id;     // Id in the source (Slack ts, log-entry id).
  std::string original_time; // Time as written in the source.
  std::string incident_key;
  std::vector<std::string> tags;
};

// An iterator over one source's records, in the source's own order (which
// should be time order; out-of-order records are still merged correctly only
// up to the dedup window, and counted in the report).
class EventSource {
 public:
  virtual ~EventSource() = default;
  // Fills *out with the next record and returns true; false at the end or on
  // error (then status() says which).
  virtual bool Next(TimelineRecord* out) = 0;
  // OK unless reading failed.
  virtual absl::Status status() const { return absl::OkStatus(); }

  // Sources whose records stay in memory, unchanged, until the merge that
  // reads them ends may lend them instead of copying them: the merger then
  // calls LendBatch (not Next) for the next run of records, in order, until
  // it returns an empty span. Copying a record (several strings) costs more
  // than merging it, so in-memory merges are several times faster this way;
  // lending runs rather than single records also spares a virtual call per
  // record and lets the merge fetch records ahead of time.
  virtual bool lends_records() const { return false; }
  virtual absl::Span<const TimelineRecord> LendBatch() { return {}; }
};

// An EventSource over records held in memory: lends them to the merge
// (the vector must outlive it), copies them on Next.
class VectorEventSource : public EventSource {
 public:
  explicit VectorEventSource(const std::vector<TimelineRecord>* records)
      : records_(records) {}
  bool Next(TimelineRecord* out) override {
    if (next_ >= records_->size()) return false;
    *out = (*records_)[next_++];
    return true;
  }
  bool lends_records() const override { return true; }
  absl::Span<const TimelineRecord> LendBatch() override {
    // The whole vector once (what Next has not copied yet), then nothing.
    absl::Span<const TimelineRecord> rest(*records_);
    rest.remove_prefix(std::min(next_, rest.size()));
    next_ = records_->size();
    return rest;
  }

 private:
  const std::vector<TimelineRecord>* records_;
  size_t next_ = 0;
};

// Sink of merged events: the primary record, the folded duplicates (same
// happening, other sources) and the corrected time. Called in output order.
struct MergedEventView {
  const TimelineRecord* primary;
  int primary_source;  // Index into the merger's sources.
  int64_t corrected_time_ns;
  int64_t uncertainty_ns;
  const std::vector<std::pair<int, const TimelineRecord*>>* folded;
  int64_t sequence;  // 0-based index in the output.
};
using MergedEventSink = std::function<void(const MergedEventView&)>;

// Limits. A merge takes at most kMaxTimelineSources sources
// (ResourceExhausted beyond). The in-memory merges (MergeTimelines,
// MergeTimelinesToSink, and so the C ABI and Python) hold at most
// kMaxInMemoryRecords records over all sources; a TimelineMerger over
// streaming EventSources has no record limit (its memory is bounded by the
// sources and the dedup window).
inline constexpr int kMaxTimelineSources = 4096;
inline constexpr size_t kMaxInMemoryRecords = 10000000;

// Default option values (see MergeOptions in timeline_merge.proto).
inline constexpr int64_t kDefaultDedupWindowNs = int64_t{120} * 1000000000;
inline constexpr double kDefaultSimilarityThreshold = 0.6;
inline constexpr int64_t kDefaultGapThresholdNs = int64_t{1800} * 1000000000;

// 64-bit signature of a text's token set (lower-cased alphanumeric tokens,
// each hashed to one bit). Similarity of two texts is
// popcount(a & b) / popcount(a | b), an estimate of the Jaccard index of
// their token sets that hash collisions can only raise.
uint64_t TextSignature(absl::string_view text);
double SignatureSimilarity(uint64_t a, uint64_t b);

// The streaming merge. Add sources, then Run. Memory: one record per source
// plus the events inside one dedup window.
//
// Thread safety: thread-compatible. A merger holds per-run state (the
// sources' iterators), so it is not shared between threads; Create one per
// merge. Run may be called once.
class TimelineMerger {
 public:
  // Fails on invalid options (negative window, threshold outside 0..1).
  static absl::StatusOr<std::unique_ptr<TimelineMerger>> Create(
      const v1::MergeOptions& options);
  ~TimelineMerger();

  // Adds a source; names must be unique and non-empty.
  absl::Status AddSource(const v1::TimelineSource& source,
                         std::unique_ptr<EventSource> events);

  // Sets an extra offset for source `index` (from EstimateClockOffsets).
  void SetEstimatedOffset(int index, int64_t offset_ns);

  // Merges all sources into `sink`. The report receives counts, gaps and the
  // sorted source list (metrics are computed by the callers that keep
  // events; see MergeTimelines). Can run once.
  absl::Status Run(const MergedEventSink& sink, v1::MergeReport* report);

 private:
  struct Impl;
  explicit TimelineMerger(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

// One source with its records in memory, for the convenience API.
struct SourceRecords {
  v1::TimelineSource source;
  std::vector<TimelineRecord> records;
  std::vector<v1::ImportIssue> issues;  // From its importer.
};

// Estimates clock offsets from records that share a correlation key (or,
// failing that, identical text) with the reference source: the
// highest-priority source (ties: smallest name) that does not ask for
// estimation. The estimate is the median difference after declared offsets.
std::vector<v1::ClockOffsetEstimate> EstimateClockOffsets(
    const std::vector<SourceRecords>& sources, const v1::MergeOptions& options);

// Merges in-memory sources into a MergedTimeline with its report (offset
// estimates when asked, gaps, metrics, the importers' issues).
absl::StatusOr<v1::MergedTimeline> MergeTimelines(
    const std::vector<SourceRecords>& sources,
    const v1::MergeOptions& options = {});

// MergeTimelines without building the timeline: each merged event goes to
// `sink` in output order (MergedEventView.primary_source indexes `sources`;
// the event's milestone and incident key are the primary record's, else the
// first folded record's that has one). Returns the same report. For
// printing or streaming merges of log-sized inputs, where a TimelineEvent
// per record would cost more than the merge.
absl::StatusOr<v1::MergeReport> MergeTimelinesToSink(
    const std::vector<SourceRecords>& sources, const v1::MergeOptions& options,
    const MergedEventSink& sink);

// MergeTimelinesToSink where some sources stream their records instead of
// holding them: when streams[i] is not null it supplies source i's records
// (in time order, e.g. OpenLineFileSource over a file ScanLineFile found
// ordered) and sources[i].records is not read; sources[i].issues still go
// into the report, as they are when the merge ends. `streams` is empty or
// has one entry per source. The in-memory record limit counts the held
// records only. Skew estimation needs every record in memory:
// InvalidArgument when options ask for it and a source streams.
absl::StatusOr<v1::MergeReport> MergeTimelinesToSink(
    const std::vector<SourceRecords>& sources,
    std::vector<std::unique_ptr<EventSource>> streams,
    const v1::MergeOptions& options, const MergedEventSink& sink);

// Lifecycle metrics per incident key from the milestones in `events`: each
// milestone is the earliest event marking it. Events without an incident key
// count for every keyed incident (they describe the document's incident);
// with no keys at all there is one incident "". Durations: detect =
// STARTED->DETECTED, acknowledge = DETECTED->ACKNOWLEDGED, mitigate =
// STARTED->MITIGATED, resolve = STARTED->RESOLVED; bounds widen by both
// milestones' uncertainties; a missing milestone makes the metric unknown.
std::vector<v1::IncidentMetrics> ComputeLifecycleMetrics(
    const google::protobuf::RepeatedPtrField<v1::TimelineEvent>& events);

// Gaps longer than `threshold_ns` between consecutive events (ordered).
std::vector<v1::TimelineGap> FindGaps(
    const google::protobuf::RepeatedPtrField<v1::TimelineEvent>& events,
    int64_t threshold_ns);

// ---------------------------------------------------------------- importers

enum class ImportFormat {
  kAuto,
  kJsonLines,     // One JSON object per line (generic events).
  kCsv,           // CSV with a header row.
  kSlack,         // Slack channel export (JSON array of messages).
  kPagerDuty,     // PagerDuty incident log entries (JSON).
  kAlertmanager,  // Alertmanager webhook payloads (JSON or JSON Lines).
  kSyslog,        // RFC 3339 / RFC 5424 / RFC 3164 timestamped lines.
};

// "jsonl", "csv", "slack", "pagerduty", "alertmanager", "syslog", "auto".
absl::string_view ImportFormatName(ImportFormat format);
absl::StatusOr<ImportFormat> ParseImportFormatName(absl::string_view name);

// Detects a format from a file name (may be empty) and the first bytes.
ImportFormat DetectImportFormat(absl::string_view file_name,
                                absl::string_view head);

struct ImportOptions {
  std::string source_name = "input";
  // IANA zone for timestamps without an offset; empty = UTC.
  std::string time_zone;
  // Year for RFC 3164 timestamps; 0 = current UTC year.
  int year = 0;
  // Stop at the first malformed record (the call fails with its line)
  // instead of reporting it in `issues` and going on.
  bool stop_on_error = false;
  // Inputs larger than this are refused (RESOURCE_EXHAUSTED).
  size_t max_bytes = size_t{256} << 20;
};

// Imports records from `data`. Malformed records become ImportIssues with
// their 1-based line (or the call fails, with stop_on_error). Fails on an
// unknown format or a document-level error (e.g. a Slack export that is not
// a JSON array).
absl::Status ImportRecords(absl::string_view data, ImportFormat format,
                           const ImportOptions& options,
                           std::vector<TimelineRecord>* records,
                           std::vector<v1::ImportIssue>* issues);

// A streaming EventSource over a line-oriented file (jsonl, csv, syslog):
// reads the file in pieces and parses one record at a time, exactly as
// ImportRecords parses the whole file (same records, positions and issues).
// Malformed lines go to `issues` (or stop the source with an error when
// stop_on_error); with `issues` null they are skipped silently (a file
// ScanLineFile has already reported). A file larger than
// options.max_bytes is refused, as ImportRecords refuses it.
absl::StatusOr<std::unique_ptr<EventSource>> OpenLineFileSource(
    const std::string& path, ImportFormat format, const ImportOptions& options,
    std::vector<v1::ImportIssue>* issues);

// What ScanLineFile found in a line-oriented file.
struct LineFileScan {
  int64_t records = 0;       // Well-formed records.
  bool time_ordered = true;  // No record is earlier than the one before it.
};

// Reads a line-oriented file once, keeping no record (application log
// lines stamped "2024-03-14T21:47:12.345Z" are only timed, being
// well-formed whatever follows; other records are parsed): reports its
// malformed lines to `issues` (or fails on the first, with stop_on_error)
// as ImportRecords would, and says whether its records are in time order,
// which a streaming merge needs (an in-memory merge sorts each source
// first). A caller can then stream an ordered file with OpenLineFileSource
// (issues null) and import an unordered one whole, with the same result as
// importing both, in memory bounded by a few records per file.
absl::StatusOr<LineFileScan> ScanLineFile(const std::string& path,
                                          ImportFormat format,
                                          const ImportOptions& options,
                                          std::vector<v1::ImportIssue>* issues);

// Converts records to TimelineEvents (ids "<source>#<position>") and back.
v1::TimelineEvent RecordToEvent(const TimelineRecord& record,
                                const v1::TimelineSource& source);
// A TimelineEvent (e.g. from an existing postmortem) as a record at
// `position`; its id becomes the record id. Events without a time are
// refused (InvalidArgument): they cannot be placed in a merged timeline.
absl::StatusOr<TimelineRecord> EventToRecord(const v1::TimelineEvent& event,
                                             int64_t position);

// The tie-break priority pmkit's CLI gives a source of `kind` when none is
// declared: hand-written 50, pager 40, alerting 30, chat 20, deploy 15,
// log 10, others 0. Curated and authoritative sources become the primary
// record of a folded event.
int DefaultSourcePriority(v1::SourceKind kind);

}  // namespace pmkit

#endif  // PMKIT_TIMELINE_H_

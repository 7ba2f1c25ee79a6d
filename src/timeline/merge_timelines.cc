// The in-memory convenience layer over TimelineMerger: clock-offset
// estimation, conversion of records to TimelineEvents with provenance, and
// the report (gaps, metrics, import issues).
#include <algorithm>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "pmkit/timeline.h"
#include "src/timeline/time_util.h"

namespace pmkit {
namespace {

using internal::FromDuration;
using internal::ToDuration;
using internal::ToTimestamp;

v1::Provenance MakeProvenance(const TimelineRecord& r,
                              const v1::TimelineSource& source, bool folded) {
  v1::Provenance p;
  p.set_source(source.name());
  p.set_source_kind(source.kind());
  p.set_position(r.position);
  p.set_record_id(r.record_id);
  p.set_original_time(r.original_time);
  p.set_folded_duplicate(folded);
  return p;
}

// Orders sources as the merge breaks ties: priority (higher first), name.
std::vector<int> TieOrder(const std::vector<SourceRecords>& sources) {
  std::vector<int> order(sources.size());
  for (size_t i = 0; i < order.size(); ++i) order[i] = static_cast<int>(i);
  std::sort(order.begin(), order.end(), [&](int a, int b) {
    const auto& x = sources[a].source;
    const auto& y = sources[b].source;
    if (x.priority() != y.priority()) return x.priority() > y.priority();
    return x.name() < y.name();
  });
  return order;
}

// The key two sources' records are matched by for skew estimation: the
// correlation key, or failing that the exact text.
std::string MatchKey(const TimelineRecord& r) {
  if (!r.correlation_key.empty()) return absl::StrCat("k:", r.correlation_key);
  if (!r.text.empty()) return absl::StrCat("t:", r.text);
  return "";
}

}  // namespace

v1::TimelineEvent RecordToEvent(const TimelineRecord& record,
                                const v1::TimelineSource& source) {
  v1::TimelineEvent e;
  e.set_id(internal::EventId(source.name(), record.position));
  v1::TimePoint* tp = e.mutable_time();
  *tp->mutable_time() =
      ToTimestamp(record.time_ns + FromDuration(source.clock_offset()));
  if (record.uncertainty_ns > 0) {
    *tp->mutable_uncertainty() = ToDuration(record.uncertainty_ns);
  }
  // The source's declared precision applies when the record does not say.
  tp->set_precision(record.precision != v1::TIME_PRECISION_UNSPECIFIED
                        ? record.precision
                        : source.precision());
  e.set_kind(record.kind);
  e.set_text(record.text);
  if (!record.actor.empty()) {
    if (record.actor_is_system) {
      e.mutable_actor()->set_system(record.actor);
    } else {
      e.mutable_actor()->set_display_name(record.actor);
    }
  }
  *e.add_provenance() = MakeProvenance(record, source, false);
  for (const std::string& tag : record.tags) e.add_tags(tag);
  e.set_milestone(record.milestone);
  e.set_correlation_key(record.correlation_key);
  e.set_incident_key(record.incident_key);
  return e;
}

absl::StatusOr<TimelineRecord> EventToRecord(const v1::TimelineEvent& event,
                                             int64_t position) {
  if (!event.time().has_time()) {
    return absl::InvalidArgumentError(
        absl::StrCat("event \"", event.id(), "\" has no time"));
  }
  TimelineRecord r;
  r.time_ns = internal::FromTimestamp(event.time().time());
  r.uncertainty_ns = std::max<int64_t>(0, FromDuration(event.time().uncertainty()));
  r.precision = event.time().precision();
  r.kind = event.kind();
  r.milestone = event.milestone();
  r.position = position;
  r.text = event.text();
  if (!event.actor().system().empty()) {
    r.actor = event.actor().system();
    r.actor_is_system = true;
  } else if (!event.actor().display_name().empty()) {
    r.actor = event.actor().display_name();
  } else {
    r.actor = event.actor().person_id();
  }
  r.record_id = event.id();
  r.correlation_key = event.correlation_key();
  r.incident_key = event.incident_key();
  r.tags.assign(event.tags().begin(), event.tags().end());
  return r;
}

int DefaultSourcePriority(v1::SourceKind kind) {
  switch (kind) {
    case v1::SOURCE_KIND_MANUAL: return 50;
    case v1::SOURCE_KIND_PAGER: return 40;
    case v1::SOURCE_KIND_ALERTING: return 30;
    case v1::SOURCE_KIND_CHAT: return 20;
    case v1::SOURCE_KIND_DEPLOY: return 15;
    case v1::SOURCE_KIND_LOG: return 10;
    default: return 0;
  }
}

std::vector<v1::ClockOffsetEstimate> EstimateClockOffsets(
    const std::vector<SourceRecords>& sources,
    const v1::MergeOptions& options) {
  std::vector<v1::ClockOffsetEstimate> out;
  std::vector<int> order = TieOrder(sources);
  int reference = -1;
  for (int i : order) {
    if (!sources[i].source.estimate_offset()) {
      reference = i;
      break;
    }
  }
  const int min_shared = std::max(1, options.min_shared_events());
  // First time of each match key in the reference (declared offset applied).
  absl::flat_hash_map<std::string, int64_t> ref_times;
  if (reference >= 0) {
    const SourceRecords& ref = sources[reference];
    int64_t off = FromDuration(ref.source.clock_offset());
    for (const TimelineRecord& r : ref.records) {
      std::string key = MatchKey(r);
      if (!key.empty()) ref_times.emplace(key, r.time_ns + off);
    }
    v1::ClockOffsetEstimate e;
    e.set_source(ref.source.name());
    e.set_reference_source(ref.source.name());
    e.set_status(v1::OFFSET_ESTIMATE_STATUS_REFERENCE);
    *e.mutable_declared_offset() = ref.source.clock_offset();
    out.push_back(e);
  }
  for (int i : order) {
    const SourceRecords& s = sources[i];
    if (!s.source.estimate_offset()) continue;
    v1::ClockOffsetEstimate e;
    e.set_source(s.source.name());
    *e.mutable_declared_offset() = s.source.clock_offset();
    e.set_status(v1::OFFSET_ESTIMATE_STATUS_INSUFFICIENT_EVIDENCE);
    if (reference >= 0) {
      e.set_reference_source(sources[reference].source.name());
      int64_t off = FromDuration(s.source.clock_offset());
      std::vector<int64_t> diffs;
      absl::flat_hash_map<std::string, bool> seen;
      for (const TimelineRecord& r : s.records) {
        std::string key = MatchKey(r);
        if (key.empty() || !seen.emplace(key, true).second) continue;
        auto it = ref_times.find(key);
        if (it != ref_times.end()) {
          diffs.push_back(std::clamp(it->second - (r.time_ns + off),
                                     -internal::kMaxDurationNs,
                                     internal::kMaxDurationNs));
        }
      }
      e.set_shared_events(static_cast<int32_t>(diffs.size()));
      if (static_cast<int>(diffs.size()) >= min_shared) {
        std::sort(diffs.begin(), diffs.end());
        size_t n = diffs.size();
        int64_t median = n % 2 ? diffs[n / 2]
                               : diffs[n / 2 - 1] + (diffs[n / 2] - diffs[n / 2 - 1]) / 2;
        int64_t spread = std::max(median - diffs.front(), diffs.back() - median);
        e.set_status(v1::OFFSET_ESTIMATE_STATUS_ESTIMATED);
        median = std::clamp(median, -internal::kMaxDurationNs, internal::kMaxDurationNs);
        *e.mutable_estimated_offset() = ToDuration(median);
        *e.mutable_spread() = ToDuration(spread);
      }
    }
    out.push_back(e);
  }
  return out;
}

namespace {

// A merged event as a TimelineEvent: the primary record at its corrected
// time, every folded record's provenance, and the tags, milestone and
// incident key the folded records add.
v1::TimelineEvent MergedEvent(const MergedEventView& view,
                              const std::vector<v1::TimelineSource>& specs) {
  v1::TimelineEvent e = RecordToEvent(*view.primary, specs[view.primary_source]);
  *e.mutable_time()->mutable_time() = ToTimestamp(view.corrected_time_ns);
  for (const auto& [s, r] : *view.folded) {
    *e.add_provenance() = MakeProvenance(*r, specs[s], true);
    for (const std::string& tag : r->tags) {
      if (std::find(e.tags().begin(), e.tags().end(), tag) == e.tags().end()) {
        e.add_tags(tag);
      }
    }
    if (e.milestone() == v1::MILESTONE_UNSPECIFIED) e.set_milestone(r->milestone);
    if (e.incident_key().empty()) e.set_incident_key(r->incident_key);
  }
  return e;
}

bool HasMilestone(const MergedEventView& view) {
  if (view.primary->milestone != v1::MILESTONE_UNSPECIFIED) return true;
  for (const auto& folded : *view.folded) {
    if (folded.second->milestone != v1::MILESTONE_UNSPECIFIED) return true;
  }
  return false;
}

using SpecSink = std::function<void(const MergedEventView&,
                                    const std::vector<v1::TimelineSource>&)>;

// The merge behind MergeTimelines and MergeTimelinesToSink: streams[i] (when
// given and not null) supplies source i's records; the others are held in
// memory, sorted first when they are not in time order. Applies offset
// estimates, runs the merge into `sink` (which also gets the sources as
// merged, estimated offsets included) and completes the report with import
// issues and lifecycle metrics.
absl::Status MergeSources(const std::vector<SourceRecords>& sources,
                          std::vector<std::unique_ptr<EventSource>> streams,
                          const v1::MergeOptions& options,
                          const SpecSink& sink, v1::MergeReport* report) {
  if (!streams.empty() && streams.size() != sources.size()) {
    return absl::InvalidArgumentError("streams must be empty or one per source");
  }
  auto streamed = [&streams](size_t i) {
    return !streams.empty() && streams[i] != nullptr;
  };
  size_t records = 0;
  bool any_streamed = false;
  for (size_t i = 0; i < sources.size(); ++i) {
    if (streamed(i)) {
      any_streamed = true;
    } else {
      records += sources[i].records.size();
    }
  }
  if (records > kMaxInMemoryRecords) {
    return absl::ResourceExhaustedError(absl::StrCat(
        records, " records are more than an in-memory merge takes (",
        kMaxInMemoryRecords, "); stream them through TimelineMerger"));
  }
  if (options.estimate_skew() && any_streamed) {
    return absl::InvalidArgumentError(
        "clock-skew estimation needs every record in memory; a source streams");
  }
  absl::StatusOr<std::unique_ptr<TimelineMerger>> merger =
      TimelineMerger::Create(options);
  if (!merger.ok()) return merger.status();
  // Each source in time order (stable: equal times keep source order), so a
  // source that is not sorted still merges correctly.
  std::vector<std::vector<TimelineRecord>> sorted(sources.size());
  std::vector<v1::TimelineSource> specs(sources.size());
  auto by_time = [](const TimelineRecord& a, const TimelineRecord& b) {
    return a.time_ns < b.time_ns;
  };
  for (size_t i = 0; i < sources.size(); ++i) {
    specs[i] = sources[i].source;
    std::unique_ptr<EventSource> events;
    if (streamed(i)) {
      events = std::move(streams[i]);
    } else {
      const std::vector<TimelineRecord>* held = &sources[i].records;
      if (!std::is_sorted(held->begin(), held->end(), by_time)) {
        // Sort positions, then copy once: records are large to move around.
        std::vector<size_t> order(held->size());
        for (size_t k = 0; k < order.size(); ++k) order[k] = k;
        std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) {
          return (*held)[a].time_ns < (*held)[b].time_ns;
        });
        sorted[i].reserve(order.size());
        for (size_t k : order) sorted[i].push_back((*held)[k]);
        held = &sorted[i];
      }
      events = std::make_unique<VectorEventSource>(held);
    }
    if (absl::Status s = (*merger)->AddSource(specs[i], std::move(events));
        !s.ok()) {
      return s;
    }
  }
  if (options.estimate_skew()) {
    std::vector<v1::ClockOffsetEstimate> estimates =
        EstimateClockOffsets(sources, options);
    for (const auto& e : estimates) {
      *report->add_offset_estimates() = e;
      if (e.status() != v1::OFFSET_ESTIMATE_STATUS_ESTIMATED) continue;
      for (size_t i = 0; i < sources.size(); ++i) {
        if (specs[i].name() == e.source()) {
          (*merger)->SetEstimatedOffset(static_cast<int>(i),
                                        FromDuration(e.estimated_offset()));
          *specs[i].mutable_clock_offset() = ToDuration(
              FromDuration(specs[i].clock_offset()) +
              FromDuration(e.estimated_offset()));
        }
      }
    }
  }
  // Metrics need only the milestone events: keep those, not the timeline.
  google::protobuf::RepeatedPtrField<v1::TimelineEvent> milestones;
  absl::Status status = (*merger)->Run(
      [&](const MergedEventView& view) {
        sink(view, specs);
        if (HasMilestone(view)) *milestones.Add() = MergedEvent(view, specs);
      },
      report);
  if (!status.ok()) return status;
  for (const auto& s : sources) {
    for (const auto& issue : s.issues) *report->add_import_issues() = issue;
  }
  for (auto& m : ComputeLifecycleMetrics(milestones)) {
    *report->add_incidents() = std::move(m);
  }
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<v1::MergedTimeline> MergeTimelines(
    const std::vector<SourceRecords>& sources,
    const v1::MergeOptions& options) {
  v1::MergedTimeline out;
  absl::Status status = MergeSources(
      sources, {}, options,
      [&out](const MergedEventView& view,
             const std::vector<v1::TimelineSource>& specs) {
        *out.add_events() = MergedEvent(view, specs);
      },
      out.mutable_report());
  if (!status.ok()) return status;
  return out;
}

absl::StatusOr<v1::MergeReport> MergeTimelinesToSink(
    const std::vector<SourceRecords>& sources, const v1::MergeOptions& options,
    const MergedEventSink& sink) {
  return MergeTimelinesToSink(sources, {}, options, sink);
}

absl::StatusOr<v1::MergeReport> MergeTimelinesToSink(
    const std::vector<SourceRecords>& sources,
    std::vector<std::unique_ptr<EventSource>> streams,
    const v1::MergeOptions& options, const MergedEventSink& sink) {
  v1::MergeReport report;
  absl::Status status = MergeSources(
      sources, std::move(streams), options,
      [&sink](const MergedEventView& view,
              const std::vector<v1::TimelineSource>&) { sink(view); },
      &report);
  if (!status.ok()) return status;
  return report;
}

std::vector<v1::TimelineGap> FindGaps(
    const google::protobuf::RepeatedPtrField<v1::TimelineEvent>& events,
    int64_t threshold_ns) {
  std::vector<v1::TimelineGap> gaps;
  const v1::TimelineEvent* prev = nullptr;
  for (const v1::TimelineEvent& e : events) {
    if (!e.time().has_time()) continue;
    if (prev != nullptr) {
      int64_t a = internal::FromTimestamp(prev->time().time());
      int64_t b = internal::FromTimestamp(e.time().time());
      if (b - a > threshold_ns) {
        v1::TimelineGap g;
        *g.mutable_start() = prev->time().time();
        *g.mutable_end() = e.time().time();
        *g.mutable_duration() = ToDuration(b - a);
        g.set_before_event_id(prev->id());
        g.set_after_event_id(e.id());
        gaps.push_back(std::move(g));
      }
    }
    prev = &e;
  }
  return gaps;
}

std::vector<v1::IncidentMetrics> ComputeLifecycleMetrics(
    const google::protobuf::RepeatedPtrField<v1::TimelineEvent>& events) {
  struct Mark {
    int64_t ns, unc;
    const v1::TimelineEvent* event;
  };
  // incident key -> milestone -> earliest mark.
  std::map<std::string, std::map<int, Mark>> marks;
  for (const v1::TimelineEvent& e : events) {
    if (e.milestone() == v1::MILESTONE_UNSPECIFIED || !e.time().has_time()) {
      continue;
    }
    int64_t ns = internal::FromTimestamp(e.time().time());
    int64_t unc = FromDuration(e.time().uncertainty());
    auto& m = marks[e.incident_key()];
    auto it = m.find(e.milestone());
    if (it == m.end() || ns < it->second.ns) m[e.milestone()] = {ns, unc, &e};
  }
  if (marks.empty()) marks[""];  // One incident, every metric unknown.
  // Milestones without an incident key belong to the document's incident,
  // which is every keyed incident when there are some (a hand-written
  // STARTED applies to the PagerDuty incident too). A keyed milestone wins
  // over an unkeyed one only when it is earlier.
  if (marks.size() > 1 && marks.count("") > 0) {
    std::map<int, Mark> shared = marks[""];
    marks.erase("");
    for (auto& [key, m] : marks) {
      for (const auto& [milestone, mark] : shared) {
        auto it = m.find(milestone);
        if (it == m.end() || mark.ns < it->second.ns) m[milestone] = mark;
      }
    }
  }
  struct Def {
    v1::LifecycleMetricKind kind;
    v1::Milestone from, to;
  };
  static constexpr Def kDefs[] = {
      {v1::LIFECYCLE_METRIC_KIND_TIME_TO_DETECT, v1::MILESTONE_STARTED,
       v1::MILESTONE_DETECTED},
      {v1::LIFECYCLE_METRIC_KIND_TIME_TO_ACKNOWLEDGE, v1::MILESTONE_DETECTED,
       v1::MILESTONE_ACKNOWLEDGED},
      {v1::LIFECYCLE_METRIC_KIND_TIME_TO_MITIGATE, v1::MILESTONE_STARTED,
       v1::MILESTONE_MITIGATED},
      {v1::LIFECYCLE_METRIC_KIND_TIME_TO_RESOLVE, v1::MILESTONE_STARTED,
       v1::MILESTONE_RESOLVED},
  };
  std::vector<v1::IncidentMetrics> out;
  for (const auto& [key, m] : marks) {
    v1::IncidentMetrics im;
    im.set_incident_key(key);
    for (const auto& [milestone, mark] : m) {
      v1::MilestoneTime* mt = im.add_milestones();
      mt->set_milestone(static_cast<v1::Milestone>(milestone));
      *mt->mutable_time() = mark.event->time();
      mt->set_event_id(mark.event->id());
    }
    for (const Def& def : kDefs) {
      v1::LifecycleMetric* metric = im.add_metrics();
      metric->set_kind(def.kind);
      metric->set_from(def.from);
      metric->set_to(def.to);
      auto a = m.find(def.from), b = m.find(def.to);
      if (a == m.end() || b == m.end()) {
        metric->set_known(false);
        metric->set_note(absl::StrCat(
            "unknown: no ",
            v1::Milestone_Name(a == m.end() ? def.from : def.to),
            " milestone"));
        continue;
      }
      int64_t d = b->second.ns - a->second.ns;
      int64_t spread = a->second.unc + b->second.unc;
      metric->set_known(true);
      *metric->mutable_duration() = ToDuration(d);
      *metric->mutable_min_duration() = ToDuration(std::max<int64_t>(0, d - spread));
      *metric->mutable_max_duration() = ToDuration(d + spread);
      if (d < 0) {
        metric->set_note(absl::StrCat(v1::Milestone_Name(def.to),
                                      " is before ",
                                      v1::Milestone_Name(def.from)));
        *metric->mutable_min_duration() = ToDuration(d - spread);
      }
    }
    out.push_back(std::move(im));
  }
  return out;
}

}  // namespace pmkit

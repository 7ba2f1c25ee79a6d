// Time: lifecycle order, event times, the incident window, timeline order and
// duplicates, the display zone, and what verbatim source times carry.
#include <cstdint>
#include <tuple>

#include "absl/base/attributes.h"
#include "absl/strings/str_cat.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "src/validate/epoch_seconds.h"
#include "src/validate/run.h"
#include "src/validate/text.h"

namespace pmkit::validate_internal {
namespace {

using v1::Postmortem;
using v1::TimePoint;

// Protobuf Timestamp's valid range: 0001-01-01 to 9999-12-31.
constexpr int64_t kMinSeconds = -62135596800;
constexpr int64_t kMaxSeconds = 253402300799;

struct Instant {
  bool known = false;
  int64_t seconds = 0;
  int32_t nanos = 0;
  int64_t slack = 0;  // Declared uncertainty plus the precision's unit.
};

bool ValidTimestamp(const google::protobuf::Timestamp& t) {
  return t.seconds() >= kMinSeconds && t.seconds() <= kMaxSeconds &&
         t.nanos() >= 0 && t.nanos() <= 999999999 &&
         !(t.seconds() == 0 && t.nanos() == 0);
}

// The unit of a precision in seconds: 1 for seconds and finer, unknown
// values and none. A table indexed without a branch: a timeline mixes
// precisions from event to event, and the switch's range test (the compiled
// jump past the table of MINUTE to DAY) was mispredicted about once in two
// events.
inline int64_t PrecisionUnit(v1::TimePrecision precision) {
  static constexpr int64_t kUnits[] = {1, 1, 1, 60, 3600, 86400};
  static_assert(v1::TIME_PRECISION_MINUTE == 3 &&
                v1::TIME_PRECISION_HOUR == 4 && v1::TIME_PRECISION_DAY == 5 &&
                v1::TimePrecision_MAX == 5);
  const uint32_t index = static_cast<uint32_t>(precision);
  return kUnits[index < 6 ? index : 0];
}

// ToInstant for a point known to hold a valid time (CheckPoint passed it):
// the timeline loop would otherwise test each event's time twice.
inline Instant ValidInstant(const TimePoint& point) {
  Instant instant;
  instant.known = true;
  instant.seconds = point.time().seconds();
  instant.nanos = point.time().nanos();
  int64_t uncertainty = point.uncertainty().seconds();
  if (uncertainty < 0 || uncertainty > kMaxSeconds) uncertainty = 0;
  instant.slack = uncertainty + PrecisionUnit(point.precision());
  return instant;
}

inline Instant ToInstant(const TimePoint& point) {
  if (!point.has_time() || !ValidTimestamp(point.time())) return Instant();
  return ValidInstant(point);
}

bool Before(const Instant& a, const Instant& b) {
  return a.seconds < b.seconds || (a.seconds == b.seconds && a.nanos < b.nanos);
}

std::string FormatUtc(int64_t seconds) {
  return absl::FormatTime("%Y-%m-%d %H:%M:%S UTC", absl::FromUnixSeconds(seconds),
                          absl::UTCTimeZone());
}

// Reports the invalid instant CheckPoint found: out of line, as CheckPoint
// runs for every time of the document and almost never finds one.
ABSL_ATTRIBUTE_NOINLINE void EmitInvalidPoint(Run& run, const TimePoint& point,
                                              const Path& path, bool bad_time) {
  if (bad_time) {
    run.Emit(kInstantInvalid, path.Field("time", TimePoint::kTimeFieldNumber),
             point.time().seconds() == 0 && point.time().nanos() == 0
                 ? "The instant is the zero time (1970-01-01T00:00:00Z)."
                 : "The instant is outside 0001-01-01 to 9999-12-31 or its "
                   "nanos are out of range.",
             "Leave an unknown time unset; otherwise correct it.");
  } else {
    run.Emit(kInstantInvalid,
             path.Field("uncertainty", TimePoint::kUncertaintyFieldNumber),
             "The uncertainty is negative.",
             "State the half-width of the interval as a positive duration.");
  }
}

// What is invalid inside `point`: nothing, its time (out of range or
// zero) or its uncertainty (negative).
enum class PointProblem { kNone, kTime, kUncertainty };
inline PointProblem FindPointProblem(const TimePoint& point) {
  if (point.has_time() && !ValidTimestamp(point.time())) {
    return PointProblem::kTime;
  }
  if (point.uncertainty().seconds() < 0 || point.uncertainty().nanos() < 0) {
    return PointProblem::kUncertainty;
  }
  return PointProblem::kNone;
}

// Reports an invalid instant inside `point` (time out of range or zero,
// negative uncertainty). Returns true when one was reported or found.
inline bool CheckPoint(Run& run, const TimePoint& point, const Path& path) {
  const PointProblem problem = FindPointProblem(point);
  if (problem == PointProblem::kNone) return false;
  if (run.On(kInstantInvalid)) {
    EmitInvalidPoint(run, point, path, problem == PointProblem::kTime);
  }
  return true;
}

// The path of timeline[i]. A child of the root, so it may be returned.
Path EventPath(int i) {
  return Path().Element("timeline", Postmortem::kTimelineFieldNumber, i);
}

// CheckPoint's report for timeline[i].time, its path built here: the
// timeline loop builds no path for an event that reports nothing.
ABSL_ATTRIBUTE_NOINLINE void EmitInvalidEventTime(Run& run,
                                                  const TimePoint& point, int i,
                                                  PointProblem problem) {
  const Path here = EventPath(i);
  EmitInvalidPoint(run, point,
                   here.Field("time", v1::TimelineEvent::kTimeFieldNumber),
                   problem == PointProblem::kTime);
}

void CheckTimestamp(Run& run, const google::protobuf::Timestamp& t,
                    const Path& path) {
  if (ValidTimestamp(t) || !run.On(kInstantInvalid)) return;
  run.Emit(kInstantInvalid, path,
           "The instant is the zero time or outside 0001-01-01 to 9999-12-31.",
           "Leave an unknown time unset; otherwise correct it.");
}

struct LifecycleEntry {
  const char* name;
  int number;
  const TimePoint* point;
};

struct Window {
  Instant start;  // Known when the incident's start is known.
  Instant end;    // Known when its close or resolution is known.
};

Window LifecycleChecks(Run& run) {
  const Postmortem& pm = run.pm();
  const v1::Lifecycle& lc = pm.lifecycle();
  const Path path =
      Path().Field("lifecycle", Postmortem::kLifecycleFieldNumber);
  const LifecycleEntry entries[] = {
      {"started", v1::Lifecycle::kStartedFieldNumber,
       lc.has_started() ? &lc.started() : nullptr},
      {"detected", v1::Lifecycle::kDetectedFieldNumber,
       lc.has_detected() ? &lc.detected() : nullptr},
      {"acknowledged", v1::Lifecycle::kAcknowledgedFieldNumber,
       lc.has_acknowledged() ? &lc.acknowledged() : nullptr},
      {"mitigated", v1::Lifecycle::kMitigatedFieldNumber,
       lc.has_mitigated() ? &lc.mitigated() : nullptr},
      {"resolved", v1::Lifecycle::kResolvedFieldNumber,
       lc.has_resolved() ? &lc.resolved() : nullptr},
      {"closed", v1::Lifecycle::kClosedFieldNumber,
       lc.has_closed() ? &lc.closed() : nullptr},
  };
  Instant instants[6];
  int previous = -1;
  for (int i = 0; i < 6; ++i) {
    if (entries[i].point == nullptr) continue;
    const Path here = path.Field(entries[i].name, entries[i].number);
    CheckPoint(run, *entries[i].point, here);
    instants[i] = ToInstant(*entries[i].point);
    if (!instants[i].known) continue;
    if (previous >= 0) {
      const Instant& a = instants[previous];
      const Instant& b = instants[i];
      if (b.seconds + b.slack + a.slack < a.seconds &&
          run.On(kLifecycleOrder)) {
        run.Emit(kLifecycleOrder, here,
                 absl::StrCat(entries[i].name, " (", FormatUtc(b.seconds),
                              ") is before ", entries[previous].name, " (",
                              FormatUtc(a.seconds),
                              "), beyond their declared uncertainty."),
                 "Correct the time, or declare its uncertainty if it is an "
                 "estimate.");
      }
    }
    previous = i;
  }
  if (run.past_draft() && run.On(kLifecycleIncomplete)) {
    std::string missing;
    for (int i : {0, 1, 3, 4}) {
      if (!instants[i].known) {
        absl::StrAppend(&missing, missing.empty() ? "" : ", ",
                        entries[i].name);
      }
    }
    if (!missing.empty()) {
      run.Emit(kLifecycleIncomplete, path,
               absl::StrCat("The lifecycle lacks: ", missing, "."),
               "Record each time, as an estimate with uncertainty if need "
               "be.");
    }
  }
  Window window;
  window.start = instants[0];
  window.end = instants[5].known ? instants[5] : instants[4];
  return window;
}

bool SameCivilDay(const Instant& a, const Instant& b,
                  const absl::TimeZone& zone) {
  return absl::ToCivilDay(absl::FromUnixSeconds(a.seconds), zone) ==
         absl::ToCivilDay(absl::FromUnixSeconds(b.seconds), zone);
}

}  // namespace

void CheckTime(Run& run) {
  const Postmortem& pm = run.pm();
  const Path root;
  for (auto [has, t, name, number] :
       {std::make_tuple(pm.has_create_time(), &pm.create_time(), "create_time",
                        Postmortem::kCreateTimeFieldNumber),
        std::make_tuple(pm.has_publish_time(), &pm.publish_time(),
                        "publish_time", Postmortem::kPublishTimeFieldNumber),
        std::make_tuple(pm.has_update_time(), &pm.update_time(), "update_time",
                        Postmortem::kUpdateTimeFieldNumber)}) {
    if (has) CheckTimestamp(run, *t, root.Field(name, number));
  }

  absl::TimeZone zone = absl::UTCTimeZone();
  if (!pm.display_time_zone().empty() &&
      !absl::LoadTimeZone(pm.display_time_zone(), &zone)) {
    zone = absl::UTCTimeZone();
    if (run.On(kZoneUnknown)) {
      run.Emit(kZoneUnknown,
               root.Field("display_time_zone",
                          Postmortem::kDisplayTimeZoneFieldNumber),
               absl::StrCat("\"", pm.display_time_zone(),
                            "\" is not a known IANA time zone."),
               "Use an IANA name such as \"Europe/Berlin\" or "
               "\"America/New_York\", or leave it empty for UTC.");
    }
  }

  Window window = LifecycleChecks(run);
  const int n = pm.timeline_size();
  // Without lifecycle times the milestones bound the window.
  if (!window.start.known || !window.end.known) {
    for (const v1::TimelineEvent& e : pm.timeline()) {
      if (e.milestone() == v1::MILESTONE_STARTED && !window.start.known) {
        window.start = ToInstant(e.time());
      } else if ((e.milestone() == v1::MILESTONE_CLOSED ||
                  e.milestone() == v1::MILESTONE_RESOLVED) &&
                 !window.end.known) {
        window.end = ToInstant(e.time());
      }
    }
  }
  const int64_t lo = window.start.seconds - window.start.slack -
                     run.policy().lead_up_seconds;
  const int64_t hi =
      window.end.seconds + window.end.slack + run.policy().follow_up_seconds;

  Instant previous;
  int multi_day = -1;  // Computed on first need: -1 unknown, 0 no, 1 yes.
  Instant first, last;
  for (int i = 0; i < n; ++i) {
    const v1::TimelineEvent& e = pm.timeline(i);
    // The event's paths are built only where a finding is emitted (nearly
    // every event reports nothing): EventPath(i), then its "time".
    constexpr int kTime = v1::TimelineEvent::kTimeFieldNumber;
    if (!e.has_time() || !e.time().has_time()) {
      if (run.On(kEventTimeMissing)) {
        const Path here = EventPath(i);
        run.Emit(kEventTimeMissing, here.Field("time", kTime),
                 "The event has no time.",
                 "Give it a time, as an estimate with uncertainty if need be.");
      }
      continue;
    }
    if (const PointProblem problem = FindPointProblem(e.time());
        problem != PointProblem::kNone) {
      if (run.On(kInstantInvalid)) {
        EmitInvalidEventTime(run, e.time(), i, problem);
      }
      continue;
    }
    const Instant t = ValidInstant(e.time());
    if (!first.known) first = t;
    last = t;
    if (previous.known && Before(t, previous) && run.On(kTimelineUnsorted)) {
      const Path here = EventPath(i);
      run.Emit(kTimelineUnsorted, here.Field("time", kTime),
               absl::StrCat("The event (", FormatUtc(t.seconds),
                            ") is earlier than the event before it (",
                            FormatUtc(previous.seconds), ")."),
               "Sort the timeline by time.");
    }
    if (previous.known && t.seconds == previous.seconds &&
        t.nanos == previous.nanos && run.On(kTimelineDuplicate)) {
      // Exact duplicates share the instant, so with a sorted timeline they
      // sit in one run of equal times: compare within the run.
      for (int j = i - 1; j >= 0; --j) {
        const v1::TimelineEvent& other = pm.timeline(j);
        if (other.time().time().seconds() != t.seconds ||
            other.time().time().nanos() != t.nanos) {
          break;
        }
        if (other.kind() == e.kind() && other.text() == e.text()) {
          run.Emit(kTimelineDuplicate, EventPath(i),
                   absl::StrCat("The event repeats timeline[", j,
                                "] (same time, kind and text)."),
                   "Remove the duplicate, keeping its provenance on the "
                   "other event.");
          break;
        }
      }
    }
    if (window.start.known && t.seconds + t.slack < lo &&
        run.On(kEventOutsideWindow)) {
      const Path here = EventPath(i);
      run.Emit(kEventOutsideWindow, here.Field("time", kTime),
               absl::StrCat("The event (", FormatUtc(t.seconds),
                            ") is more than the lead-up allowance before the "
                            "incident started (",
                            FormatUtc(window.start.seconds), ")."),
               "Check the date; raise Policy.lead_up_allowance if lead-up "
               "events this early are intended.");
    } else if (window.end.known && t.seconds - t.slack > hi &&
               run.On(kEventOutsideWindow)) {
      const Path here = EventPath(i);
      run.Emit(kEventOutsideWindow, here.Field("time", kTime),
               absl::StrCat("The event (", FormatUtc(t.seconds),
                            ") is more than the follow-up allowance after the "
                            "incident ended (",
                            FormatUtc(window.end.seconds), ")."),
               "Check the date; follow-up work belongs in action items.");
    }
    previous = t;
    // Verbatim source times.
    for (int p = 0; p < e.provenance_size(); ++p) {
      const std::string& original = e.provenance(p).original_time();
      if (original.empty()) continue;
      if (!run.On(kSourceDateMissing) && !run.On(kSourceZoneMissing)) break;
      // Epoch seconds (clock, date and zone) are passed over inline, before
      // the call that classifies the rest.
      if (IsEpochSeconds(TrimSpace(original))) continue;
      const SourceTime source = ClassifySourceTime(original);
      // Only a clock without a date or zone is reported: the paths are built
      // after that test, as nearly every source time passes it.
      if (!source.clock || (source.date && source.zone)) continue;
      const Path here = EventPath(i);
      const Path provenance =
          here.Element("provenance", v1::TimelineEvent::kProvenanceFieldNumber, p);
      const Path original_path =
          provenance.Field("original_time", v1::Provenance::kOriginalTimeFieldNumber);
      if (!source.date && run.On(kSourceDateMissing)) {
        if (multi_day < 0) {
          Instant a = window.start.known ? window.start : first;
          Instant b = window.end.known ? window.end : t;
          if (!window.end.known) {
            for (int k = n - 1; k > i; --k) {
              const Instant x = ToInstant(pm.timeline(k).time());
              if (x.known) {
                b = x;
                break;
              }
            }
          }
          multi_day = a.known && b.known && !SameCivilDay(a, b, zone) ? 1 : 0;
        }
        if (multi_day == 1) {
          run.Emit(kSourceDateMissing, original_path,
                   absl::StrCat("The incident spans several days but the "
                                "source time \"",
                                original, "\" has no date."),
                   "Check that the event's time has the right day; record "
                   "dates with times in multi-day incidents.");
        }
      }
      if (!source.zone && run.On(kSourceZoneMissing)) {
        run.Emit(kSourceZoneMissing, original_path,
                 absl::StrCat("The source time \"", original,
                              "\" has no zone or offset; its conversion to "
                              "UTC assumed one."),
                 "Check the event's time; note the zone the source used.");
      }
    }
  }
}

}  // namespace pmkit::validate_internal

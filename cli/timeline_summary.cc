#include "cli/timeline_summary.h"

#include <cstdint>
#include <string>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "absl/time/time.h"

namespace pmkit::cli {
namespace {

constexpr int64_t kNanosPerSecond = 1000000000;

int64_t FloorDiv(int64_t a, int64_t b) {
  return a / b - ((a % b != 0) && ((a < 0) != (b < 0)));
}

void AppendDigits(int64_t value, int width, std::string* out) {
  char buffer[20];
  for (int i = width - 1; i >= 0; --i) {
    buffer[i] = static_cast<char>('0' + value % 10);
    value /= 10;
  }
  out->append(buffer, width);
}

// "2024-03-14T21:47:12.028Z", as absl::FormatTime("%Y-%m-%dT%H:%M:%E*SZ")
// prints it (fraction without trailing zeros), without its per-call zone
// lookup and format parsing. Civil date from days: H. Hinnant's algorithm.
void AppendUtcTime(int64_t ns, std::string* out) {
  const int64_t seconds = FloorDiv(ns, kNanosPerSecond);
  const int64_t nanos = ns - seconds * kNanosPerSecond;
  const int64_t days = FloorDiv(seconds, 86400);
  const int64_t second_of_day = seconds - days * 86400;
  const int64_t z = days + 719468;
  const int64_t era = FloorDiv(z, 146097);
  const int64_t doe = z - era * 146097;
  const int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const int64_t mp = (5 * doy + 2) / 153;
  const int64_t day = doy - (153 * mp + 2) / 5 + 1;
  const int64_t month = mp < 10 ? mp + 3 : mp - 9;
  const int64_t year = yoe + era * 400 + (month <= 2);
  AppendDigits(year, 4, out);
  out->push_back('-');
  AppendDigits(month, 2, out);
  out->push_back('-');
  AppendDigits(day, 2, out);
  out->push_back('T');
  AppendDigits(second_of_day / 3600, 2, out);
  out->push_back(':');
  AppendDigits(second_of_day / 60 % 60, 2, out);
  out->push_back(':');
  AppendDigits(second_of_day % 60, 2, out);
  if (nanos != 0) {
    char fraction[10] = {'.'};
    int64_t rest = nanos;
    for (int i = 9; i >= 1; --i) {
      fraction[i] = static_cast<char>('0' + rest % 10);
      rest /= 10;
    }
    int length = 10;
    while (fraction[length - 1] == '0') --length;
    out->append(fraction, length);
  }
  out->push_back('Z');
}

// "name:position".
void AppendProvenance(const std::string& source, int64_t position, std::string* out) {
  out->append(source);
  out->push_back(':');
  char digits[absl::numbers_internal::kFastToBufferSize];
  out->append(digits, absl::numbers_internal::FastIntToBuffer(position, digits));
}

std::string FormatTime(const google::protobuf::Timestamp& t) {
  std::string out;
  AppendUtcTime(t.seconds() * kNanosPerSecond + t.nanos(), &out);
  return out;
}

std::string FormatDuration(const google::protobuf::Duration& d) {
  return absl::FormatDuration(absl::Seconds(d.seconds()) + absl::Nanoseconds(d.nanos()));
}

absl::string_view KindName(v1::EventKind kind) {
  return absl::StripPrefix(v1::EventKind_Name(kind), "EVENT_KIND_");
}

}  // namespace

void AppendSummaryEvent(const MergedEventView& view,
                        const std::vector<SourceRecords>& sources,
                        std::string* out) {
  const TimelineRecord& primary = *view.primary;
  AppendUtcTime(view.corrected_time_ns, out);
  if (primary.uncertainty_ns > 0) {
    absl::StrAppend(out, " ±", absl::FormatDuration(absl::Nanoseconds(primary.uncertainty_ns)));
  }
  // Plain appends: absl::StrAppend's argument packing costs more than the
  // copying on this path.
  out->append("  [");
  const absl::string_view kind = KindName(primary.kind);
  out->append(kind.data(), kind.size());
  out->append("] ");
  out->append(primary.text, 0, 100);
  v1::Milestone milestone = primary.milestone;
  for (const auto& folded : *view.folded) {
    if (milestone != v1::MILESTONE_UNSPECIFIED) break;
    milestone = folded.second->milestone;
  }
  if (milestone != v1::MILESTONE_UNSPECIFIED) {
    absl::StrAppend(out, "  <",
                    absl::StripPrefix(v1::Milestone_Name(milestone), "MILESTONE_"), ">");
  }
  out->append("\n    from ");
  AppendProvenance(sources[view.primary_source].source.name(), primary.position, out);
  for (const auto& [source, record] : *view.folded) {
    out->append(", ");
    AppendProvenance(sources[source].source.name(), record->position, out);
  }
  out->push_back('\n');
}

void AppendSummaryReport(const v1::MergeReport& r, bool metrics_only,
                         std::string* out) {
  if (!metrics_only) {
    absl::StrAppend(out, "\n", r.input_events(), " records -> ", r.output_events(),
                    " events (", r.folded_duplicates(), " duplicates folded, ",
                    r.uncertain_overlaps(), " uncertain overlaps)\n");
    for (const auto& e : r.offset_estimates()) {
      absl::StrAppend(out, "clock offset ", e.source(), ": ",
                      absl::StripPrefix(v1::OffsetEstimateStatus_Name(e.status()),
                                        "OFFSET_ESTIMATE_STATUS_"));
      if (e.status() == v1::OFFSET_ESTIMATE_STATUS_ESTIMATED) {
        absl::StrAppend(out, " ", FormatDuration(e.estimated_offset()), " vs ",
                        e.reference_source(), " from ", e.shared_events(),
                        " shared events (spread ", FormatDuration(e.spread()), ")");
      }
      absl::StrAppend(out, "\n");
    }
  }
  for (const auto& im : r.incidents()) {
    absl::StrAppend(out, "incident ",
                    im.incident_key().empty() ? "(default)" : im.incident_key(), ":\n");
    for (const auto& m : im.metrics()) {
      std::string name(absl::StripPrefix(v1::LifecycleMetricKind_Name(m.kind()),
                                         "LIFECYCLE_METRIC_KIND_"));
      absl::StrAppend(out, "  ", absl::AsciiStrToLower(name), ": ");
      if (!m.known()) {
        absl::StrAppend(out, m.note(), "\n");
        continue;
      }
      absl::StrAppend(out, FormatDuration(m.duration()));
      if (m.min_duration().seconds() != m.max_duration().seconds() ||
          m.min_duration().nanos() != m.max_duration().nanos()) {
        absl::StrAppend(out, " (between ", FormatDuration(m.min_duration()), " and ",
                        FormatDuration(m.max_duration()), ")");
      }
      if (!m.note().empty()) absl::StrAppend(out, " — ", m.note());
      absl::StrAppend(out, "\n");
    }
  }
  for (const auto& g : r.gaps()) {
    absl::StrAppend(out, "gap: ", FormatDuration(g.duration()), " of silence from ",
                    FormatTime(g.start()), " (", g.before_event_id(), ") to ",
                    FormatTime(g.end()), " (", g.after_event_id(), ")\n");
  }
}

}  // namespace pmkit::cli

#include "cli/timeline_summary.h"

#include <cstdint>
#include <cstring>
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

// Writes `width` digits of `value` at p; returns the end.
char* PutDigits(int64_t value, int width, char* p) {
  for (int i = width - 1; i >= 0; --i) {
    p[i] = static_cast<char>('0' + value % 10);
    value /= 10;
  }
  return p + width;
}

// Collects an entry's pieces in a stack buffer and hands them to the output
// in one append: a std::string::append per piece (a call, a capacity check
// and a copy each, a dozen per entry) costs more than the printing itself.
class PieceBuffer {
 public:
  explicit PieceBuffer(std::string* out) : out_(out) {}
  ~PieceBuffer() { Flush(); }
  PieceBuffer(const PieceBuffer&) = delete;
  PieceBuffer& operator=(const PieceBuffer&) = delete;

  void Put(absl::string_view piece) {
    if (piece.size() > sizeof(buffer_) - used_) {
      Flush();
      if (piece.size() > sizeof(buffer_)) {
        out_->append(piece.data(), piece.size());
        return;
      }
    }
    Copy(piece, buffer_ + used_);
    used_ += piece.size();
  }
  // Room for `n` (at most 64) bytes, to write and then Commit.
  char* Reserve(size_t n) {
    if (n > sizeof(buffer_) - used_) Flush();
    return buffer_ + used_;
  }
  void Commit(const char* end) { used_ = static_cast<size_t>(end - buffer_); }

 private:
  void Flush() {
    out_->append(buffer_, used_);
    used_ = 0;
  }

  // memcpy in 16-byte moves, the last one overlapping: for a piece it knows
  // is short (an entry's text is cut at 100 bytes) GCC inlines memcpy as
  // `rep movs`, whose start-up cost was a tenth of the entry's.
  static void Copy(absl::string_view piece, char* to) {
    const char* from = piece.data();
    const size_t n = piece.size();
    if (n < 16) {
      for (size_t i = 0; i < n; ++i) to[i] = from[i];
      return;
    }
    for (size_t i = 0; i + 16 < n; i += 16) std::memcpy(to + i, from + i, 16);
    std::memcpy(to + n - 16, from + n - 16, 16);
  }

  std::string* out_;
  char buffer_[512];
  size_t used_ = 0;
};

// "name:position".
void PutProvenance(const std::string& source, int64_t position, PieceBuffer* entry) {
  entry->Put(source);
  char* p = entry->Reserve(1 + absl::numbers_internal::kFastToBufferSize);
  *p++ = ':';
  entry->Commit(absl::numbers_internal::FastIntToBuffer(position, p));
}

std::string FormatTime(const google::protobuf::Timestamp& t) {
  std::string out;
  UtcTimeFormatter().Append(t.seconds() * kNanosPerSecond + t.nanos(), &out);
  return out;
}

std::string FormatDuration(const google::protobuf::Duration& d) {
  return absl::FormatDuration(absl::Seconds(d.seconds()) + absl::Nanoseconds(d.nanos()));
}

absl::string_view KindName(v1::EventKind kind) {
  return absl::StripPrefix(v1::EventKind_Name(kind), "EVENT_KIND_");
}

}  // namespace

char* UtcTimeFormatter::Write(int64_t ns, char* p) {
  const int64_t seconds = FloorDiv(ns, kNanosPerSecond);
  const int64_t nanos = ns - seconds * kNanosPerSecond;
  if (seconds != second_) Format(seconds);
  std::memcpy(p, text_, sizeof(text_));
  p += sizeof(text_);
  if (nanos != 0) {
    char fraction[10] = {'.'};
    int length = 10;
    if (nanos % 1000000 == 0) {
      // Whole milliseconds, as most logs write: three digits, not nine
      // (the digit loop was most of this function).
      const int64_t ms = nanos / 1000000;
      fraction[1] = static_cast<char>('0' + ms / 100);
      fraction[2] = static_cast<char>('0' + ms / 10 % 10);
      fraction[3] = static_cast<char>('0' + ms % 10);
      length = 4;
    } else {
      PutDigits(nanos, 9, fraction + 1);
    }
    while (fraction[length - 1] == '0') --length;
    std::memcpy(p, fraction, length);
    p += length;
  }
  *p++ = 'Z';
  return p;
}

void UtcTimeFormatter::Append(int64_t ns, std::string* out) {
  char buffer[kMaxLength];
  out->append(buffer, Write(ns, buffer) - buffer);
}

// The civil date from days since the epoch: H. Hinnant's algorithm.
void UtcTimeFormatter::Format(int64_t seconds) {
  second_ = seconds;
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
  char* p = text_;
  p = PutDigits(year, 4, p);
  *p++ = '-';
  p = PutDigits(month, 2, p);
  *p++ = '-';
  p = PutDigits(day, 2, p);
  *p++ = 'T';
  p = PutDigits(second_of_day / 3600, 2, p);
  *p++ = ':';
  p = PutDigits(second_of_day / 60 % 60, 2, p);
  *p++ = ':';
  PutDigits(second_of_day % 60, 2, p);
}

void SummaryEventWriter::Append(const MergedEventView& view, std::string* out) {
  const std::vector<SourceRecords>& sources = *sources_;
  const TimelineRecord& primary = *view.primary;
  PieceBuffer entry(out);
  entry.Commit(clock_.Write(view.corrected_time_ns,
                            entry.Reserve(UtcTimeFormatter::kMaxLength)));
  if (primary.uncertainty_ns > 0) {
    entry.Put(" ±");
    entry.Put(absl::FormatDuration(absl::Nanoseconds(primary.uncertainty_ns)));
  }
  entry.Put("  [");
  if (primary.kind != kind_) {
    kind_ = primary.kind;
    kind_name_ = KindName(kind_);
  }
  entry.Put(kind_name_);
  entry.Put("] ");
  entry.Put(absl::string_view(primary.text).substr(0, 100));
  v1::Milestone milestone = primary.milestone;
  for (const auto& folded : *view.folded) {
    if (milestone != v1::MILESTONE_UNSPECIFIED) break;
    milestone = folded.second->milestone;
  }
  if (milestone != v1::MILESTONE_UNSPECIFIED) {
    entry.Put("  <");
    entry.Put(absl::StripPrefix(v1::Milestone_Name(milestone), "MILESTONE_"));
    entry.Put(">");
  }
  entry.Put("\n    from ");
  PutProvenance(sources[view.primary_source].source.name(), primary.position, &entry);
  for (const auto& [source, record] : *view.folded) {
    entry.Put(", ");
    PutProvenance(sources[source].source.name(), record->position, &entry);
  }
  entry.Put("\n");
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

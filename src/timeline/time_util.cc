#include "src/timeline/time_util.h"

#include <cstdint>
#include <cstring>
#include <string>

#include "absl/base/attributes.h"
#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"

namespace pmkit::internal {
namespace {

constexpr int64_t kNs = 1000000000;

// Reads exactly `n` digits at text[*i]. Inlined into each call (n is a
// constant there): RFC 3339 times are parsed once or twice per log line.
ABSL_ATTRIBUTE_ALWAYS_INLINE inline bool Digits(absl::string_view text, size_t* i, int n, int* out) {
  if (*i + n > text.size()) return false;
  int v = 0;
  for (int k = 0; k < n; ++k) {
    char c = text[*i + k];
    if (c < '0' || c > '9') return false;
    v = v * 10 + (c - '0');
  }
  *i += n;
  *out = v;
  return true;
}

// Converts a civil time in `zone` to an instant; a time inside a DST fold
// (repeated hour) is the midpoint with half the fold as uncertainty, a time
// inside a DST gap (skipped hour) is taken with the pre-transition offset.
ParsedTime LocalToInstant(const absl::CivilSecond& cs, const absl::TimeZone& zone) {
  ParsedTime p;
  absl::TimeZone::TimeInfo info = zone.At(cs);
  if (info.kind == absl::TimeZone::TimeInfo::REPEATED) {
    int64_t a = absl::ToUnixNanos(info.pre);
    int64_t b = absl::ToUnixNanos(info.post);
    p.ns = a + (b - a) / 2;
    p.uncertainty_ns = (b > a ? b - a : a - b) / 2;
  } else {
    p.ns = absl::ToUnixNanos(info.pre);
  }
  return p;
}

absl::Status Bad(absl::string_view what, absl::string_view text) {
  return absl::InvalidArgumentError(
      absl::StrCat("bad ", what, " \"", text.substr(0, 40), "\""));
}

using time_util_internal::DaysFromCivil;
using time_util_internal::DaysInMonth;

}  // namespace

google::protobuf::Timestamp ToTimestamp(int64_t ns) {
  google::protobuf::Timestamp t;
  int64_t s = ns / kNs, n = ns % kNs;
  if (n < 0) {
    n += kNs;
    --s;
  }
  t.set_seconds(s);
  t.set_nanos(static_cast<int32_t>(n));
  return t;
}

google::protobuf::Duration ToDuration(int64_t ns) {
  google::protobuf::Duration d;
  d.set_seconds(ns / kNs);
  d.set_nanos(static_cast<int32_t>(ns % kNs));
  return d;
}

int64_t FromDuration(const google::protobuf::Duration& d) {
  int64_t s = d.seconds();
  if (s >= kMaxDurationNs / kNs) return kMaxDurationNs;
  if (s <= -kMaxDurationNs / kNs) return -kMaxDurationNs;
  return s * kNs + d.nanos();
}

int64_t FromTimestamp(const google::protobuf::Timestamp& t) {
  int64_t s = t.seconds();
  if (s < 0) return 0;
  if (s >= kMaxTimeNs / kNs) return kMaxTimeNs;
  return s * kNs + t.nanos();
}

std::string EventId(absl::string_view source, int64_t position) {
  return absl::StrCat(source, "#", position);
}

absl::StatusOr<ParsedTime> ParseRfc3339Prefix(absl::string_view text,
                                              const absl::TimeZone& zone) {
  size_t i = 0;
  int y, mo, d, h, mi, s = 0;
  if (!Digits(text, &i, 4, &y) || i >= text.size() || text[i++] != '-' ||
      !Digits(text, &i, 2, &mo) || i >= text.size() || text[i++] != '-' ||
      !Digits(text, &i, 2, &d)) {
    return Bad("date", text);
  }
  if (i >= text.size() || (text[i] != 'T' && text[i] != 't' && text[i] != ' ')) {
    return Bad("date-time (no time of day)", text);
  }
  ++i;
  if (!Digits(text, &i, 2, &h) || i >= text.size() || text[i++] != ':' ||
      !Digits(text, &i, 2, &mi)) {
    return Bad("time of day", text);
  }
  v1::TimePrecision precision = v1::TIME_PRECISION_MINUTE;
  int64_t frac_ns = 0;
  if (i < text.size() && text[i] == ':') {
    ++i;
    if (!Digits(text, &i, 2, &s)) return Bad("seconds", text);
    precision = v1::TIME_PRECISION_SECOND;
    if (i < text.size() && (text[i] == '.' || text[i] == ',')) {
      ++i;
      // Up to nine digits count (nanoseconds); more are read and dropped.
      static constexpr int64_t kScale[] = {1000000000, 100000000, 10000000,
                                           1000000,    100000,    10000,
                                           1000,       100,       10,
                                           1};
      size_t start = i;
      int digits = 0;
      while (i < text.size() && text[i] >= '0' && text[i] <= '9') {
        if (digits < 9) {
          frac_ns = frac_ns * 10 + (text[i] - '0');
          ++digits;
        }
        ++i;
      }
      if (i == start) return Bad("fraction", text);
      frac_ns *= kScale[digits];
      precision = v1::TIME_PRECISION_SUBSECOND;
    }
  }
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || s > 60) {
    return Bad("date-time (field out of range)", text);
  }
  if (y < kMinYear || y > kMaxYear) {
    return Bad("date-time (year outside 1970..2199)", text);
  }
  if (d > DaysInMonth(y, mo)) return Bad("date (no such day)", text);
  // Seconds 60 (a leap second) counts as the next minute's 0, as
  // absl::CivilSecond normalizes it.
  const int64_t utc_ns =
      ((DaysFromCivil(y, mo, d) * 86400) + int64_t{h} * 3600 + mi * 60 + s) * kNs;
  ParsedTime p;
  if (i < text.size() && (text[i] == 'Z' || text[i] == 'z')) {
    ++i;
    p.ns = utc_ns;
  } else if (i < text.size() && (text[i] == '+' || text[i] == '-')) {
    int sign = text[i++] == '-' ? -1 : 1;
    int oh, om = 0;
    if (!Digits(text, &i, 2, &oh)) return Bad("UTC offset", text);
    if (i < text.size() && text[i] == ':') ++i;
    if (!Digits(text, &i, 2, &om) || oh > 23 || om > 59) {
      return Bad("UTC offset", text);
    }
    p.ns = utc_ns - sign * (int64_t{oh} * 3600 + om * 60) * kNs;
  } else {
    p = LocalToInstant(absl::CivilSecond(y, mo, d, h, mi, s), zone);
  }
  p.ns += frac_ns;
  if (p.ns < 0 || p.ns >= kMaxTimeNs) {
    return Bad("date-time (outside 1970..2199)", text);
  }
  p.precision = precision;
  p.length = i;
  return p;
}

bool FixedRfc3339Reader::Read(absl::string_view text, ParsedTime* out) {
  if (second_ns_ >= 0 && text.size() >= 24 &&
      std::memcmp(text.data(), second_text_, sizeof(second_text_)) == 0 &&
      text[19] == '.' && text[23] == 'Z') {
    bool bad = false;
    const int64_t ms = time_util_internal::TwoDigits(text.data(), 20, &bad) * 10 +
                       time_util_internal::OneDigit(text.data(), 22, &bad);
    const int64_t ns = second_ns_ + ms * 1000000;
    if (!bad && ns < kMaxTimeNs) {
      out->ns = ns;
      out->uncertainty_ns = 0;
      out->precision = v1::TIME_PRECISION_SUBSECOND;
      out->length = 24;
      return true;
    }
  }
  if (!ParseFixedRfc3339Utc(text, out)) return false;
  std::memcpy(second_text_, text.data(), sizeof(second_text_));
  second_ns_ = out->ns - out->ns % kNs;
  return true;
}

absl::StatusOr<ParsedTime> ParseRfc3164Prefix(absl::string_view text, int year,
                                              const absl::TimeZone& zone) {
  static constexpr const char* kMonths[] = {"Jan", "Feb", "Mar", "Apr",
                                            "May", "Jun", "Jul", "Aug",
                                            "Sep", "Oct", "Nov", "Dec"};
  if (text.size() < 15) return Bad("RFC 3164 timestamp", text);
  int mo = 0;
  for (int k = 0; k < 12; ++k) {
    if (text.substr(0, 3) == kMonths[k]) mo = k + 1;
  }
  if (mo == 0 || text[3] != ' ') return Bad("RFC 3164 month", text);
  size_t i = 4;
  int d, h, mi, s;
  if (text[i] == ' ') {  // "Mar  2": day padded with a space.
    ++i;
    if (!Digits(text, &i, 1, &d)) return Bad("RFC 3164 day", text);
  } else if (!Digits(text, &i, 2, &d)) {
    return Bad("RFC 3164 day", text);
  }
  if (i >= text.size() || text[i++] != ' ' || !Digits(text, &i, 2, &h) ||
      i >= text.size() || text[i++] != ':' || !Digits(text, &i, 2, &mi) ||
      i >= text.size() || text[i++] != ':' || !Digits(text, &i, 2, &s)) {
    return Bad("RFC 3164 time", text);
  }
  if (d < 1 || d > 31 || h > 23 || mi > 59 || s > 60) {
    return Bad("RFC 3164 timestamp (field out of range)", text);
  }
  absl::CivilSecond cs(year, mo, d, h, mi, s);
  if (cs.day() != d) return Bad("RFC 3164 date (no such day)", text);
  ParsedTime p = LocalToInstant(cs, zone);
  p.precision = v1::TIME_PRECISION_SECOND;
  p.length = i;
  return p;
}

absl::StatusOr<ParsedTime> ParseEpochSeconds(absl::string_view text) {
  size_t i = 0;
  int64_t secs = 0;
  if (text.empty()) return Bad("epoch seconds", text);
  while (i < text.size() && text[i] >= '0' && text[i] <= '9') {
    if (secs > kMaxTimeNs / kNs) return Bad("epoch seconds (after 2199)", text);
    secs = secs * 10 + (text[i] - '0');
    ++i;
  }
  if (i == 0) return Bad("epoch seconds", text);
  ParsedTime p;
  p.precision = v1::TIME_PRECISION_SECOND;
  int64_t frac = 0;
  if (i < text.size() && text[i] == '.') {
    ++i;
    int64_t scale = kNs / 10;
    size_t start = i;
    while (i < text.size() && text[i] >= '0' && text[i] <= '9') {
      frac += (text[i] - '0') * scale;
      scale /= 10;
      ++i;
    }
    if (i == start) return Bad("epoch seconds", text);
    p.precision = v1::TIME_PRECISION_SUBSECOND;
  }
  if (i != text.size()) return Bad("epoch seconds", text);
  if (secs >= kMaxTimeNs / kNs) return Bad("epoch seconds (after 2199)", text);
  p.ns = secs * kNs + frac;
  p.length = i;
  return p;
}

absl::StatusOr<ParsedTime> ParseAnyTime(absl::string_view text,
                                        const absl::TimeZone& zone) {
  text = absl::StripAsciiWhitespace(text);
  if (text.size() >= 5 && text[4] == '-') {
    absl::StatusOr<ParsedTime> p = ParseRfc3339Prefix(text, zone);
    if (!p.ok()) return p.status();
    if (p->length != text.size()) return Bad("time (trailing text)", text);
    return p;
  }
  return ParseEpochSeconds(text);
}

absl::StatusOr<absl::TimeZone> LoadZone(const std::string& name) {
  if (name.empty() || name == "UTC") return absl::UTCTimeZone();
  absl::TimeZone zone;
  if (!absl::LoadTimeZone(name, &zone)) {
    return absl::InvalidArgumentError(
        absl::StrCat("unknown time zone \"", name, "\""));
  }
  return zone;
}

}  // namespace pmkit::internal

// Time helpers of the timeline module: conversions between nanoseconds and
// protobuf Timestamp/Duration, and parsers for the timestamp syntaxes the
// importers meet (RFC 3339, RFC 5424, RFC 3164, epoch seconds).
#ifndef PMKIT_SRC_TIMELINE_TIME_UTIL_H_
#define PMKIT_SRC_TIMELINE_TIME_UTIL_H_

#include <cstdint>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "google/protobuf/duration.pb.h"
#include "google/protobuf/timestamp.pb.h"
#include "pmkit/v1/common.pb.h"

namespace pmkit::internal {

// Times are kept as int64 nanoseconds. So that no sum or difference of
// times, offsets and uncertainties can overflow, times are limited to
// [1970-01-01, 2200-01-01) (outside: a parse error, or clamped when they
// come from a protobuf Timestamp) and durations to +-10^8 s (about three
// years; clamped).
inline constexpr int kMinYear = 1970;
inline constexpr int kMaxYear = 2199;
inline constexpr int64_t kMaxTimeNs = int64_t{7258118400} * 1000000000;
inline constexpr int64_t kMaxDurationNs = int64_t{100000000} * 1000000000;

google::protobuf::Timestamp ToTimestamp(int64_t ns);
google::protobuf::Duration ToDuration(int64_t ns);
int64_t FromDuration(const google::protobuf::Duration& d);
int64_t FromTimestamp(const google::protobuf::Timestamp& t);
std::string EventId(absl::string_view source, int64_t position);

// A parsed instant: nanoseconds since the epoch, the uncertainty the syntax
// implies (a DST fold gives half the fold), and the precision written.
struct ParsedTime {
  int64_t ns = 0;
  int64_t uncertainty_ns = 0;
  v1::TimePrecision precision = v1::TIME_PRECISION_SECOND;
  size_t length = 0;  // Bytes consumed.
};

// Parses an RFC 3339 / ISO 8601 date-time at the start of `text`:
// "2024-03-02T14:05:09.123Z", "2024-03-02 14:05:09+01:00",
// "2024-03-02T14:05" (minute precision), "2024-03-02T14:05:09,123" (comma
// fraction, as log4j writes). Without an offset the time is local in `zone`.
// Stops at the end of the timestamp (length says where).
absl::StatusOr<ParsedTime> ParseRfc3339Prefix(absl::string_view text,
                                              const absl::TimeZone& zone);

// The layout most logs write, "2024-03-02T14:05:09.123Z" (24 bytes,
// milliseconds, UTC), at the start of `text`: true with *out as
// ParseRfc3339Prefix would give it; false when `text` does not start with
// exactly that layout or a field is out of range (the caller then calls
// ParseRfc3339Prefix, which decides and words the error). No Status to
// build and copy: the log line importer tries it on every line.
inline bool ParseFixedRfc3339Utc(absl::string_view text, ParsedTime* out);

// ParseFixedRfc3339Utc over the lines of one log, remembering the last
// second it read: a busy log writes many lines a second, whose stamps then
// differ in their milliseconds only, and comparing 19 bytes costs a
// fraction of parsing them. Thread-compatible.
class FixedRfc3339Reader {
 public:
  bool Read(absl::string_view text, ParsedTime* out);

 private:
  char second_text_[19] = {};  // "YYYY-MM-DDTHH:MM:SS" of second_ns_.
  int64_t second_ns_ = -1;     // -1: nothing read yet.
};

// Parses "Mmm dd hh:mm:ss" (RFC 3164) with the given year, local in `zone`.
absl::StatusOr<ParsedTime> ParseRfc3164Prefix(absl::string_view text, int year,
                                              const absl::TimeZone& zone);

// Parses epoch seconds with an optional fraction ("1709384709.000200").
absl::StatusOr<ParsedTime> ParseEpochSeconds(absl::string_view text);

// Parses an RFC 3339 time or epoch seconds (whole string).
absl::StatusOr<ParsedTime> ParseAnyTime(absl::string_view text,
                                        const absl::TimeZone& zone);

// Loads an IANA zone; empty means UTC.
absl::StatusOr<absl::TimeZone> LoadZone(const std::string& name);

namespace time_util_internal {

// Days from 1970-01-01 to January 1st of each supported year (and of
// kMaxYear + 1), computed at compile time: RFC 3339 times with a Z or an
// offset need no time-zone lookup, and a table lookup instead of the
// civil-date divisions matters because this runs once per imported log
// line (twice when a file is scanned before it streams).
struct YearTable {
  int32_t days[kMaxYear - kMinYear + 2] = {};
  constexpr YearTable() {
    int32_t total = 0;
    for (int y = kMinYear; y <= kMaxYear + 1; ++y) {
      days[y - kMinYear] = total;
      total += (y % 4 == 0 && (y % 100 != 0 || y % 400 == 0)) ? 366 : 365;
    }
  }
};
inline constexpr YearTable kYearTable;

// Days before the first of each month in a common year.
inline constexpr int32_t kDaysBeforeMonth[] = {0,   31,  59,  90,  120, 151,
                                               181, 212, 243, 273, 304, 334};

// For years in [kMinYear, kMaxYear].
inline bool IsLeapYear(int y) {
  return kYearTable.days[y - kMinYear + 1] - kYearTable.days[y - kMinYear] == 366;
}

inline int DaysInMonth(int y, int m) {
  constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return m == 2 && IsLeapYear(y) ? 29 : kDays[m - 1];
}

// Days since 1970-01-01 of a valid date in [kMinYear, kMaxYear].
inline int64_t DaysFromCivil(int y, int m, int d) {
  return kYearTable.days[y - kMinYear] + kDaysBeforeMonth[m - 1] +
         (m > 2 && IsLeapYear(y)) + d - 1;
}

// The value of the one or two digits at text[at]; sets `bad` when one is
// not a digit. No early exit: the checks of a timestamp's digits run side
// by side instead of one after the other.
inline unsigned OneDigit(const char* text, int at, bool* bad) {
  const unsigned d = static_cast<unsigned>(static_cast<unsigned char>(text[at])) - '0';
  *bad |= d > 9;
  return d;
}
inline unsigned TwoDigits(const char* text, int at, bool* bad) {
  return OneDigit(text, at, bad) * 10 + OneDigit(text, at + 1, bad);
}

}  // namespace time_util_internal

inline bool ParseFixedRfc3339Utc(absl::string_view text, ParsedTime* out) {
  namespace tu = time_util_internal;
  if (text.size() < 24) return false;
  const char* t = text.data();
  if (t[4] != '-' || t[7] != '-' || t[10] != 'T' || t[13] != ':' ||
      t[16] != ':' || t[19] != '.' || t[23] != 'Z') {
    return false;
  }
  bool bad = false;
  const int y = static_cast<int>(tu::TwoDigits(t, 0, &bad) * 100 +
                                 tu::TwoDigits(t, 2, &bad));
  const int mo = static_cast<int>(tu::TwoDigits(t, 5, &bad));
  const int d = static_cast<int>(tu::TwoDigits(t, 8, &bad));
  const int h = static_cast<int>(tu::TwoDigits(t, 11, &bad));
  const int mi = static_cast<int>(tu::TwoDigits(t, 14, &bad));
  const int s = static_cast<int>(tu::TwoDigits(t, 17, &bad));
  const int ms = static_cast<int>(tu::TwoDigits(t, 20, &bad) * 10 +
                                  tu::OneDigit(t, 22, &bad));
  if (bad || y < kMinYear || y > kMaxYear || mo < 1 || mo > 12 || d < 1 ||
      h > 23 || mi > 59 || s > 60 || d > tu::DaysInMonth(y, mo)) {
    return false;
  }
  const int64_t ns = ((tu::DaysFromCivil(y, mo, d) * 86400) + int64_t{h} * 3600 +
                      mi * 60 + s) * 1000000000 + int64_t{ms} * 1000000;
  if (ns >= kMaxTimeNs) return false;  // 2199-12-31T23:59:60.xxxZ
  out->ns = ns;
  out->uncertainty_ns = 0;
  out->precision = v1::TIME_PRECISION_SUBSECOND;
  out->length = 24;
  return true;
}

}  // namespace pmkit::internal

#endif  // PMKIT_SRC_TIMELINE_TIME_UTIL_H_

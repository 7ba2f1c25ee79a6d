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

}  // namespace pmkit::internal

#endif  // PMKIT_SRC_TIMELINE_TIME_UTIL_H_

// Small formatting helpers for the Markdown report: escaping, times,
// durations, money and enum labels.
#ifndef PMKIT_SRC_MARKDOWN_FORMAT_HELPERS_H_
#define PMKIT_SRC_MARKDOWN_FORMAT_HELPERS_H_

#include <string>

#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "google/protobuf/duration.pb.h"
#include "google/protobuf/timestamp.pb.h"
#include "pmkit/v1/common.pb.h"

namespace pmkit::markdown_internal {

// Escapes text for a table cell: '|' is escaped and line breaks become
// <br> so one value stays in one cell.
std::string TableCell(absl::string_view text);

// Makes free text safe as one line of inline Markdown (line breaks become
// spaces) without escaping the author's own emphasis or links.
std::string OneLine(absl::string_view text);

// absl::Time from a Timestamp, clamped to absl's range.
absl::Time ToTime(const google::protobuf::Timestamp& timestamp);

// "1 h 25 min", "45 s", "2 d 3 h".
std::string HumanDuration(absl::Duration duration);
absl::Duration ToDuration(const google::protobuf::Duration& duration);

// Formats a time point in `zone`: "14:05" (or "2024-03-05 14:05" with
// `with_date`), "~14:05 (±5 min)" when approximate, the date alone at day
// precision. Empty for an unset time.
std::string FormatTimePoint(const v1::TimePoint& point, absl::TimeZone zone,
                            bool with_date);

// "2024-03-05 14:05 CET"; "" for an unset timestamp.
std::string FormatTimestamp(const google::protobuf::Timestamp& timestamp,
                            absl::TimeZone zone);

// "12500.00 USD"; "" when unset.
std::string FormatMoney(const v1::Money& money);

// Turns an enum value name into a label: ("EVENT_KIND_", "EVENT_KIND_DEPLOY")
// gives "Deploy"; "WONT_DO" gives "Won't do".
std::string EnumLabel(absl::string_view prefix, absl::string_view name);

}  // namespace pmkit::markdown_internal

#endif  // PMKIT_SRC_MARKDOWN_FORMAT_HELPERS_H_

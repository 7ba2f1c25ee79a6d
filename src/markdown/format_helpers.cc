#include "src/markdown/format_helpers.h"

#include <cstdint>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_replace.h"
#include "absl/strings/strip.h"

namespace pmkit::markdown_internal {

std::string TableCell(absl::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (c == '|') {
      out += "\\|";
    } else if (c == '\r') {
      if (i + 1 < text.size() && text[i + 1] == '\n') ++i;
      out += "<br>";
    } else if (c == '\n') {
      out += "<br>";
    } else {
      out += c;
    }
  }
  return out;
}

std::string OneLine(absl::string_view text) {
  return absl::StrReplaceAll(absl::StripAsciiWhitespace(text),
                             {{"\r\n", " "}, {"\n", " "}, {"\r", " "}});
}

absl::Time ToTime(const google::protobuf::Timestamp& timestamp) {
  return absl::FromUnixSeconds(timestamp.seconds()) +
         absl::Nanoseconds(timestamp.nanos());
}

absl::Duration ToDuration(const google::protobuf::Duration& duration) {
  return absl::Seconds(duration.seconds()) + absl::Nanoseconds(duration.nanos());
}

std::string HumanDuration(absl::Duration duration) {
  if (duration < absl::ZeroDuration()) {
    return absl::StrCat("-", HumanDuration(-duration));
  }
  if (duration == absl::InfiniteDuration()) return "unbounded";
  int64_t total_seconds = absl::ToInt64Seconds(duration);
  if (total_seconds == 0) return "0 s";
  const int64_t days = total_seconds / 86400;
  const int64_t hours = total_seconds / 3600 % 24;
  const int64_t minutes = total_seconds / 60 % 60;
  const int64_t seconds = total_seconds % 60;
  std::vector<std::string> parts;
  if (days > 0) parts.push_back(absl::StrCat(days, " d"));
  if (hours > 0) parts.push_back(absl::StrCat(hours, " h"));
  if (minutes > 0 && days == 0) parts.push_back(absl::StrCat(minutes, " min"));
  if (seconds > 0 && days == 0 && hours == 0) {
    parts.push_back(absl::StrCat(seconds, " s"));
  }
  if (parts.empty()) parts.push_back(absl::StrCat(minutes, " min"));
  return absl::StrJoin(parts, " ");
}

std::string FormatTimePoint(const v1::TimePoint& point, absl::TimeZone zone,
                            bool with_date) {
  if (!point.has_time()) return "";
  const absl::Time time = ToTime(point.time());
  if (point.precision() == v1::TIME_PRECISION_DAY) {
    return absl::StrCat(absl::FormatTime("%Y-%m-%d", time, zone),
                        " (time of day unknown)");
  }
  std::string text = absl::FormatTime(
      with_date ? "%Y-%m-%d %H:%M" : "%H:%M", time, zone);
  const absl::Duration uncertainty = ToDuration(point.uncertainty());
  const bool approximate = uncertainty > absl::ZeroDuration() ||
                           point.precision() == v1::TIME_PRECISION_HOUR;
  if (approximate) text = absl::StrCat("~", text);
  if (uncertainty > absl::ZeroDuration()) {
    absl::StrAppend(&text, " (±", HumanDuration(uncertainty), ")");
  }
  return text;
}

std::string FormatTimestamp(const google::protobuf::Timestamp& timestamp,
                            absl::TimeZone zone) {
  if (timestamp.seconds() == 0 && timestamp.nanos() == 0) return "";
  return absl::FormatTime("%Y-%m-%d %H:%M %Z", ToTime(timestamp), zone);
}

std::string FormatMoney(const v1::Money& money) {
  if (money.units() == 0 && money.nanos() == 0) return "";
  const bool negative = money.units() < 0 || money.nanos() < 0;
  // Magnitudes computed in unsigned arithmetic: negating INT64_MIN or
  // INT32_MIN as signed values is undefined, and hostile input may hold them.
  const uint64_t raw_units = static_cast<uint64_t>(money.units());
  const uint64_t units = money.units() < 0 ? 0 - raw_units : raw_units;
  const uint32_t raw_nanos = static_cast<uint32_t>(money.nanos());
  const uint32_t nanos = money.nanos() < 0 ? 0 - raw_nanos : raw_nanos;
  const uint32_t cents = nanos / 10000000 % 100;
  std::string amount = absl::StrFormat("%s%d.%02d", negative ? "-" : "",
                                       units, cents);
  if (money.currency_code().empty()) return amount;
  return absl::StrCat(amount, " ", money.currency_code());
}

std::string EnumLabel(absl::string_view prefix, absl::string_view name) {
  absl::ConsumePrefix(&name, prefix);
  if (name == "WONT_DO") return "Won't do";
  std::string label = absl::AsciiStrToLower(name);
  absl::StrReplaceAll({{"_", " "}}, &label);
  if (!label.empty()) label[0] = absl::ascii_toupper(label[0]);
  return label;
}

}  // namespace pmkit::markdown_internal

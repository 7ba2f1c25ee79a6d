#include "src/validate/civil_date.h"

#include "absl/time/time.h"

namespace pmkit::validate_internal {

std::string FormatUtcDate(int64_t seconds) {
  constexpr int64_t kYear1000 = -30610224000;   // 1000-01-01T00:00:00Z
  constexpr int64_t kYear10000 = 253402300800;  // 10000-01-01T00:00:00Z
  if (seconds < kYear1000 || seconds >= kYear10000) {
    return absl::FormatTime("%Y-%m-%d", absl::FromUnixSeconds(seconds),
                            absl::UTCTimeZone());
  }
  // Days since 1970-01-01 (floor), then Howard Hinnant's civil_from_days.
  int64_t days = seconds / 86400;
  if (seconds % 86400 < 0) --days;
  const int64_t z = days + 719468;
  const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const int64_t doe = z - era * 146097;                                 // [0, 146096]
  const int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;  // [0, 399]
  const int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);          // [0, 365]
  const int64_t mp = (5 * doy + 2) / 153;                               // [0, 11]
  const int day = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);       // [1, 31]
  const int month = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);        // [1, 12]
  const int year = static_cast<int>(yoe + era * 400 + (month <= 2 ? 1 : 0));
  std::string out = "0000-00-00";
  for (int i = 3, y = year; i >= 0; --i, y /= 10) out[i] = static_cast<char>('0' + y % 10);
  out[5] = static_cast<char>('0' + month / 10);
  out[6] = static_cast<char>('0' + month % 10);
  out[8] = static_cast<char>('0' + day / 10);
  out[9] = static_cast<char>('0' + day % 10);
  return out;
}

}  // namespace pmkit::validate_internal

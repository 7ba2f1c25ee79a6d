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
  // In this range every value from z on is positive and below 2^32, so the
  // arithmetic is unsigned 32-bit: its divisions by constants compile to
  // shorter multiply-shift sequences than signed 64-bit ones.
  int64_t days = seconds / 86400;
  if (seconds % 86400 < 0) --days;
  const uint32_t z = static_cast<uint32_t>(days + 719468);
  const uint32_t era = z / 146097;
  const uint32_t doe = z - era * 146097;  // [0, 146096]
  const uint32_t yoe =
      (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;     // [0, 399]
  const uint32_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);  // [0, 365]
  const uint32_t mp = (5 * doy + 2) / 153;                       // [0, 11]
  const uint32_t day = doy - (153 * mp + 2) / 5 + 1;             // [1, 31]
  const uint32_t month = mp < 10 ? mp + 3 : mp - 9;              // [1, 12]
  const uint32_t year = yoe + era * 400 + (month <= 2 ? 1 : 0);  // [1000, 9999]
  const char out[10] = {static_cast<char>('0' + year / 1000),
                        static_cast<char>('0' + year / 100 % 10),
                        static_cast<char>('0' + year / 10 % 10),
                        static_cast<char>('0' + year % 10),
                        '-',
                        static_cast<char>('0' + month / 10),
                        static_cast<char>('0' + month % 10),
                        '-',
                        static_cast<char>('0' + day / 10),
                        static_cast<char>('0' + day % 10)};
  return std::string(out, sizeof(out));
}

}  // namespace pmkit::validate_internal

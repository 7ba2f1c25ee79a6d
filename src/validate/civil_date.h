// UTC calendar dates of Unix times, for finding messages ("Due 2024-05-31,
// after 2024-04-19"). absl::FormatTime goes through the time-zone library
// and a format interpreter; the validator formats two dates per late action
// item, so the common range is computed directly.
#ifndef PMKIT_SRC_VALIDATE_CIVIL_DATE_H_
#define PMKIT_SRC_VALIDATE_CIVIL_DATE_H_

#include <cstdint>
#include <string>

namespace pmkit::validate_internal {

// The UTC date of `seconds` as "YYYY-MM-DD", exactly as
// absl::FormatTime("%Y-%m-%d", absl::FromUnixSeconds(seconds),
// absl::UTCTimeZone()) prints it (which it calls outside years 1000-9999).
std::string FormatUtcDate(int64_t seconds);

}  // namespace pmkit::validate_internal

#endif  // PMKIT_SRC_VALIDATE_CIVIL_DATE_H_

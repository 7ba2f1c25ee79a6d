// FormatUtcDate against absl::FormatTime, which it replaces on the hot path.
#include "src/validate/civil_date.h"

#include <random>

#include "absl/time/time.h"
#include "gtest/gtest.h"

namespace pmkit::validate_internal {
namespace {

std::string Reference(int64_t seconds) {
  return absl::FormatTime("%Y-%m-%d", absl::FromUnixSeconds(seconds), absl::UTCTimeZone());
}

TEST(ValidateCivilDateTest, AgreesWithAbsl) {
  for (int64_t s : {int64_t{0}, int64_t{-1}, int64_t{86399}, int64_t{86400}, int64_t{951782400},
                    int64_t{951868799}, int64_t{1709164800}, int64_t{-30610224000},
                    int64_t{-30610224001}, int64_t{253402300799}, int64_t{253402300800},
                    int64_t{-62135596800}, int64_t{-5000000000000}, int64_t{9000000000000}}) {
    EXPECT_EQ(FormatUtcDate(s), Reference(s)) << s;
  }
  std::mt19937_64 random(3);
  for (int i = 0; i < 200000; ++i) {
    const int64_t s = static_cast<int64_t>(random() % 300000000000ull) - 40000000000;
    ASSERT_EQ(FormatUtcDate(s), Reference(s)) << s;
  }
}

}  // namespace
}  // namespace pmkit::validate_internal

// RFC 3339 parsing: the direct UTC arithmetic agrees with absl's civil-time
// conversion on every day of the supported range.
#include "src/timeline/time_util.h"

#include <cstdio>

#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "gtest/gtest.h"

namespace pmkit::internal {
namespace {

TEST(Rfc3339Test, AgreesWithAbslOnEveryDayFrom1970To2199) {
  for (absl::CivilDay day(1970, 1, 1); day < absl::CivilDay(2200, 1, 1); day += 1) {
    char text[40];
    std::snprintf(text, sizeof text, "%04d-%02d-%02dT13:07:09.25+02:30",
                  static_cast<int>(day.year()), day.month(), day.day());
    absl::StatusOr<ParsedTime> parsed = ParseRfc3339Prefix(text, absl::UTCTimeZone());
    const absl::Time expected =
        absl::FromCivil(absl::CivilSecond(day.year(), day.month(), day.day(), 13, 7, 9),
                        absl::UTCTimeZone()) +
        absl::Milliseconds(250) - absl::Minutes(150);
    ASSERT_TRUE(parsed.ok()) << text << ": " << parsed.status();
    ASSERT_EQ(parsed->ns, absl::ToUnixNanos(expected)) << text;
  }
}

TEST(Rfc3339Test, RefusesDaysThatDoNotExist) {
  EXPECT_FALSE(ParseRfc3339Prefix("2023-02-29T00:00:00Z", absl::UTCTimeZone()).ok());
  EXPECT_FALSE(ParseRfc3339Prefix("2100-02-29T00:00:00Z", absl::UTCTimeZone()).ok());
  EXPECT_FALSE(ParseRfc3339Prefix("2024-04-31T00:00:00Z", absl::UTCTimeZone()).ok());
  EXPECT_TRUE(ParseRfc3339Prefix("2000-02-29T00:00:00Z", absl::UTCTimeZone()).ok());
  EXPECT_TRUE(ParseRfc3339Prefix("2024-02-29T00:00:00Z", absl::UTCTimeZone()).ok());
}

TEST(Rfc3339Test, LeapSecondIsTheNextMinute) {
  absl::StatusOr<ParsedTime> leap =
      ParseRfc3339Prefix("2016-12-31T23:59:60Z", absl::UTCTimeZone());
  absl::StatusOr<ParsedTime> next =
      ParseRfc3339Prefix("2017-01-01T00:00:00Z", absl::UTCTimeZone());
  ASSERT_TRUE(leap.ok());
  ASSERT_TRUE(next.ok());
  EXPECT_EQ(leap->ns, next->ns);
}

}  // namespace
}  // namespace pmkit::internal

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

TEST(Rfc3339Test, FixedLayoutAgreesWithAbslOnEveryDayFrom1970To2199) {
  for (absl::CivilDay day(1970, 1, 1); day < absl::CivilDay(2200, 1, 1); day += 1) {
    char text[40];
    std::snprintf(text, sizeof text, "%04d-%02d-%02dT23:07:09.025Z",
                  static_cast<int>(day.year()), day.month(), day.day());
    ParsedTime parsed;
    ASSERT_TRUE(ParseFixedRfc3339Utc(text, &parsed)) << text;
    const absl::Time expected =
        absl::FromCivil(absl::CivilSecond(day.year(), day.month(), day.day(), 23, 7, 9),
                        absl::UTCTimeZone()) +
        absl::Milliseconds(25);
    ASSERT_EQ(parsed.ns, absl::ToUnixNanos(expected)) << text;
  }
}

// The fixed-layout parser either declines or gives what the general one
// gives (which it is the fast path of).
TEST(Rfc3339Test, FixedLayoutDeclinesOrAgreesWithTheGeneralParser) {
  struct Case {
    const char* text;
    bool fixed;  // Whether the fixed-layout parser takes it.
  };
  const Case cases[] = {
      {"2024-03-14T21:47:12.345Z app-0 INFO", true},
      {"2024-02-29T00:00:00.000Z", true},
      {"2024-03-14T21:47:60.000Z", true},
      {"1970-01-01T00:00:00.000Z", true},
      {"2199-12-31T23:59:59.999Z", true},
      {"2199-12-31T23:59:60.999Z", false},
      {"1969-12-31T23:59:59.999Z", false},
      {"2023-02-29T00:00:00.000Z", false},
      {"2024-00-14T21:47:12.345Z", false},
      {"2024-03-14T24:47:12.345Z", false},
      {"2024-03-14T21:60:12.345Z", false},
      {"2024-03-14T21:47:61.345Z", false},
      {"2024-0a-14T21:47:12.345Z", false},
      {"2024-03-14T21:47:12.3a5Z", false},
      {"2024-03-14T21:47:12.3456Z", false},
      {"2024-03-14T21:47:12.34Z", false},
      {"2024-03-14T21:47:12.345+01:00", false},
      {"2024-03-14 21:47:12.345Z", false},
      {"2024-03-14T21:47:12.345z", false},
      {"2024-03-14T21:47:12.345", false},
  };
  for (const Case& c : cases) {
    ParsedTime fixed;
    ASSERT_EQ(ParseFixedRfc3339Utc(c.text, &fixed), c.fixed) << c.text;
    if (!c.fixed) continue;
    absl::StatusOr<ParsedTime> general = ParseRfc3339Prefix(c.text, absl::UTCTimeZone());
    ASSERT_TRUE(general.ok()) << c.text;
    EXPECT_EQ(fixed.ns, general->ns) << c.text;
    EXPECT_EQ(fixed.uncertainty_ns, general->uncertainty_ns) << c.text;
    EXPECT_EQ(fixed.precision, general->precision) << c.text;
    EXPECT_EQ(fixed.length, general->length) << c.text;
  }
  EXPECT_FALSE(ParseRfc3339Prefix("2199-12-31T23:59:60.999Z", absl::UTCTimeZone()).ok());
}

// Reading a log's stamps one after the other, remembering the last second,
// gives what parsing each alone gives.
TEST(Rfc3339Test, FixedReaderAgreesWithTheFixedParserLineAfterLine) {
  const char* lines[] = {
      "2024-03-14T21:47:12.345Z a", "2024-03-14T21:47:12.346Z b",
      "2024-03-14T21:47:12.000Z c", "2024-03-14T21:47:12.3a5Z d",
      "2024-03-14T21:47:12.345+01:00", "2024-03-14T21:47:12.3456Z",
      "2024-03-14T21:47:12.999Z e", "2024-03-14T21:47:13.001Z f",
      "2024-03-14T21:47:1", "2024-02-30T00:00:00.000Z",
      "2199-12-31T23:59:59.999Z", "2199-12-31T23:59:59.000Z",
      "2199-12-31T23:59:60.000Z", "2016-12-31T23:59:60.500Z",
      "2016-12-31T23:59:60.501Z"};
  FixedRfc3339Reader reader;
  for (const char* line : lines) {
    ParsedTime alone, read;
    const bool parsed = ParseFixedRfc3339Utc(line, &alone);
    ASSERT_EQ(reader.Read(line, &read), parsed) << line;
    if (!parsed) continue;
    EXPECT_EQ(read.ns, alone.ns) << line;
    EXPECT_EQ(read.uncertainty_ns, alone.uncertainty_ns) << line;
    EXPECT_EQ(read.precision, alone.precision) << line;
    EXPECT_EQ(read.length, alone.length) << line;
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

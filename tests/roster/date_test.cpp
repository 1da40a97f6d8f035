// SPDX-License-Identifier: Apache-2.0
// merit - tests of calendar dates
#include <gtest/gtest.h>

#include "merit/roster.hpp"

namespace {

using merit::date;

std::int32_t days_of(std::string_view s) {
  auto d = date::parse(s);
  EXPECT_TRUE(d.has_value()) << s;
  return d ? d->days : -999999;
}

TEST(DateTest, EpochIsZero) { EXPECT_EQ(days_of("1970-01-01"), 0); }

TEST(DateTest, DaysWorkedOutByHand) {
  // 1970-01-02 is one day on; 1971-01-01 is 365 days on (1970 is not leap).
  EXPECT_EQ(days_of("1970-01-02"), 1);
  EXPECT_EQ(days_of("1971-01-01"), 365);
  // 2000-01-01: 30 years from 1970, of which 1972, 76, 80, 84, 88, 92, 96 are
  // leap: 30 * 365 + 7 = 10957. 2000-03-01: + 31 (Jan) + 29 (Feb 2000) = 11017.
  EXPECT_EQ(days_of("2000-01-01"), 10957);
  EXPECT_EQ(days_of("2000-03-01"), 11017);
  // 1969-12-31 is the day before the epoch.
  EXPECT_EQ(days_of("1969-12-31"), -1);
  // 2023-12-31: 2000-01-01 (10957) + 23 years with 6 leap days (2000, 04, 08,
  // 12, 16, 20) = 10957 + 23 * 365 + 6 = 19358 for 2023-01-01, + 364 = 19722.
  EXPECT_EQ(days_of("2023-01-01"), 19358);
  EXPECT_EQ(days_of("2023-12-31"), 19722);
  // 1900-03-01: 70 years back from 1970 with 17 leap days (1904..1968; 1900
  // is not leap) = -(70 * 365 + 17) = -25567 for 1900-01-01; + 31 + 28 = -25508.
  EXPECT_EQ(days_of("1900-01-01"), -25567);
  EXPECT_EQ(days_of("1900-03-01"), -25508);
}

TEST(DateTest, LeapYears) {
  EXPECT_TRUE(date::parse("2000-02-29"));   // divisible by 400
  EXPECT_FALSE(date::parse("1900-02-29"));  // divisible by 100, not 400
  EXPECT_TRUE(date::parse("2024-02-29"));   // divisible by 4
  EXPECT_FALSE(date::parse("2023-02-29"));
  EXPECT_FALSE(date::parse("2023-02-30"));
  EXPECT_FALSE(date::parse("2023-04-31"));
  EXPECT_TRUE(date::parse("2023-12-31"));
  EXPECT_FALSE(date::parse("2023-13-01"));
  EXPECT_FALSE(date::parse("2023-00-10"));
  EXPECT_FALSE(date::parse("2023-01-00"));
}

TEST(DateTest, StrictShape) {
  for (const char* bad : {"2023-1-01", "2023-01-1", "23-01-01", "2023/01/01", " 2023-01-01", "2023-01-01 ",
                          "+2023-01-01", "2023-01-0a", "", "20230101", "2023-01-011"})
    EXPECT_FALSE(date::parse(bad)) << bad;
}

TEST(DateTest, YmdRoundTrip) {
  const date d = date::from_ymd(2000, 3, 1);
  EXPECT_EQ(d.days, 11017);
  int y;
  unsigned m, dd;
  date{11017}.to_ymd(y, m, dd);
  EXPECT_EQ(y, 2000);
  EXPECT_EQ(m, 3u);
  EXPECT_EQ(dd, 1u);
  date{-1}.to_ymd(y, m, dd);
  EXPECT_EQ(y, 1969);
  EXPECT_EQ(m, 12u);
  EXPECT_EQ(dd, 31u);
}

TEST(DateTest, ToString) {
  EXPECT_EQ(date{0}.to_string(), "1970-01-01");
  EXPECT_EQ(date{11017}.to_string(), "2000-03-01");
  EXPECT_EQ(date{-25508}.to_string(), "1900-03-01");
  EXPECT_EQ(date::from_ymd(5, 7, 9).to_string(), "0005-07-09");
  // Every day of 1999-2001 prints back as it parses.
  for (std::int32_t d = 10592; d < 11688; ++d) {
    const std::string s = date{d}.to_string();
    auto back = date::parse(s);
    ASSERT_TRUE(back) << s;
    EXPECT_EQ(back->days, d);
  }
}

TEST(DateTest, Ordering) {
  EXPECT_LT(*date::parse("2023-02-28"), *date::parse("2023-03-01"));
  EXPECT_EQ(*date::parse("2023-03-01"), date{days_of("2023-03-01")});
}

}  // namespace

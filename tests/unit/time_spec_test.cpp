// SPDX-License-Identifier: GPL-2.0-or-later
// ausearch's -ts/-te forms (include/contid/time_spec.h). Expected epoch
// values were computed independently (calendar.timegm) for TZ=UTC.
#include "contid/time_spec.h"

#include <gtest/gtest.h>

#include <ctime>
#include <optional>
#include <string>

#include "scoped_tz.h"

namespace contid {
namespace {

class TimeSpecTest : public ::testing::Test {
 protected:
  void SetUp() override {
    context_.now = 1700000000;  // Tue 2023-11-14 22:13:20 UTC
    context_.boot_time = 1699990000;
  }

  std::optional<std::time_t> start(std::vector<std::string> words) {
    return parse_time_spec(words, TimeBound::kStart, context_, &error_);
  }
  std::optional<std::time_t> end(std::vector<std::string> words) {
    return parse_time_spec(words, TimeBound::kEnd, context_, &error_);
  }

  test::ScopedTz utc_{"UTC"};
  TimeContext context_;
  std::string error_;
};

TEST_F(TimeSpecTest, DateAloneStartsAtMidnight) {
  EXPECT_EQ(start({"11/14/2023"}), 1699920000);
  EXPECT_EQ(start({"11/14/23"}), 1699920000);
}

TEST_F(TimeSpecTest, DateAndTimeInEitherOrder) {
  EXPECT_EQ(start({"01/15/2024", "08:05:09"}), 1705305909);
  EXPECT_EQ(start({"08:05:09", "01/15/2024"}), 1705305909);
  EXPECT_EQ(end({"01/15/2024", "08:05:09"}), 1705305909);
}

TEST_F(TimeSpecTest, TimeAloneIsToday) {
  EXPECT_EQ(start({"10:30:00"}), 1699957800);
  EXPECT_EQ(start({"10:30"}), 1699957800);
}

TEST_F(TimeSpecTest, EndDateAloneTakesCurrentTimeOfDay) {
  // ausearch's quirk: -te DATE uses the time of day of "now" (22:13:20).
  EXPECT_EQ(end({"01/15/2024"}), 1705356800);
}

TEST_F(TimeSpecTest, Keywords) {
  EXPECT_EQ(start({"now"}), 1700000000);
  EXPECT_EQ(start({"recent"}), 1700000000 - 600);
  EXPECT_EQ(start({"boot"}), 1699990000);
  EXPECT_EQ(start({"today"}), 1699920000);
  EXPECT_EQ(start({"yesterday"}), 1699833600);
  EXPECT_EQ(start({"this-week"}), 1699747200);  // Sunday 2023-11-12
  EXPECT_EQ(start({"week-ago"}), 1699315200);
  EXPECT_EQ(start({"this-month"}), 1698796800);
  EXPECT_EQ(start({"this-year"}), 1672531200);
}

TEST_F(TimeSpecTest, EndKeywords) {
  EXPECT_EQ(end({"today"}), 1700000000);  // -te today means now
  EXPECT_EQ(end({"now"}), 1700000000);
  EXPECT_EQ(end({"yesterday"}), 1699833600);
}

TEST_F(TimeSpecTest, KeywordWithTime) {
  EXPECT_EQ(start({"today", "10:30:00"}), 1699957800);
  EXPECT_EQ(start({"yesterday", "10:30:00"}), 1699957800 - 86400);
}

TEST_F(TimeSpecTest, BadDateIsNamed) {
  EXPECT_FALSE(start({"13/45/2023"}));
  EXPECT_NE(error_.find("13/45/2023"), std::string::npos) << error_;
  EXPECT_NE(error_.find("-ts"), std::string::npos) << error_;
}

TEST_F(TimeSpecTest, BadTimeIsNamed) {
  EXPECT_FALSE(end({"11/14/2023", "25:99:00"}));
  EXPECT_NE(error_.find("25:99:00"), std::string::npos) << error_;
  EXPECT_NE(error_.find("-te"), std::string::npos) << error_;
}

TEST_F(TimeSpecTest, UnknownKeywordIsAnError) {
  EXPECT_FALSE(start({"tomorrow"}));
  EXPECT_NE(error_.find("tomorrow"), std::string::npos) << error_;
}

TEST_F(TimeSpecTest, YearBefore2004IsRejected) {
  EXPECT_FALSE(start({"01/01/1999"}));
  EXPECT_NE(error_.find("1999"), std::string::npos) << error_;
}

TEST_F(TimeSpecTest, WordCountIsChecked) {
  EXPECT_FALSE(start({}));
  EXPECT_FALSE(start({"11/14/2023", "10:00:00", "extra"}));
}

TEST(TimeKeywords, Recognised) {
  for (const char* word : {"now", "recent", "boot", "today", "yesterday", "this-week", "week-ago",
                           "this-month", "this-year"})
    EXPECT_TRUE(is_time_keyword(word)) << word;
  EXPECT_FALSE(is_time_keyword("this-hour"));
  EXPECT_FALSE(is_time_keyword("11/14/2023"));
}

}  // namespace
}  // namespace contid

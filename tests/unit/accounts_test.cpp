// SPDX-License-Identifier: GPL-2.0-or-later
#include "contid/accounts.h"
#include "contid/option_values.h"

#include <gtest/gtest.h>

namespace {

TEST(Accounts, RootAndNumericIds) {
  auto root = contid::find_user("root");
  ASSERT_TRUE(root.has_value());
  EXPECT_EQ(root->uid, 0u);
  EXPECT_EQ(root->gid, 0u);
  EXPECT_EQ(contid::find_group("root"), std::optional<gid_t>(0));
  EXPECT_EQ(contid::user_id_of("root"), std::optional<uid_t>(0));
  EXPECT_EQ(contid::user_id_of("4242"), std::optional<uid_t>(4242));
  EXPECT_EQ(contid::group_id_of("17"), std::optional<gid_t>(17));
}

TEST(Accounts, UnknownEmptyAndOutOfRange) {
  EXPECT_FALSE(contid::find_user("no-such-user-contid-test").has_value());
  EXPECT_FALSE(contid::find_group("no-such-group-contid-test").has_value());
  EXPECT_FALSE(contid::user_id_of("").has_value());
  EXPECT_FALSE(contid::group_id_of("").has_value());
  EXPECT_FALSE(contid::user_id_of("4294967295").has_value());  // (uid_t)-1: "no id"
  EXPECT_FALSE(contid::user_id_of("99999999999").has_value());
}

TEST(EoeTimeout, WholeSecondsInRange) {
  unsigned s = 0;
  std::string error;
  EXPECT_TRUE(contid::parse_eoe_timeout("--eoe-timeout", "1", &s, &error));
  EXPECT_EQ(s, 1u);
  EXPECT_TRUE(contid::parse_eoe_timeout("--eoe-timeout", "3600", &s, &error));
  EXPECT_EQ(s, 3600u);
  for (const char* bad : {"0", "3601", "", "1.5", "-1", "2s", "x"}) {
    EXPECT_FALSE(contid::parse_eoe_timeout("--eoe-timeout", bad, &s, &error)) << bad;
    EXPECT_NE(error.find("--eoe-timeout"), std::string::npos) << error;
  }
}

}  // namespace

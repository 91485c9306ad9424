// SPDX-License-Identifier: GPL-2.0-or-later
#include "contid/container_id.h"

#include <gtest/gtest.h>

namespace contid {
namespace {

std::vector<ContainerChain> parse_ok(std::string_view text) {
  std::vector<ContainerChain> chains;
  std::string error;
  EXPECT_TRUE(parse_contid_list(text, &chains, &error)) << text << ": " << error;
  return chains;
}

std::string parse_error(std::string_view text) {
  std::vector<ContainerChain> chains;
  std::string error;
  EXPECT_FALSE(parse_contid_list(text, &chains, &error)) << text;
  EXPECT_TRUE(chains.empty());
  return error;
}

TEST(ContainerId, ParsesDecimalAndSentinels) {
  EXPECT_EQ(parse_container_id("0"), 0u);
  EXPECT_EQ(parse_container_id("123456"), 123456u);
  EXPECT_EQ(parse_container_id("18446744073709551614"), 18446744073709551614u);
  EXPECT_EQ(parse_container_id("18446744073709551615"), kUnsetContainerId);
  EXPECT_EQ(parse_container_id("-1"), kUnsetContainerId);
}

TEST(ContainerId, RejectsBadValuesNamingThem) {
  std::string error;
  EXPECT_FALSE(parse_container_id("18446744073709551616", &error));
  EXPECT_NE(error.find("18446744073709551616"), std::string::npos);
  EXPECT_NE(error.find("out of range"), std::string::npos);
  EXPECT_FALSE(parse_container_id("12a", &error));
  EXPECT_NE(error.find("not a decimal"), std::string::npos);
  EXPECT_FALSE(parse_container_id("", &error));
  EXPECT_FALSE(parse_container_id("-2", &error));
  EXPECT_FALSE(parse_container_id("0x10", &error));
  EXPECT_FALSE(parse_container_id(" 5", &error));
}

TEST(ContidList, SingleId) {
  auto chains = parse_ok("527940429489930240");
  ASSERT_EQ(chains.size(), 1u);
  EXPECT_EQ(chains[0].ids, std::vector<ContainerId>{527940429489930240u});
}

TEST(ContidList, NestedChainV9ToV11) {
  auto chains = parse_ok("4,^2,^1");
  ASSERT_EQ(chains.size(), 1u);
  EXPECT_EQ(chains[0].ids, (std::vector<ContainerId>{4, 2, 1}));
  EXPECT_EQ(chains[0].innermost(), 4u);
  EXPECT_TRUE(chains[0].contains(1));
  EXPECT_FALSE(chains[0].contains(3));
}

TEST(ContidList, NetnsListOfChains) {
  auto chains = parse_ok("2,^1,3,^1");
  ASSERT_EQ(chains.size(), 2u);
  EXPECT_EQ(chains[0].ids, (std::vector<ContainerId>{2, 1}));
  EXPECT_EQ(chains[1].ids, (std::vector<ContainerId>{3, 1}));
  auto flat = parse_ok("4112973747854606336,1916436506412318720");
  ASSERT_EQ(flat.size(), 2u);
}

TEST(ContidList, V8CaretChains) {
  auto chains = parse_ok("4^2^1");
  ASSERT_EQ(chains.size(), 1u);
  EXPECT_EQ(chains[0].ids, (std::vector<ContainerId>{4, 2, 1}));
  auto two = parse_ok("4^2,5^2");
  ASSERT_EQ(two.size(), 2u);
  EXPECT_EQ(two[1].ids, (std::vector<ContainerId>{5, 2}));
}

TEST(ContidList, UnsetIsEmpty) {
  EXPECT_TRUE(parse_ok("-1").empty());
  EXPECT_TRUE(parse_ok("18446744073709551615").empty());
}

TEST(ContidList, MalformedListsAreErrors) {
  EXPECT_NE(parse_error("^1").find("ancestor"), std::string::npos);
  EXPECT_NE(parse_error("1,,2").find("empty"), std::string::npos);
  EXPECT_NE(parse_error("1,").find("empty"), std::string::npos);
  EXPECT_NE(parse_error("").find("empty"), std::string::npos);
  EXPECT_NE(parse_error("1,^x").find("'x'"), std::string::npos);
  EXPECT_NE(parse_error("1,^18446744073709551616").find("out of range"), std::string::npos);
  EXPECT_NE(parse_error("1,-1").find("unset"), std::string::npos);
  parse_error("4^^2");
  parse_error("1 2");
}

TEST(ContidList, FormatRoundTrips) {
  for (std::string text : {"4,^2,^1", "2,^1,3,^1", "7"}) {
    EXPECT_EQ(format_contid_list(parse_ok(text)), text);
  }
  EXPECT_EQ(format_contid_list({}), "unset");
  EXPECT_EQ(format_container_id(kUnsetContainerId), "unset");
  EXPECT_EQ(format_container_id(42), "42");
}

}  // namespace
}  // namespace contid

// SPDX-License-Identifier: GPL-2.0-or-later
// Field text helpers (include/contid/field_text.h, lib/text.h).
#include "contid/field_text.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "../../lib/text.h"

namespace contid {
namespace {

TEST(FieldText, ParseIntegerTakesTheWholeText) {
  EXPECT_EQ(parse_integer<int>("42"), 42);
  EXPECT_EQ(parse_integer<std::int64_t>("-7"), -7);
  EXPECT_EQ(parse_integer<unsigned>("c000003e", 16), 0xc000003eu);
  EXPECT_FALSE(parse_integer<int>(""));
  EXPECT_FALSE(parse_integer<int>("4x"));
  EXPECT_FALSE(parse_integer<int>(" 4"));
  EXPECT_FALSE(parse_integer<int>("+4"));
  EXPECT_FALSE(parse_integer<unsigned>("-1"));
  EXPECT_FALSE(parse_integer<std::uint64_t>("18446744073709551616"));
}

TEST(FieldText, ParseIntegerPrefixReadsLikeStrtol) {
  EXPECT_EQ(parse_integer_prefix<long>("30abc"), 30);
  EXPECT_EQ(parse_integer_prefix<long>("-2"), -2);
  EXPECT_FALSE(parse_integer_prefix<long>("abc"));
  EXPECT_FALSE(parse_integer_prefix<long>(""));
}

TEST(FieldText, AuditIds) {
  EXPECT_EQ(parse_audit_id("0"), 0u);
  EXPECT_EQ(parse_audit_id("-1"), 4294967295u);
  EXPECT_EQ(parse_audit_id("4294967295"), 4294967295u);
  EXPECT_FALSE(parse_audit_id("4294967296"));
  EXPECT_FALSE(parse_audit_id("-2"));
  EXPECT_FALSE(parse_audit_id("root"));
}

TEST(FieldText, QuotesAndHex) {
  EXPECT_EQ(unquote("\"/tmp\""), "/tmp");
  EXPECT_EQ(unquote("\""), "\"");
  EXPECT_EQ(unquote("(null)"), "(null)");
  EXPECT_EQ(decode_hex("2F746D70"), "/tmp");
  EXPECT_EQ(decode_hex("2f746d70"), "/tmp");
  EXPECT_FALSE(decode_hex(""));
  EXPECT_FALSE(decode_hex("2F7"));
  EXPECT_FALSE(decode_hex("2G"));
  EXPECT_EQ(decode_field_value("\"2F\""), "2F");
  EXPECT_EQ(decode_field_value("2F746D70"), "/tmp");
  EXPECT_EQ(decode_field_value("(null)"), "(null)");
  EXPECT_EQ(decode_field_value("?"), "?");
}

TEST(FieldText, ItemsAndBlanks) {
  std::vector<std::string> items;
  auto collect = [&](std::string_view item) {
    items.emplace_back(item);
    return true;
  };
  EXPECT_TRUE(for_each_item("2,^1,3", ',', collect));
  EXPECT_EQ(items, (std::vector<std::string>{"2", "^1", "3"}));
  items.clear();
  EXPECT_TRUE(for_each_item("a,", ',', collect));
  EXPECT_EQ(items, (std::vector<std::string>{"a", ""}));
  items.clear();
  EXPECT_TRUE(for_each_item("", ',', collect));
  EXPECT_EQ(items, (std::vector<std::string>{""}));
  EXPECT_FALSE(for_each_item("a,b", ',', [](std::string_view item) { return item != "a"; }));
  EXPECT_EQ(trim_blanks(" \t5 "), "5");
}

}  // namespace
}  // namespace contid

// SPDX-License-Identifier: GPL-2.0-or-later
#include "contid/record.h"

#include <gtest/gtest.h>

namespace contid {
namespace {

Record parse_ok(std::string_view line) {
  Record r;
  std::string error;
  EXPECT_TRUE(parse_record(line, ContainerRecordNumbers{}, &r, &error)) << line << ": " << error;
  return r;
}

std::string parse_error(std::string_view line) {
  Record r;
  std::string error;
  EXPECT_FALSE(parse_record(line, ContainerRecordNumbers{}, &r, &error)) << line;
  return error;
}

TEST(Record, ParsesPlainSyscall) {
  auto r = parse_ok(
      "type=SYSCALL msg=audit(1795476844.865:5): arch=c000003e syscall=257 success=yes exit=3 "
      "comm=\"auditctl\" exe=\"/usr/sbin/auditctl\" key=\"k1\" record=1");
  EXPECT_EQ(r.type, 1300);
  EXPECT_EQ(r.type_name, "SYSCALL");
  EXPECT_EQ(r.key.seconds, 1795476844);
  EXPECT_EQ(r.key.milliseconds, 865u);
  EXPECT_EQ(r.key.serial, 5u);
  EXPECT_TRUE(r.key.node.empty());
  EXPECT_EQ(r.field("syscall"), "257");
  EXPECT_EQ(r.field("key"), "\"k1\"");
  EXPECT_EQ(r.unquoted_field("key"), "k1");
  EXPECT_EQ(r.field("record"), "1");
  EXPECT_FALSE(r.field("nosuch"));
  EXPECT_TRUE(r.enriched.empty());
}

TEST(Record, ParsesNodeAndEnriched) {
  auto r = parse_ok(
      "node=web1 type=SYSCALL msg=audit(1.002:3): arch=c000003e auid=0 key=(null)\x1d"
      "ARCH=x86_64 AUID=\"root\"");
  EXPECT_EQ(r.key.node, "web1");
  EXPECT_EQ(r.key.milliseconds, 2u);
  EXPECT_EQ(r.body, "arch=c000003e auid=0 key=(null)");
  EXPECT_EQ(r.enriched, "ARCH=x86_64 AUID=\"root\"");
  EXPECT_EQ(r.field("key"), "(null)");
  EXPECT_EQ(r.raw_text(),
            "node=web1 type=SYSCALL msg=audit(1.002:3): arch=c000003e auid=0 key=(null)");
}

TEST(Record, UnknownTypesKeepTheirNumber) {
  auto r = parse_ok("type=UNKNOWN[1340] msg=audit(1.000:9): record=1 contid=4,^2,^1");
  EXPECT_EQ(r.type, 1340);
  EXPECT_EQ(r.field("contid"), "4,^2,^1");
  EXPECT_EQ(
      parse_ok("type=UNKNOWN[1020] msg=audit(1.000:9): op=set opid=1 contid=5 old-contid=-1").type,
      1020);
  EXPECT_EQ(parse_ok("type=URINGOP msg=audit(1.000:9): uring_op=1 items=0").type, 1336);
  EXPECT_EQ(parse_ok("type=CONTAINER_ID msg=audit(1.000:9): record=1 contid=4").type, 1340);
}

TEST(Record, UserMessageFieldsInsideMsgQuotes) {
  auto r = parse_ok(
      "type=USER_LOGIN msg=audit(1.000:9): pid=1 uid=0 auid=0 ses=1 msg='op=login acct=\"root\" "
      "exe=\"/usr/sbin/sshd\" "
      "hostname=? addr=10.0.0.1 terminal=ssh res=success'");
  EXPECT_EQ(r.field("op"), "login");
  EXPECT_EQ(r.field("res"), "success");
  EXPECT_EQ(r.unquoted_field("acct"), "root");
}

TEST(Record, QuotedValueWithSpaceAndHexValues) {
  auto r = parse_ok(
      "type=PATH msg=audit(1.000:9): item=0 name=\"/tmp/a b\" inode=12 proctitle=2F62696E");
  EXPECT_EQ(r.field("name"), "\"/tmp/a b\"");
  EXPECT_EQ(r.field("inode"), "12");
}

TEST(Record, MalformedLinesAreNamed) {
  EXPECT_NE(parse_error("hello world").find("type="), std::string::npos);
  EXPECT_NE(parse_error("type=SYSCALL foo").find("msg=audit("), std::string::npos);
  EXPECT_NE(parse_error("type=SYSCALL msg=audit(12:4): a=1").find("timestamp"), std::string::npos);
  EXPECT_NE(parse_error("type=SYSCALL msg=audit(x.1:4): a=1").find("seconds"), std::string::npos);
  EXPECT_NE(parse_error("type=SYSCALL msg=audit(1.1:x): a=1").find("serial"), std::string::npos);
  EXPECT_NE(parse_error("type=SYSCALL msg=audit(1.1:99999999999999999999): a=1").find("serial"),
            std::string::npos);
  parse_error("type=SYSCALL msg=audit(1.1:4");
  EXPECT_NE(parse_error("type=UNKNOWN[1020] msg=lost").find("lost"), std::string::npos);
  parse_error("type= msg=audit(1.1:4): ");
  parse_error("node=x");
  parse_error("");
  parse_error(std::string_view("type=SYSCALL\0msg", 16));
}

TEST(Record, TypeNames) {
  EXPECT_EQ(record_type_from_name("SYSCALL", ContainerRecordNumbers{}), 1300);
  EXPECT_EQ(record_type_from_name("PROCTITLE", ContainerRecordNumbers{}), 1327);
  EXPECT_EQ(record_type_from_name("1340", ContainerRecordNumbers{}), 1340);
  EXPECT_EQ(record_type_from_name("UNKNOWN[abc]", ContainerRecordNumbers{}), 0);
  EXPECT_EQ(record_type_from_name("NOT_A_TYPE", ContainerRecordNumbers{}), 0);
  ContainerRecordNumbers v11;
  v11.container_id = 1336;
  EXPECT_EQ(record_type_from_name("CONTAINER_ID", ContainerRecordNumbers{}), 1340);
  EXPECT_EQ(record_type_from_name("CONTAINER_ID", v11), 1336);
  EXPECT_EQ(record_type_from_name("CONTAINER_OP", v11), 1020);
  EXPECT_EQ(record_type_name(1300), "SYSCALL");
  EXPECT_EQ(record_type_name(1340), "UNKNOWN[1340]");
  EXPECT_EQ(record_type_name(1336), "URINGOP");
}

}  // namespace
}  // namespace contid

// SPDX-License-Identifier: GPL-2.0-or-later
// ausearch's filters as an event predicate (include/contid/search_criteria.h).
#include "contid/search_criteria.h"

#include <gtest/gtest.h>
#include <libaudit.h>

#include <string>
#include <vector>

#include "contid/event.h"
#include "contid/event_reader.h"
#include "contid/option_values.h"

namespace contid {
namespace {

constexpr const char* kExecEvent =
    "type=SYSCALL msg=audit(1700000000.123:456): arch=c000003e syscall=59 success=yes exit=0 "
    "a0=1 a1=2 a2=3 a3=4 items=1 ppid=1 pid=100 auid=1000 uid=0 gid=5 euid=0 suid=0 fsuid=0 "
    "egid=0 sgid=0 fsgid=0 tty=pts0 ses=3 comm=\"ls\" exe=\"/usr/bin/ls\" key=\"exec_k\" "
    "record=1\n"
    "type=PATH msg=audit(1700000000.123:456): item=0 name=\"/usr/bin/ls\" inode=1 dev=fe:00 "
    "mode=0100755 ouid=7 ogid=0 rdev=00:00 nametype=NORMAL\n"
    "type=UNKNOWN[1340] msg=audit(1700000000.123:456): record=1 contid=4,^2,^1\n"
    "type=PROCTITLE msg=audit(1700000000.123:456): proctitle=6C73\n";

Event one_event(const std::string& text) {
  std::vector<Event> events = events_from_text(text);
  EXPECT_EQ(events.size(), 1u) << text;
  return std::move(events.front());
}

class SearchCriteriaTest : public ::testing::Test {
 protected:
  SearchCriteriaTest() : exec_(one_event(kExecEvent)) {}
  Event exec_;
  SearchCriteria c_;
};

TEST_F(SearchCriteriaTest, EmptyMatchesEverything) {
  EXPECT_TRUE(c_.empty());
  EXPECT_TRUE(c_.matches(exec_));
}

TEST_F(SearchCriteriaTest, KeyIsASubstringUnlessWholeWord) {
  c_.key = "exec";
  EXPECT_FALSE(c_.empty());
  EXPECT_TRUE(c_.matches(exec_));
  c_.whole_word = true;
  EXPECT_FALSE(c_.matches(exec_));
  c_.key = "exec_k";
  EXPECT_TRUE(c_.matches(exec_));
  c_.key = "other";
  EXPECT_FALSE(c_.matches(exec_));
}

TEST_F(SearchCriteriaTest, HexKeyListIsSplit) {
  Event e = one_event(
      "type=SYSCALL msg=audit(1700000000.123:457): arch=c000003e syscall=2 success=no exit=-2 "
      "ppid=1 pid=9 auid=0 uid=0 gid=0 euid=0 ses=1 comm=\"x\" exe=\"/x\" key=6B31016B32\n");
  c_.key = "k2";
  c_.whole_word = true;
  EXPECT_TRUE(c_.matches(e));
  c_.key = "k1";
  EXPECT_TRUE(c_.matches(e));
  c_.key = "k1\x01k2";
  EXPECT_FALSE(c_.matches(e));
}

TEST_F(SearchCriteriaTest, NullKeyIsNoKey) {
  Event e = one_event(
      "type=SYSCALL msg=audit(1700000000.123:458): arch=c000003e syscall=2 success=no exit=-2 "
      "ppid=1 pid=9 auid=0 uid=0 gid=0 euid=0 ses=1 comm=\"x\" exe=\"/x\" key=(null)\n");
  c_.key = "null";
  EXPECT_FALSE(c_.matches(e));
}

TEST_F(SearchCriteriaTest, ProcessIds) {
  c_.pid = 100;
  EXPECT_TRUE(c_.matches(exec_));
  c_.pid = 101;
  EXPECT_FALSE(c_.matches(exec_));
  c_.pid.reset();
  c_.ppid = 1;
  EXPECT_TRUE(c_.matches(exec_));
  c_.ppid = 100;
  EXPECT_FALSE(c_.matches(exec_));
}

TEST_F(SearchCriteriaTest, UserIdsAreAndedButUidAllIsOred) {
  c_.uid = 0;
  c_.auid = 1000;
  EXPECT_TRUE(c_.matches(exec_));
  c_.uid = 1000;  // uid is 0: the AND fails
  EXPECT_FALSE(c_.matches(exec_));
  SearchCriteria any;
  any.any_uid = 1000;  // matches through auid
  EXPECT_TRUE(any.matches(exec_));
  any.any_uid = 7;  // ouid of the PATH record is not a subject field
  EXPECT_FALSE(any.matches(exec_));
  SearchCriteria effective;
  effective.euid = 0;
  effective.gid = 5;
  EXPECT_TRUE(effective.matches(exec_));
  effective.gid = 0;
  EXPECT_FALSE(effective.matches(exec_));
}

TEST_F(SearchCriteriaTest, MessageTypesIncludingContainerRecords) {
  ASSERT_TRUE(parse_message_types("CWD,PATH", ContainerRecordNumbers{}, &c_.types, nullptr));
  EXPECT_TRUE(c_.matches(exec_));
  c_.types.clear();
  ASSERT_TRUE(parse_message_types("CONTAINER_ID", ContainerRecordNumbers{}, &c_.types, nullptr));
  EXPECT_TRUE(c_.matches(exec_));
  c_.types.clear();
  ASSERT_TRUE(parse_message_types("CONTAINER_OP", ContainerRecordNumbers{}, &c_.types, nullptr));
  EXPECT_FALSE(c_.matches(exec_));
  c_.types.clear();
  ASSERT_TRUE(parse_message_types("1340", ContainerRecordNumbers{}, &c_.types, nullptr));
  EXPECT_TRUE(c_.matches(exec_));
}

TEST_F(SearchCriteriaTest, ExecutableCommSyscallSuccessExit) {
  c_.exe = "bin/l";
  c_.comm = "ls";
  c_.syscall = 59;
  c_.success = true;
  c_.exit = 0;
  EXPECT_TRUE(c_.matches(exec_));
  c_.success = false;
  EXPECT_FALSE(c_.matches(exec_));
  c_.success = true;
  c_.exit = -2;
  EXPECT_FALSE(c_.matches(exec_));
  c_.exit = 0;
  c_.syscall = 2;
  EXPECT_FALSE(c_.matches(exec_));
  c_.syscall = 59;
  c_.whole_word = true;  // "bin/l" is not the whole exe
  EXPECT_FALSE(c_.matches(exec_));
}

TEST_F(SearchCriteriaTest, SerialSessionAndTimeRange) {
  c_.serial = 456;
  c_.session = 3;
  c_.start = 1700000000;
  c_.end = 1700000000;
  EXPECT_TRUE(c_.matches(exec_));
  c_.start = 1700000001;
  EXPECT_FALSE(c_.matches(exec_));
  c_.start.reset();
  c_.end = 1699999999;
  EXPECT_FALSE(c_.matches(exec_));
  c_.end.reset();
  c_.serial = 457;
  EXPECT_FALSE(c_.matches(exec_));
  c_.serial = 456;
  c_.session = 4;
  EXPECT_FALSE(c_.matches(exec_));
}

TEST_F(SearchCriteriaTest, Nodes) {
  Event alpha = one_event(
      "node=alpha type=SYSCALL msg=audit(1700000000.123:459): arch=c000003e syscall=2 "
      "success=yes exit=3 ppid=1 pid=9 auid=0 uid=0 gid=0 euid=0 ses=1 comm=\"x\" exe=\"/x\" "
      "key=(null)\n");
  c_.nodes = {"beta", "alpha"};
  EXPECT_TRUE(c_.matches(alpha));
  EXPECT_FALSE(c_.matches(exec_));  // no node at all
  c_.nodes = {"beta"};
  EXPECT_FALSE(c_.matches(alpha));
}

TEST_F(SearchCriteriaTest, UserMessageFieldsInsideMsg) {
  Event user = one_event(
      "type=USER_LOGIN msg=audit(1700000000.200:460): pid=77 uid=0 auid=1001 ses=9 "
      "msg='op=login id=1001 exe=\"/usr/sbin/sshd\" hostname=h addr=1.2.3.4 terminal=ssh "
      "res=failed'\n");
  c_.exe = "sshd";
  c_.auid = 1001;
  c_.pid = 77;
  c_.success = false;
  EXPECT_TRUE(c_.matches(user));
  c_.success = true;
  EXPECT_FALSE(c_.matches(user));
}

TEST_F(SearchCriteriaTest, MissingFieldDoesNotMatch) {
  Event daemon = one_event(
      "type=DAEMON_ROTATE msg=audit(1700000000.300:461): op=rotate-logs auid=0 res=success\n");
  c_.pid = 1;
  EXPECT_FALSE(c_.matches(daemon));
}

TEST(SearchCriteriaParse, MessageTypes) {
  ContainerRecordNumbers numbers;
  std::vector<int> types;
  std::string error;
  ASSERT_TRUE(
      parse_message_types("SYSCALL,1300,CONTAINER_OP,UNKNOWN[1341]", numbers, &types, &error))
      << error;
  EXPECT_EQ(types, (std::vector<int>{AUDIT_SYSCALL, 1300, numbers.container_op, 1341}));
  EXPECT_TRUE(parse_message_types("ALL", numbers, &types, &error));
  EXPECT_TRUE(types.empty());
  EXPECT_FALSE(parse_message_types("SYSCALL,NOT_A_TYPE", numbers, &types, &error));
  EXPECT_NE(error.find("NOT_A_TYPE"), std::string::npos) << error;
}

TEST(SearchCriteriaParse, ContainerNamesFollowConfiguredNumbers) {
  ContainerRecordNumbers numbers;
  std::string error;
  ASSERT_TRUE(parse_record_numbers("v10", &numbers, &error)) << error;
  std::vector<int> types;
  ASSERT_TRUE(parse_message_types("CONTAINER_ID", numbers, &types, &error));
  EXPECT_EQ(types, std::vector<int>{numbers.container_id});
  EXPECT_NE(numbers.container_id, ContainerRecordNumbers{}.container_id);
}

TEST(SearchCriteriaParse, Users) {
  std::uint32_t id = 99;
  std::string error;
  EXPECT_TRUE(parse_user_id("-ui", "root", &id, &error));
  EXPECT_EQ(id, 0u);
  EXPECT_TRUE(parse_user_id("-ul", "-1", &id, &error));
  EXPECT_EQ(id, 4294967295u);
  EXPECT_TRUE(parse_user_id("-ui", "1234", &id, &error));
  EXPECT_EQ(id, 1234u);
  EXPECT_FALSE(parse_user_id("-ui", "no_such_user_xyz", &id, &error));
  EXPECT_NE(error.find("no_such_user_xyz"), std::string::npos) << error;
  EXPECT_NE(error.find("-ui"), std::string::npos) << error;
  EXPECT_FALSE(parse_user_id("-ui", "12x", &id, &error));
  EXPECT_TRUE(parse_group_id("-gi", "root", &id, &error));
  EXPECT_EQ(id, 0u);
  EXPECT_FALSE(parse_group_id("-gi", "no_such_group_xyz", &id, &error));
}

TEST(SearchCriteriaParse, SyscallSuccessExitNumbers) {
  int syscall = -1;
  std::string error;
  ASSERT_TRUE(parse_syscall("59", &syscall, &error));
  EXPECT_EQ(syscall, 59);
  const int machine = audit_detect_machine();
  ASSERT_GE(machine, 0);
  ASSERT_TRUE(parse_syscall("openat", &syscall, &error)) << error;
  EXPECT_EQ(syscall, audit_name_to_syscall("openat", machine));
  EXPECT_FALSE(parse_syscall("no_such_syscall", &syscall, &error));
  EXPECT_NE(error.find("no_such_syscall"), std::string::npos);

  bool yes = false;
  EXPECT_TRUE(parse_success("yes", &yes, &error));
  EXPECT_TRUE(yes);
  EXPECT_TRUE(parse_success("no", &yes, &error));
  EXPECT_FALSE(yes);
  EXPECT_FALSE(parse_success("maybe", &yes, &error));

  std::int64_t exit = 0;
  EXPECT_TRUE(parse_exit("-2", &exit, &error));
  EXPECT_EQ(exit, -2);
  EXPECT_TRUE(parse_exit("0x10", &exit, &error));
  EXPECT_EQ(exit, 16);
  EXPECT_TRUE(parse_exit("EPERM", &exit, &error));
  EXPECT_EQ(exit, audit_name_to_errno("EPERM"));
  EXPECT_FALSE(parse_exit("ENOTANERRNO", &exit, &error));

  std::int64_t n = 0;
  EXPECT_TRUE(parse_bounded_integer("-p", "42", 0, 100, &n, &error));
  EXPECT_EQ(n, 42);
  EXPECT_FALSE(parse_bounded_integer("-p", "101", 0, 100, &n, &error));
  EXPECT_FALSE(parse_bounded_integer("-p", "4x", 0, 100, &n, &error));
  EXPECT_NE(error.find("4x"), std::string::npos);
}

}  // namespace
}  // namespace contid

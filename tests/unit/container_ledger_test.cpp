// SPDX-License-Identifier: GPL-2.0-or-later
// The container ledger's rules (include/contid/container_ledger.h).
#include "contid/container_ledger.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "contid/attribution.h"
#include "contid/event.h"
#include "contid/event_reader.h"

namespace contid {
namespace {

// The records of one event at 1700000000 + `second` (milliseconds `ms`).
std::string stamp(int second, int serial, int ms = 0) {
  char text[64];
  std::snprintf(text, sizeof text, "msg=audit(%d.%03d:%d): ", 1700000000 + second, ms, serial);
  return text;
}

// A registration by pid 9: `op=set opid=OPID contid=ID old-contid=OLD`,
// its SYSCALL with success=`success`.
std::string set_event(int second, int serial, int opid, const std::string& id,
                      const std::string& old, bool success = true) {
  const std::string key = stamp(second, serial);
  return "type=UNKNOWN[1020] " + key + "op=set opid=" + std::to_string(opid) + " contid=" + id +
         " old-contid=" + old + "\n" + "type=SYSCALL " + key +
         "arch=c000003e syscall=1 success=" + (success ? "yes exit=4" : "no exit=-17") +
         " pid=9 comm=\"o\"\n" + "type=EOE " + key + "\n";
}

// An execve by a task whose CONTAINER_ID is `chain`.
std::string task_event(int second, int serial, const std::string& chain, int ms = 0) {
  const std::string key = stamp(second, serial, ms);
  return "type=UNKNOWN[1340] " + key + "record=1 contid=" + chain + "\n" + "type=SYSCALL " + key +
         "arch=c000003e syscall=59 success=yes exit=0 pid=20 comm=\"sh\" record=1\n" + "type=EOE " +
         key + "\n";
}

void observe_all(ContainerLedger* ledger, const std::string& log) {
  for (const Event& e : events_from_text(log)) ledger->observe(e, attribute(e));
}

TEST(ContainerLedger, RepeatedSetStartsNewLife) {
  ContainerLedger ledger;
  observe_all(&ledger, set_event(0, 1, 100, "5", "-1") + task_event(1, 2, "5") +
                           task_event(2, 3, "5") + set_event(10, 4, 200, "5", "3") +
                           task_event(11, 5, "5,^3"));
  const ContainerEntry* e = ledger.find(5);
  ASSERT_NE(e, nullptr);
  EXPECT_EQ(e->registrations, 2u);
  EXPECT_EQ(e->owner_pid, 200);                            // the second set's
  EXPECT_EQ(e->parents, (std::vector<ContainerId>{3}));    // its old-contid
  EXPECT_EQ(e->life_started, (EventTime{1700000010, 0}));  // the second set
  EXPECT_EQ(e->life_events, 2u);                           // the set and the execve
}

TEST(ContainerLedger, TotalsCoverEveryLife) {
  ContainerLedger ledger;
  // Seen before any set (registered before the log began): one life since
  // first seen; then two registrations.
  observe_all(&ledger, task_event(0, 1, "7", 250) + set_event(5, 2, 100, "7", "-1") +
                           task_event(6, 3, "7") + set_event(8, 4, 101, "7", "-1") +
                           task_event(9, 5, "7", 750));
  const ContainerEntry* e = ledger.find(7);
  ASSERT_NE(e, nullptr);
  EXPECT_EQ(e->events, 5u);
  EXPECT_EQ(e->first_seen, (EventTime{1700000000, 250}));
  EXPECT_EQ(e->last_seen, (EventTime{1700000009, 750}));
  EXPECT_EQ(e->registrations, 2u);
  EXPECT_EQ(e->life_events, 2u);
  EXPECT_EQ(e->life_started, (EventTime{1700000008, 0}));

  ContainerLedger never_set;
  observe_all(&never_set, task_event(3, 1, "8") + task_event(4, 2, "8"));
  ASSERT_NE(never_set.find(8), nullptr);
  EXPECT_EQ(never_set.find(8)->life_started, (EventTime{1700000003, 0}));
  EXPECT_EQ(never_set.find(8)->life_events, 2u);
  EXPECT_FALSE(never_set.find(8)->owner_pid.has_value());
}

TEST(ContainerLedger, ParentChainNearestFirstFromTheSet) {
  ContainerLedger ledger;
  // 9 set inside 5, itself inside 1; a later (inconsistent) chain does not
  // change what the set said.
  observe_all(&ledger, set_event(0, 1, 100, "9", "5,^1") + task_event(1, 2, "9,^6,^1"));
  ASSERT_NE(ledger.find(9), nullptr);
  EXPECT_EQ(ledger.find(9)->parents, (std::vector<ContainerId>{5, 1}));
  EXPECT_TRUE(ledger.find(9)->parents_known);

  // A new life takes the new set's chain; old-contid=-1 means no parents.
  observe_all(&ledger, set_event(2, 3, 101, "9", "-1"));
  EXPECT_TRUE(ledger.find(9)->parents.empty());
  EXPECT_TRUE(ledger.find(9)->parents_known);
}

TEST(ContainerLedger, ParentsLearnedFromEventChains) {
  ContainerLedger ledger;
  const std::string key = stamp(1, 2);
  observe_all(&ledger,
              task_event(0, 1, "4,^2,^1") +
                  // a kill of a task in 12 (inside 11) by a host task
                  "type=SYSCALL " + key + "arch=c000003e syscall=62 success=yes exit=0 pid=3 " +
                  "comm=\"kill\"\n" + "type=OBJ_PID " + key + "opid=44 ocomm=\"x\" record=2\n" +
                  "type=UNKNOWN[1340] " + key + "record=2 contid=12,^11\n" + "type=EOE " + key +
                  "\n" + task_event(2, 3, "4,^3"));  // later: does not override
  ASSERT_NE(ledger.find(4), nullptr);
  EXPECT_EQ(ledger.find(4)->parents, (std::vector<ContainerId>{2, 1}));
  EXPECT_EQ(ledger.find(2)->parents, (std::vector<ContainerId>{1}));
  EXPECT_TRUE(ledger.find(1)->parents.empty());
  EXPECT_TRUE(ledger.find(1)->parents_known);
  ASSERT_NE(ledger.find(12), nullptr);
  EXPECT_EQ(ledger.find(12)->parents, (std::vector<ContainerId>{11}));
  EXPECT_EQ(ledger.find(12)->registrations, 0u);

  // With innermost ids only, ancestors are not counted (no entry).
  ContainerLedger exact({.innermost_only = true});
  observe_all(&exact, task_event(0, 1, "4,^2,^1"));
  EXPECT_EQ(exact.containers().size(), 1u);
  ASSERT_NE(exact.find(4), nullptr);
  EXPECT_EQ(exact.find(4)->parents, (std::vector<ContainerId>{2, 1}));
}

TEST(ContainerLedger, FailedRegistrationsOfUnknownAndUnsetIds) {
  ContainerLedger ledger;
  observe_all(&ledger, set_event(0, 1, 100, "42", "-1", false) +
                           set_event(1, 2, 100, "18446744073709551615", "5", false) +
                           set_event(2, 3, 100, "5", "-1") + set_event(3, 4, 300, "5", "9", false));
  EXPECT_EQ(ledger.failed_registrations(), 3u);  // 42, unset and 5
  const ContainerEntry* unknown = ledger.find(42);
  ASSERT_NE(unknown, nullptr);
  EXPECT_EQ(unknown->failed_registrations, 1u);
  EXPECT_EQ(unknown->registrations, 0u);
  EXPECT_FALSE(unknown->owner_pid.has_value());
  EXPECT_FALSE(unknown->parents_known);
  EXPECT_EQ(ledger.find(kUnsetContainerId), nullptr);
  // A failed set starts no life and changes neither owner nor parents.
  const ContainerEntry* five = ledger.find(5);
  ASSERT_NE(five, nullptr);
  EXPECT_EQ(five->failed_registrations, 1u);
  EXPECT_EQ(five->registrations, 1u);
  EXPECT_EQ(five->owner_pid, 100);
  EXPECT_TRUE(five->parents.empty());
  EXPECT_EQ(five->life_started, (EventTime{1700000002, 0}));
  // The unset attempt's old-contid still counts that event for 5.
  EXPECT_EQ(five->events, 3u);
}

TEST(ContainerLedger, EvictsLeastRecentlySeen) {
  ContainerLedger ledger({.max_entries = 10});
  std::string log;
  for (int i = 1; i <= 30; ++i) log += task_event(10 + i, i, std::to_string(i));
  observe_all(&ledger, log);
  EXPECT_LE(ledger.containers().size(), 10u);
  EXPECT_NE(ledger.find(30), nullptr);
  EXPECT_EQ(ledger.find(1), nullptr);
  EXPECT_EQ(ledger.evicted() + ledger.containers().size(), 30u);

  // A forgotten id that comes back starts a fresh entry.
  observe_all(&ledger, task_event(100, 31, "1"));
  ASSERT_NE(ledger.find(1), nullptr);
  EXPECT_EQ(ledger.find(1)->events, 1u);
  EXPECT_EQ(ledger.find(1)->first_seen, (EventTime{1700000100, 0}));
}

TEST(ContainerLedger, CountsDropsWithoutEndingTheLife) {
  ContainerLedger ledger;
  // As the kernel writes it: contid=-1, the container in old-contid.
  const std::string key = stamp(2, 3);
  observe_all(&ledger, set_event(0, 1, 100, "6", "2") + task_event(1, 2, "6,^2") +
                           "type=UNKNOWN[1020] " + key +
                           "op=drop opid=20 contid=-1 old-contid=6,^2\n" + "type=SYSCALL " + key +
                           "arch=c000003e syscall=231 pid=20 comm=\"sh\"\n" + "type=EOE " + key +
                           "\n" + task_event(3, 4, "6,^2"));
  const ContainerEntry* e = ledger.find(6);
  ASSERT_NE(e, nullptr);
  EXPECT_EQ(e->drops, 1u);
  EXPECT_EQ(e->registrations, 1u);
  EXPECT_EQ(e->life_events, 4u);  // set, execve, drop, execve: one life
  EXPECT_EQ(ledger.find(2)->drops, 0u);
  EXPECT_EQ(ledger.failed_registrations(), 0u);
}

TEST(ContainerLedger, ObserveReturnsTheCountedIds) {
  ContainerLedger ledger;
  const auto events = events_from_text(task_event(0, 1, "4,^2") + set_event(1, 2, 7, "9", "4,^2"));
  ASSERT_EQ(events.size(), 2u);
  EXPECT_EQ(ledger.observe(events[0], attribute(events[0])), (std::vector<ContainerId>{2, 4}));
  EXPECT_EQ(ledger.observe(events[1], attribute(events[1])), (std::vector<ContainerId>{2, 4, 9}));
  const auto host = events_from_text("type=SYSCALL " + stamp(2, 3) +
                                     "arch=c000003e syscall=59 success=yes exit=0 pid=1\n");
  ASSERT_EQ(host.size(), 1u);
  EXPECT_TRUE(ledger.observe(host[0], attribute(host[0])).empty());
}

}  // namespace
}  // namespace contid

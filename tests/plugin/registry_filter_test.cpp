// SPDX-License-Identifier: GPL-2.0-or-later
// Container registry and route filters on events built by lib/.
#include <gtest/gtest.h>

#include "contid/event.h"
#include "contid/event_reader.h"
#include "routing/container_registry.h"
#include "routing/expression_filter.h"
#include "routing/route_filter.h"

namespace audisp_contid {
namespace {

const char* kLog =
    // 1: container 5 registered by pid 100 (old-contid unset)
    "type=UNKNOWN[1020] msg=audit(1700000000.000:1): op=set opid=100 contid=5 old-contid=-1\n"
    "type=SYSCALL msg=audit(1700000000.000:1): arch=c000003e syscall=1 success=yes exit=1 pid=9 "
    "comm=\"o\"\n"
    "type=EOE msg=audit(1700000000.000:1): \n"
    // 2: nested container 7 inside 5
    "type=UNKNOWN[1020] msg=audit(1700000001.000:2): op=set opid=101 contid=7 old-contid=5\n"
    "type=SYSCALL msg=audit(1700000001.000:2): arch=c000003e syscall=1 success=yes exit=1 pid=9 "
    "comm=\"o\"\n"
    "type=EOE msg=audit(1700000001.000:2): \n"
    // 3: an execve inside 7
    "type=UNKNOWN[1340] msg=audit(1700000002.000:3): record=1 contid=7,^5\n"
    "type=SYSCALL msg=audit(1700000002.000:3): arch=c000003e syscall=59 success=yes exit=0 pid=101 "
    "comm=\"sh\" record=1\n"
    "type=EOE msg=audit(1700000002.000:3): \n"
    // 4: a failed registration of 9
    "type=UNKNOWN[1020] msg=audit(1700000003.000:4): op=set opid=102 contid=9 old-contid=-1\n"
    "type=SYSCALL msg=audit(1700000003.000:4): arch=c000003e syscall=1 success=no exit=-17 pid=9 "
    "comm=\"o\"\n"
    "type=EOE msg=audit(1700000003.000:4): \n"
    // 5: host event
    "type=SYSCALL msg=audit(1700000004.000:5): arch=c000003e syscall=59 success=yes exit=0 pid=1 "
    "comm=\"init\"\n"
    "type=EOE msg=audit(1700000004.000:5): \n";

TEST(ContainerRegistry, TracksOwnerParentCountsAndFailures) {
  const auto events = contid::events_from_text(kLog);
  ASSERT_EQ(events.size(), 5u);
  ContainerRegistry registry;
  for (const auto& e : events) registry.observe(e, contid::attribute(e));
  const auto& known = registry.containers();
  ASSERT_TRUE(known.contains(5));
  ASSERT_TRUE(known.contains(7));
  EXPECT_EQ(known.at(5).owner_pid, 100);
  EXPECT_FALSE(known.at(5).parent.has_value());
  EXPECT_EQ(known.at(7).owner_pid, 101);
  EXPECT_EQ(known.at(7).parent, 5u);
  EXPECT_EQ(known.at(7).events, 2u);  // its registration and the execve
  EXPECT_EQ(known.at(5).events, 3u);  // plus the nested ones
  EXPECT_EQ(known.at(7).first_seen, 1700000001);
  EXPECT_EQ(known.at(7).last_seen, 1700000002);
  EXPECT_EQ(registry.failed_registrations(), 1u);
  EXPECT_EQ(known.at(9).failed_registrations, 1u);
  EXPECT_EQ(known.at(9).registrations, 0u);
  EXPECT_NE(registry.report().find("container = 7 owner_pid=101 parent=5"), std::string::npos)
      << registry.report();
}

TEST(ContainerRegistry, EvictsLeastRecentlySeen) {
  ContainerRegistry registry(10);
  std::string text;
  for (int i = 1; i <= 30; ++i) {
    const std::string key =
        "msg=audit(17000000" + std::to_string(10 + i) + ".000:" + std::to_string(i) + "): ";
    text += "type=UNKNOWN[1340] " + key + "record=1 contid=" + std::to_string(i) + "\n";
    text += "type=SYSCALL " + key + "syscall=59 success=yes exit=0 record=1\n";
    text += "type=EOE " + key + "\n";
  }
  for (const auto& e : contid::events_from_text(text)) registry.observe(e, contid::attribute(e));
  EXPECT_LE(registry.containers().size(), 10u);
  EXPECT_TRUE(registry.containers().contains(30));
  EXPECT_FALSE(registry.containers().contains(1));
  EXPECT_EQ(registry.evicted() + registry.containers().size(), 30u);
}

const contid::AttributionOrigin kByKernel{contid::AttributionMethod::kKernel, {}, {}, "", ""};

TEST(RouteFilter, SelectorNestingAndExpression) {
  const auto events = contid::events_from_text(kLog);
  RouteConfig nested;
  nested.selector.ids = {5};
  RouteConfig exact = nested;
  exact.selector.exact = true;
  RouteConfig host;
  host.selector.unset = true;
  RouteConfig execs;
  execs.selector.any = true;
  execs.expression = "syscall i= execve";
  RouteFilter f_nested(nested), f_exact(exact), f_host(host), f_execs(execs);
  auto pick = [&](RouteFilter& f) {
    std::vector<std::uint64_t> serials;
    for (const auto& e : events) {
      if (f.select(e, contid::attribute(e), kByKernel)) serials.push_back(e.key().serial);
    }
    return serials;
  };
  EXPECT_EQ(pick(f_nested), (std::vector<std::uint64_t>{1, 2, 3}));
  EXPECT_EQ(pick(f_host), (std::vector<std::uint64_t>{5}));
  EXPECT_EQ(pick(f_execs), (std::vector<std::uint64_t>{3}));
  const auto ids = f_nested.select(events[2], contid::attribute(events[2]), kByKernel);
  ASSERT_TRUE(ids.has_value());
  EXPECT_EQ(*ids, (std::vector<contid::ContainerId>{5}));
  EXPECT_FALSE(f_exact.select(events[2], contid::attribute(events[2]), kByKernel).has_value());
}

TEST(ExpressionFilter, RejectsBadSyntaxWithMessage) {
  std::string error;
  EXPECT_FALSE(ExpressionFilter::validate("syscall ==", &error));
  EXPECT_FALSE(error.empty());
  EXPECT_TRUE(ExpressionFilter::validate("\\record_type r= EXECVE || pid r= 1", &error)) << error;
}

}  // namespace
}  // namespace audisp_contid

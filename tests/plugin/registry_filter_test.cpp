// SPDX-License-Identifier: GPL-2.0-or-later
// The state report's container lines and route filters on events built by
// lib/ (the ledger's rules are tested in tests/unit/container_ledger_test.cpp).
#include <gtest/gtest.h>

#include "contid/container_ledger.h"
#include "contid/event.h"
#include "contid/event_reader.h"
#include "routing/expression_filter.h"
#include "routing/route_filter.h"
#include "state_report.h"

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

TEST(ContainerStateLines, OwnerParentCountsAndFailures) {
  const auto events = contid::events_from_text(kLog);
  ASSERT_EQ(events.size(), 5u);
  contid::ContainerLedger ledger;
  for (const auto& e : events) ledger.observe(e, contid::attribute(e));
  const std::string lines = container_state_lines(ledger);
  EXPECT_EQ(lines,
            "container = 5 owner_pid=100 parent=- first_seen=1700000000 last_seen=1700000002 "
            "events=3 life_started=1700000000 life_events=3 registrations=1 "
            "failed_registrations=0 drops=0\n"
            "container = 7 owner_pid=101 parent=5 first_seen=1700000001 last_seen=1700000002 "
            "events=2 life_started=1700000001 life_events=2 registrations=1 "
            "failed_registrations=0 drops=0\n"
            "container = 9 owner_pid=? parent=- first_seen=1700000003 last_seen=1700000003 "
            "events=1 life_started=1700000003 life_events=1 registrations=0 "
            "failed_registrations=1 drops=0\n");
  EXPECT_EQ(ledger.failed_registrations(), 1u);
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

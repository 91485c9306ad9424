// SPDX-License-Identifier: GPL-2.0-or-later
// The cgroup method (CgroupAttributor) on a /proc tree the test writes: pid
// reuse, exited processes, the parent fallback, monitors, the cache; and the
// route filter's name matching on cgroup-attributed events.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "attribution/cgroup_attributor.h"
#include "contid/event_reader.h"
#include "routing/route_filter.h"

namespace audisp_contid {
namespace {

namespace fs = std::filesystem;

const std::string kDocker(64, 'd');
const std::string kPodman(64, 'e');
constexpr long kBootTime = 1700000000;

class CgroupAttribution : public ::testing::Test {
 protected:
  void SetUp() override {
    root_ = fs::temp_directory_path() / ("cgroup-attr-" + std::to_string(getpid()));
    fs::remove_all(root_);
    fs::create_directories(root_);
    write(root_ / "stat", "cpu  1 2 3 4\nbtime " + std::to_string(kBootTime) + "\nprocesses 9\n");
  }
  void TearDown() override { fs::remove_all(root_); }

  static void write(const fs::path& path, const std::string& text) { std::ofstream(path) << text; }
  // A process that started `started` seconds after boot, in `cgroup`.
  void process(int pid, long started, const std::string& cgroup) {
    const fs::path dir = root_ / std::to_string(pid);
    fs::create_directories(dir);
    const long ticks = started * sysconf(_SC_CLK_TCK);
    // comm with a blank and a ')' in it, as a process may name itself.
    std::string stat = std::to_string(pid) + " (a) b) S 1 1 1 0 -1 0 0 0 0 0 0 0 0 0 20 0 1 0 " +
                       std::to_string(ticks) + " 1000 10\n";
    write(dir / "stat", stat);
    write(dir / "cgroup", "0::" + cgroup + "\n");
  }
  // One SYSCALL event of `pid`/`ppid` at boot + `at` seconds.
  static contid::Event event(int pid, int ppid, long at) {
    const std::string when = std::to_string(kBootTime + at) + ".000:" + std::to_string(at);
    const std::string text =
        "type=SYSCALL msg=audit(" + when +
        "): arch=c000003e syscall=2 success=yes exit=3 ppid=" + std::to_string(ppid) +
        " pid=" + std::to_string(pid) + " comm=\"x\"\ntype=EOE msg=audit(" + when + "): \n";
    auto events = contid::events_from_text(text);
    EXPECT_EQ(events.size(), 1u);
    return std::move(events.front());
  }
  fs::path root_;
};

TEST_F(CgroupAttribution, ContainerOfTheLivePid) {
  process(10, 5, "/system.slice/docker-" + kDocker + ".scope");
  CgroupAttributor attributor(root_.string());
  const auto origin = attributor.attribute(event(10, 1, 100));
  EXPECT_EQ(origin.method, contid::AttributionMethod::kCgroup);
  ASSERT_TRUE(origin.container.has_value());
  EXPECT_EQ(origin.container->runtime, "docker");
  EXPECT_EQ(origin.container->id, kDocker);
  EXPECT_EQ(origin.cgroup, "/system.slice/docker-" + kDocker + ".scope");
  EXPECT_EQ(attributor.counters().container, 1u);
}

TEST_F(CgroupAttribution, HostAndMonitorAreNoContainer) {
  process(20, 5, "/system.slice/cron.service");
  process(21, 5, "/machine.slice/libpod-conmon-" + kPodman + ".scope");
  CgroupAttributor attributor(root_.string());
  const auto host = attributor.attribute(event(20, 1, 100));
  EXPECT_EQ(host.method, contid::AttributionMethod::kCgroup);
  EXPECT_FALSE(host.container.has_value());
  EXPECT_EQ(host.note, "host");
  const auto monitor = attributor.attribute(event(21, 1, 100));
  EXPECT_EQ(monitor.method, contid::AttributionMethod::kCgroup);
  EXPECT_FALSE(monitor.container.has_value());
  EXPECT_EQ(monitor.note, "monitor of podman container " + kPodman);
  EXPECT_EQ(attributor.counters().host, 2u);
  EXPECT_EQ(attributor.counters().monitor, 1u);
}

TEST_F(CgroupAttribution, AReusedPidIsNeverGivenTheOldProcessEvents) {
  // pid 30 now belongs to a process that started after the event.
  process(30, 500, "/system.slice/docker-" + kDocker + ".scope");
  process(31, 500, "/system.slice/sshd.service");
  CgroupAttributor attributor(root_.string());
  const auto origin = attributor.attribute(event(30, 31, 100));
  EXPECT_EQ(origin.method, contid::AttributionMethod::kNone);
  EXPECT_FALSE(origin.container.has_value());
  EXPECT_EQ(origin.note, "pid reused");
  EXPECT_EQ(attributor.counters().reused, 1u);
}

TEST_F(CgroupAttribution, AnExitedProcessFallsBackToAContainedParent) {
  process(41, 5, "/machine.slice/libpod-" + kPodman + ".scope/container");
  CgroupAttributor attributor(root_.string());
  const auto origin = attributor.attribute(event(40, 41, 100));  // 40 has exited
  EXPECT_EQ(origin.method, contid::AttributionMethod::kCgroupViaParent);
  ASSERT_TRUE(origin.container.has_value());
  EXPECT_EQ(origin.container->id, kPodman);
  EXPECT_EQ(origin.note, "process gone");
  EXPECT_EQ(attributor.counters().via_parent, 1u);
}

TEST_F(CgroupAttribution, AnExitedProcessWithAHostParentIsUnattributed) {
  process(51, 5, "/user.slice/user-0.slice/session-1.scope");
  CgroupAttributor attributor(root_.string());
  const auto origin = attributor.attribute(event(50, 51, 100));
  EXPECT_EQ(origin.method, contid::AttributionMethod::kNone);
  EXPECT_EQ(origin.note, "process gone");
  const auto orphan = attributor.attribute(event(52, 53, 100));  // both gone
  EXPECT_EQ(orphan.method, contid::AttributionMethod::kNone);
  EXPECT_EQ(attributor.counters().gone, 2u);
}

TEST_F(CgroupAttribution, TheCacheIsPerProcessAndRefreshed) {
  process(60, 5, "/system.slice/cron.service");
  CgroupAttributor cached(root_.string(), 100, std::chrono::hours(1));
  CgroupAttributor fresh(root_.string(), 100, std::chrono::milliseconds(0));
  EXPECT_FALSE(cached.attribute(event(60, 1, 100)).container.has_value());
  EXPECT_FALSE(fresh.attribute(event(60, 1, 100)).container.has_value());
  // The process is moved into a container (as a runtime moves its init).
  write(root_ / "60" / "cgroup", "0::/docker/" + kDocker + "\n");
  EXPECT_FALSE(cached.attribute(event(60, 1, 101)).container.has_value());
  EXPECT_EQ(cached.counters().cache_hits, 1u);
  EXPECT_TRUE(fresh.attribute(event(60, 1, 101)).container.has_value());
  EXPECT_EQ(fresh.counters().cache_hits, 0u);
  // A new process with the same pid is not the cached one.
  process(60, 200, "/lxc.payload.web");
  const auto reused = cached.attribute(event(60, 1, 300));
  ASSERT_TRUE(reused.container.has_value());
  EXPECT_EQ(reused.container->id, "web");
}

TEST_F(CgroupAttribution, AnEventWithoutPidIsUnattributed) {
  CgroupAttributor attributor(root_.string());
  auto events = contid::events_from_text(
      "type=DAEMON_START msg=audit(1700000100.000:1): op=start ver=3.0.9 res=success\n");
  ASSERT_EQ(events.size(), 1u);
  const auto origin = attributor.attribute(events.front());
  EXPECT_EQ(origin.method, contid::AttributionMethod::kNone);
  EXPECT_EQ(origin.note, "no pid");
  EXPECT_EQ(attributor.counters().no_pid, 1u);
}

TEST_F(CgroupAttribution, RoutesSelectCgroupContainersByName) {
  process(70, 5, "/system.slice/docker-" + kDocker + ".scope");
  process(71, 5, "/system.slice/cron.service");
  CgroupAttributor attributor(root_.string());
  RouteConfig by_glob;
  by_glob.selector.any = true;
  by_glob.containers = {"ddd*"};
  RouteConfig by_id = by_glob;
  by_id.selector.ids = {5};  // kernel ids never match a cgroup attribution
  by_id.selector.any = false;
  RouteConfig host;
  host.selector.unset = true;
  RouteFilter glob_filter(by_glob), id_filter(by_id), host_filter(host);
  const contid::Event contained = event(70, 1, 100);
  const contid::Event on_host = event(71, 1, 100);
  const auto in = attributor.attribute(contained);
  const auto out = attributor.attribute(on_host);
  const contid::Attribution none;
  EXPECT_TRUE(glob_filter.select(contained, none, in).has_value());
  EXPECT_FALSE(glob_filter.select(on_host, none, out).has_value());
  EXPECT_FALSE(id_filter.select(contained, none, in).has_value());
  EXPECT_TRUE(host_filter.select(on_host, none, out).has_value());
  EXPECT_FALSE(host_filter.select(contained, none, in).has_value());
  EXPECT_EQ(container_name(none, in), kDocker);
  EXPECT_EQ(container_name(none, out), "");
}

TEST(ContainerNameComponent, OnlySafeBytesReachAFileName) {
  EXPECT_EQ(container_name_component("web-1.db_2"), "web-1.db_2");
  EXPECT_EQ(container_name_component("../etc/x y"), ".._etc_x_y");
  EXPECT_EQ(container_name_component(".."), "");
  EXPECT_EQ(container_name_component("."), "");
}

}  // namespace
}  // namespace audisp_contid

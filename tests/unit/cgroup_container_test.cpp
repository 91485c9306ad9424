// SPDX-License-Identifier: GPL-2.0-or-later
// The cgroup layouts of the container runtimes (cgroup_container.h), with
// paths as each runtime writes them, and /proc/PID/cgroup files of cgroup
// v1, v2 and hybrid hosts.
#include "contid/cgroup_container.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace contid {
namespace {

const std::string kId(64, 'a');
const std::string kOther = std::string(63, 'b') + "c";

struct Layout {
  std::string path;
  CgroupRole role;
  std::string runtime;
  std::string id;
  std::string pod;
};

TEST(CgroupContainer, EveryRuntimeLayout) {
  const Layout layouts[] = {
      {"/system.slice/docker-" + kId + ".scope", CgroupRole::kContainer, "docker", kId, ""},
      {"/docker/" + kId, CgroupRole::kContainer, "docker", kId, ""},
      {"/machine.slice/libpod-" + kId + ".scope", CgroupRole::kContainer, "podman", kId, ""},
      {"/user.slice/user-1000.slice/user@1000.service/user.slice/libpod-" + kId +
           ".scope/container",
       CgroupRole::kContainer, "podman", kId, ""},
      {"/machine.slice/libpod-conmon-" + kId + ".scope", CgroupRole::kMonitor, "podman", kId, ""},
      {"/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod1a2b_3c4d.slice/crio-" +
           kId + ".scope",
       CgroupRole::kContainer, "cri-o", kId, "1a2b-3c4d"},
      {"/kubepods.slice/kubepods-pod9f.slice/crio-conmon-" + kId + ".scope", CgroupRole::kMonitor,
       "cri-o", kId, "9f"},
      {"/kubepods.slice/kubepods-besteffort.slice/kubepods-besteffort-pod77.slice/"
       "cri-containerd-" +
           kId + ".scope",
       CgroupRole::kContainer, "containerd", kId, "77"},
      {"/kubepods/burstable/pod5e-6f/" + kId, CgroupRole::kContainer, "kubernetes", kId, "5e-6f"},
      {"/system.slice/runc-" + kId + ".scope", CgroupRole::kContainer, "runc", kId, ""},
      {"/machine.slice/crun-" + kId + ".scope/container", CgroupRole::kContainer, "crun", kId, ""},
      {"/lxc.payload.web", CgroupRole::kContainer, "lxc", "web", ""},
      {"/lxc.monitor.web", CgroupRole::kMonitor, "lxc", "web", ""},
      {"/machine.slice/machine-db\\x2d1.scope/payload", CgroupRole::kContainer, "nspawn", "db-1",
       ""},
      {"/some/" + kId, CgroupRole::kContainer, "unknown", kId, ""},
  };
  for (const Layout& l : layouts) {
    SCOPED_TRACE(l.path);
    const CgroupVerdict v = classify_cgroup_path(l.path);
    EXPECT_EQ(v.role, l.role);
    EXPECT_EQ(v.container.runtime, l.runtime);
    EXPECT_EQ(v.container.id, l.id);
    EXPECT_EQ(v.container.pod, l.pod);
    EXPECT_EQ(v.path, l.path);
    EXPECT_TRUE(v.outer.empty());
  }
}

TEST(CgroupContainer, HostPathsNameNoContainer) {
  for (const std::string& path : std::vector<std::string>{
           "/", "/init.scope", "/system.slice/sshd.service",
           "/user.slice/user-0.slice/session-3.scope", "/kubepods.slice/kubepods-burstable.slice",
           "/process_api/ec872feb64090054dca63bc9aabdd981",
           "/system.slice/docker-" + kId.substr(1) + ".scope",  // 63 digits
           "/system.slice/docker-" + kId + "x.scope", "/machine.slice", "/lxc.payload.",
           "/system.slice/containerd.service"}) {
    SCOPED_TRACE(path);
    EXPECT_EQ(classify_cgroup_path(path).role, CgroupRole::kHost);
  }
}

TEST(CgroupContainer, NestedContainersKeepTheOuterOnes) {
  const CgroupVerdict v =
      classify_cgroup_path("/system.slice/docker-" + kId + ".scope/docker/" + kOther);
  EXPECT_EQ(v.role, CgroupRole::kContainer);
  EXPECT_EQ(v.container.id, kOther);
  EXPECT_EQ(v.container.runtime, "docker");
  ASSERT_EQ(v.outer.size(), 1u);
  EXPECT_EQ(v.outer[0].id, kId);
}

TEST(CgroupContainer, ProcFileV2) {
  const CgroupVerdict v = classify_proc_cgroup("0::/system.slice/docker-" + kId + ".scope\n");
  EXPECT_EQ(v.role, CgroupRole::kContainer);
  EXPECT_EQ(v.container.id, kId);
}

TEST(CgroupContainer, ProcFileV1TakesTheLineThatNamesTheContainer) {
  const std::string text = "12:pids:/docker/" + kId + "\n11:memory:/docker/" + kId +
                           "\n1:name=systemd:/docker/" + kId + "\n";
  const CgroupVerdict v = classify_proc_cgroup(text);
  EXPECT_EQ(v.role, CgroupRole::kContainer);
  EXPECT_EQ(v.container.runtime, "docker");
  EXPECT_EQ(v.path, "/docker/" + kId);
}

TEST(CgroupContainer, ProcFileHybridV1ContainerBehindAHostV2Line) {
  const std::string text = "0::/\n4:memory:/process_api/ec872feb\n9:name=systemd:/lxc.payload.c1\n";
  const CgroupVerdict v = classify_proc_cgroup(text);
  EXPECT_EQ(v.role, CgroupRole::kContainer);
  EXPECT_EQ(v.container.id, "c1");
}

TEST(CgroupContainer, ProcFileHostKeepsTheV2Path) {
  const CgroupVerdict v = classify_proc_cgroup("4:memory:/a\n0::/system.slice/cron.service\n");
  EXPECT_EQ(v.role, CgroupRole::kHost);
  EXPECT_EQ(v.path, "/system.slice/cron.service");
}

TEST(CgroupContainer, ProcFileMonitorOnlyWhenNoLineNamesAContainer) {
  const CgroupVerdict v =
      classify_proc_cgroup("0::/machine.slice/libpod-conmon-" + kId + ".scope\n");
  EXPECT_EQ(v.role, CgroupRole::kMonitor);
  EXPECT_EQ(v.container.id, kId);
}

TEST(CgroupContainer, MalformedLinesAreCountedAndIgnored) {
  std::size_t malformed = 0;
  const CgroupVerdict v =
      classify_proc_cgroup("garbage\n:x:/\n3:cpu:\n0::/docker/" + kId + "\n", &malformed);
  EXPECT_EQ(malformed, 3u);
  EXPECT_EQ(v.role, CgroupRole::kContainer);
  std::size_t none = 7;
  EXPECT_EQ(classify_proc_cgroup("", &none).role, CgroupRole::kHost);
  EXPECT_EQ(none, 0u);
}

}  // namespace
}  // namespace contid

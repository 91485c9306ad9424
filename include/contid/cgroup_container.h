// SPDX-License-Identifier: GPL-2.0-or-later
// Best-effort container attribution on kernels without the audit container
// id: which container a cgroup path (or a whole /proc/PID/cgroup file) names,
// from the layouts container runtimes create. Pure text rules; reading /proc
// is the caller's (the plugin's CgroupAttributor).
//
// Recognised path components (a trailing ".scope" is ignored; HEX64 is 64
// hexadecimal digits):
//   docker-HEX64                       docker, systemd driver
//   docker/HEX64                       docker, cgroupfs driver
//   libpod-HEX64                       podman (also .../libpod-HEX64/container)
//   crio-HEX64                         CRI-O
//   cri-containerd-HEX64               containerd (CRI)
//   runc-HEX64, crun-HEX64             runc/crun, systemd driver
//   lxc.payload.NAME                   LXC/Incus (id and name: NAME)
//   machine-NAME                       systemd-nspawn (NAME systemd-unescaped)
//   kubepods.../podUID/HEX64           Kubernetes, cgroupfs driver (runtime unknown)
//   any other component of exactly 64 hex digits: runtime "unknown"
// A kubepods "...-podUID.slice" or "podUID" component gives the pod uid.
// Monitors that run beside a container, outside it, are kMonitor, never
// the container: libpod-conmon-HEX64, crio-conmon-HEX64, lxc.monitor.NAME.
// A container below another container's component is nested: `container` is
// the innermost, `outer` the enclosing ones, outermost first.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace contid {

enum class CgroupRole {
  kHost,       // no container component
  kContainer,  // inside a container
  kMonitor,    // a runtime's monitor process (conmon, lxc monitor): host
};

struct CgroupContainer {
  std::string runtime;  // "docker", "podman", "cri-o", "containerd", "runc", "crun",
                        // "lxc", "nspawn", "kubernetes" or "unknown"
  std::string id;       // the runtime's id (HEX64) or name (lxc, nspawn)
  std::string pod;      // Kubernetes pod uid, when the path has one
  bool operator==(const CgroupContainer&) const = default;
};

struct CgroupVerdict {
  CgroupRole role = CgroupRole::kHost;
  CgroupContainer container;           // kContainer: the innermost; kMonitor: the monitored one
  std::vector<CgroupContainer> outer;  // enclosing containers, outermost first
  std::string path;                    // the cgroup path the verdict is from
};

// Classifies one cgroup path ("/system.slice/docker-<id>.scope").
CgroupVerdict classify_cgroup_path(std::string_view path);

// Classifies the text of /proc/PID/cgroup: lines "ID:CONTROLLERS:PATH" of
// cgroup v1, v2 ("0::PATH") or both (hybrid). The first line (in file order)
// whose path names a container decides; else the first that names a monitor;
// else kHost with the v2 path (or the first line's). Lines that are not
// "ID:CONTROLLERS:PATH" are ignored; *malformed (if given) counts them.
CgroupVerdict classify_proc_cgroup(std::string_view text, std::size_t* malformed = nullptr);

const char* to_string(CgroupRole role);

}  // namespace contid

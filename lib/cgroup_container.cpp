// SPDX-License-Identifier: GPL-2.0-or-later
#include "contid/cgroup_container.h"

#include <optional>

#include "text.h"

namespace contid {
namespace {

bool is_hex64(std::string_view text) {
  if (text.size() != 64) return false;
  for (char c : text) {
    const bool hex = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    if (!hex) return false;
  }
  return true;
}

std::string_view without_suffix(std::string_view text, std::string_view suffix) {
  if (text.ends_with(suffix)) text.remove_suffix(suffix.size());
  return text;
}

// systemd unit-name escaping: "\x2d" is '-'.
std::string systemd_unescape(std::string_view text) {
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\\' && i + 3 < text.size() && text[i + 1] == 'x') {
      if (auto byte = decode_hex(text.substr(i + 2, 2))) {
        out += *byte;
        i += 3;
        continue;
      }
    }
    out += text[i];
  }
  return out;
}

struct Prefix {
  std::string_view prefix;
  const char* runtime;
};

// Components "PREFIX-HEX64" of a container, and of a monitor beside one.
constexpr Prefix kContainerPrefixes[] = {{"docker-", "docker"}, {"libpod-", "podman"},
                                         {"crio-", "cri-o"},    {"cri-containerd-", "containerd"},
                                         {"runc-", "runc"},     {"crun-", "crun"}};
constexpr Prefix kMonitorPrefixes[] = {{"libpod-conmon-", "podman"}, {"crio-conmon-", "cri-o"}};

// The pod uid of a kubepods component: "kubepods-burstable-pod<uid>.slice"
// (systemd driver, '-' in the uid written '_') or "pod<uid>" (cgroupfs).
std::optional<std::string> pod_uid(std::string_view component, bool in_kubepods) {
  std::string_view name = without_suffix(component, ".slice");
  std::size_t at = std::string_view::npos;
  if (name.starts_with("kubepods")) {
    at = name.rfind("-pod");
    if (at == std::string_view::npos) return std::nullopt;
    at += 4;
  } else if (in_kubepods && name.starts_with("pod")) {
    at = 3;
  } else {
    return std::nullopt;
  }
  std::string uid(name.substr(at));
  if (uid.empty()) return std::nullopt;
  for (char& c : uid)
    if (c == '_') c = '-';
  return uid;
}

struct ComponentMatch {
  CgroupRole role;
  const char* runtime;
  std::string id;
};

// What one path component names, if anything. `previous` is the component
// before it; `in_kubepods` whether a kubepods component came before.
std::optional<ComponentMatch> classify_component(std::string_view component,
                                                 std::string_view previous, bool in_kubepods) {
  const std::string_view name = without_suffix(component, ".scope");
  auto hex_after = [&](std::string_view prefix) {
    return name.starts_with(prefix) && is_hex64(name.substr(prefix.size()));
  };
  // Monitors first: "libpod-conmon-" also starts with "libpod-".
  for (const Prefix& p : kMonitorPrefixes)
    if (hex_after(p.prefix))
      return ComponentMatch{CgroupRole::kMonitor, p.runtime,
                            std::string(name.substr(p.prefix.size()))};
  for (const Prefix& p : kContainerPrefixes)
    if (hex_after(p.prefix))
      return ComponentMatch{CgroupRole::kContainer, p.runtime,
                            std::string(name.substr(p.prefix.size()))};
  constexpr std::string_view kLxcPayload = "lxc.payload.";
  constexpr std::string_view kLxcMonitor = "lxc.monitor.";
  constexpr std::string_view kMachine = "machine-";
  if (name.starts_with(kLxcPayload) && name.size() > kLxcPayload.size())
    return ComponentMatch{CgroupRole::kContainer, "lxc",
                          std::string(name.substr(kLxcPayload.size()))};
  if (name.starts_with(kLxcMonitor) && name.size() > kLxcMonitor.size())
    return ComponentMatch{CgroupRole::kMonitor, "lxc",
                          std::string(name.substr(kLxcMonitor.size()))};
  if (component.ends_with(".scope") && name.starts_with(kMachine) && name.size() > kMachine.size())
    return ComponentMatch{CgroupRole::kContainer, "nspawn",
                          systemd_unescape(name.substr(kMachine.size()))};
  if (is_hex64(name)) {
    const char* runtime = previous == "docker" ? "docker" : in_kubepods ? "kubernetes" : "unknown";
    return ComponentMatch{CgroupRole::kContainer, runtime, std::string(name)};
  }
  return std::nullopt;
}

}  // namespace

CgroupVerdict classify_cgroup_path(std::string_view path) {
  CgroupVerdict verdict;
  verdict.path = std::string(path);
  bool in_kubepods = false;
  std::string pod;
  std::string_view previous;
  for_each_item(path, '/', [&](std::string_view component) {
    if (component.empty()) return true;
    if (component.starts_with("kubepods")) in_kubepods = true;
    if (auto uid = pod_uid(component, in_kubepods)) pod = *uid;
    if (auto match = classify_component(component, previous, in_kubepods)) {
      if (verdict.role == CgroupRole::kContainer) verdict.outer.push_back(verdict.container);
      verdict.role = match->role;
      verdict.container = CgroupContainer{match->runtime, std::move(match->id), pod};
    }
    previous = component;
    return true;
  });
  return verdict;
}

CgroupVerdict classify_proc_cgroup(std::string_view text, std::size_t* malformed) {
  std::optional<CgroupVerdict> monitor;
  std::optional<std::string> host_path;
  std::size_t bad = 0;
  std::optional<CgroupVerdict> container;
  for_each_item(text, '\n', [&](std::string_view line) {
    if (line.empty()) return true;
    const std::size_t first = line.find(':');
    const std::size_t second = first == std::string_view::npos ? first : line.find(':', first + 1);
    if (second == std::string_view::npos || first == 0 || second + 1 >= line.size() ||
        line[second + 1] != '/') {
      ++bad;
      return true;
    }
    const std::string_view path = line.substr(second + 1);
    CgroupVerdict verdict = classify_cgroup_path(path);
    if (verdict.role == CgroupRole::kContainer) {
      if (!container) container = std::move(verdict);
      return true;
    }
    if (verdict.role == CgroupRole::kMonitor && !monitor) monitor = std::move(verdict);
    const bool v2 = line.substr(0, second) == "0:";
    if (v2 || !host_path) host_path = std::string(path);
    return true;
  });
  if (malformed) *malformed = bad;
  if (container) return std::move(*container);
  if (monitor) return std::move(*monitor);
  CgroupVerdict host;
  if (host_path) host.path = *host_path;
  return host;
}

const char* to_string(CgroupRole role) {
  switch (role) {
    case CgroupRole::kHost:
      return "host";
    case CgroupRole::kContainer:
      return "container";
    case CgroupRole::kMonitor:
      return "monitor";
  }
  return "?";
}

}  // namespace contid

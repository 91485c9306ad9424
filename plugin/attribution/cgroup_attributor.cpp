// SPDX-License-Identifier: GPL-2.0-or-later
#include "attribution/cgroup_attributor.h"

#include <unistd.h>

#include "contid/field_text.h"
#include "file_util.h"

namespace audisp_contid {
namespace {

constexpr int kSyscall = 1300;  // AUDIT_SYSCALL

std::optional<std::int64_t> pid_field(const contid::Record& record, std::string_view name) {
  auto value = record.field(name);
  if (!value) return std::nullopt;
  auto pid = contid::parse_integer<std::int64_t>(*value);
  if (!pid || *pid <= 0) return std::nullopt;
  return pid;
}

// The acting task's pid and ppid: the SYSCALL record's, else the first pid=.
void subject_pids(const contid::Event& event, std::optional<std::int64_t>* pid,
                  std::optional<std::int64_t>* ppid) {
  for (const contid::Record& r : event.records()) {
    if (r.type != kSyscall) continue;
    *pid = pid_field(r, "pid");
    *ppid = pid_field(r, "ppid");
    if (*pid) return;
  }
  for (const contid::Record& r : event.records()) {
    if ((*pid = pid_field(r, "pid"))) return;
  }
}

}  // namespace

CgroupAttributor::CgroupAttributor(std::string proc_root, std::size_t max_entries,
                                   std::chrono::milliseconds refresh)
    : proc_root_(std::move(proc_root)),
      max_entries_(max_entries),
      refresh_(refresh),
      ticks_per_second_(sysconf(_SC_CLK_TCK) > 0 ? sysconf(_SC_CLK_TCK) : 100) {}

std::int64_t CgroupAttributor::boot_time() const {
  if (!boot_time_) {
    std::string text;
    boot_time_ = 0;
    if (read_small_file(proc_root_ + "/stat", &text, 1 << 20) == 0) {
      const std::size_t at = text.find("\nbtime ");
      if (at != std::string::npos) {
        const std::size_t end = text.find('\n', at + 7);
        if (auto v = contid::parse_integer<std::int64_t>(
                std::string_view(text).substr(at + 7, end - (at + 7))))
          boot_time_ = *v;
      }
    }
  }
  return *boot_time_;
}

std::optional<std::uint64_t> CgroupAttributor::start_ticks(std::int64_t pid) const {
  std::string text;
  if (read_small_file(proc_root_ + "/" + std::to_string(pid) + "/stat", &text) != 0)
    return std::nullopt;
  // "PID (COMM) STATE PPID ...": comm may hold blanks and ')'; starttime is
  // field 22, the 20th after the last ')'.
  const std::size_t close = text.rfind(')');
  if (close == std::string::npos) return std::nullopt;
  std::string_view rest = std::string_view(text).substr(close + 1);
  for (int field = 0; field < 20; ++field) {
    const std::size_t start = rest.find_first_not_of(' ');
    if (start == std::string_view::npos) return std::nullopt;
    rest.remove_prefix(start);
    const std::size_t end = rest.find(' ');
    if (field == 19) return contid::parse_integer<std::uint64_t>(rest.substr(0, end));
    if (end == std::string_view::npos) return std::nullopt;
    rest.remove_prefix(end);
  }
  return std::nullopt;
}

CgroupAttributor::Found CgroupAttributor::find(std::int64_t pid, std::int64_t event_seconds,
                                               const contid::CgroupVerdict** verdict) {
  const auto ticks = start_ticks(pid);
  if (!ticks) {
    processes_.erase(pid);
    return Found::kGone;
  }
  const std::int64_t started =
      boot_time() +
      static_cast<std::int64_t>(*ticks / static_cast<std::uint64_t>(ticks_per_second_));
  if (started > event_seconds) return Found::kReused;
  const auto now = std::chrono::steady_clock::now();
  auto it = processes_.find(pid);
  if (it != processes_.end() && it->second.start_ticks == *ticks &&
      now - it->second.read_at < refresh_) {
    ++counters_.cache_hits;
    *verdict = &it->second.verdict;
    return Found::kYes;
  }
  std::string text;
  if (read_small_file(proc_root_ + "/" + std::to_string(pid) + "/cgroup", &text) != 0) {
    processes_.erase(pid);
    return Found::kGone;
  }
  if (it == processes_.end()) {
    if (processes_.size() >= max_entries_) processes_.clear();
    it = processes_.emplace(pid, Process{}).first;
  }
  it->second.start_ticks = *ticks;
  it->second.verdict = contid::classify_proc_cgroup(text);
  it->second.read_at = now;
  *verdict = &it->second.verdict;
  return Found::kYes;
}

contid::AttributionOrigin CgroupAttributor::attribute(const contid::Event& event) {
  ++counters_.lookups;
  contid::AttributionOrigin origin;
  std::optional<std::int64_t> pid;
  std::optional<std::int64_t> ppid;
  subject_pids(event, &pid, &ppid);
  if (!pid) {
    ++counters_.no_pid;
    origin.note = "no pid";
    return origin;
  }
  const std::int64_t when = event.key().seconds;
  const contid::CgroupVerdict* verdict = nullptr;
  const Found found = find(*pid, when, &verdict);
  if (found == Found::kYes) {
    origin.method = contid::AttributionMethod::kCgroup;
    origin.cgroup = verdict->path;
    if (verdict->role == contid::CgroupRole::kContainer) {
      ++counters_.container;
      origin.container = verdict->container;
      origin.outer = verdict->outer;
    } else {
      ++counters_.host;
      if (verdict->role == contid::CgroupRole::kMonitor) {
        ++counters_.monitor;
        origin.note =
            "monitor of " + verdict->container.runtime + " container " + verdict->container.id;
      } else {
        origin.note = "host";
      }
    }
    return origin;
  }
  // The pid is gone or reused: the parent, if it is in a container.
  if (ppid && find(*ppid, when, &verdict) == Found::kYes &&
      verdict->role == contid::CgroupRole::kContainer) {
    ++counters_.via_parent;
    origin.method = contid::AttributionMethod::kCgroupViaParent;
    origin.cgroup = verdict->path;
    origin.container = verdict->container;
    origin.outer = verdict->outer;
    origin.note = found == Found::kGone ? "process gone" : "pid reused";
    return origin;
  }
  ++(found == Found::kGone ? counters_.gone : counters_.reused);
  origin.note = found == Found::kGone ? "process gone" : "pid reused";
  return origin;
}

std::string CgroupAttributor::report() const {
  const CgroupCounters& c = counters_;
  return "cgroup_lookups=" + std::to_string(c.lookups) +
         " cache_hits=" + std::to_string(c.cache_hits) +
         " cgroup_container=" + std::to_string(c.container) +
         " cgroup_via_parent=" + std::to_string(c.via_parent) +
         " cgroup_host=" + std::to_string(c.host) + " cgroup_monitor=" + std::to_string(c.monitor) +
         " unattributed_no_pid=" + std::to_string(c.no_pid) +
         " unattributed_gone=" + std::to_string(c.gone) +
         " unattributed_pid_reused=" + std::to_string(c.reused);
}

}  // namespace audisp_contid

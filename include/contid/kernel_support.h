// SPDX-License-Identifier: GPL-2.0-or-later
// Does the running kernel have the audit container identifier?
//
// Two signs, either enough: the proc interface /proc/self/audit_containerid
// exists, or the audit status (AUDIT_GET over netlink, which needs
// CAP_AUDIT_CONTROL) has feature bit 0x80 (AUDIT_FEATURE_BITMAP_CONTAINERID).
// Without it no event ever carries a CONTAINER_ID record, so every event is
// a host event; the tools say so once instead of silently reporting "host".
#pragma once

#include <optional>
#include <string>

namespace contid {

inline constexpr unsigned kFeatureBitmapContainerId = 0x80;

struct KernelSupport {
  bool proc_interface = false;      // /proc/self/audit_containerid exists
  std::optional<bool> feature_bit;  // nullopt: the audit status was not readable
  std::string kernel_release;       // uname -r

  bool supported() const { return proc_interface || feature_bit.value_or(false); }
};

// Probes the running kernel. Never blocks for more than about a second (the
// netlink query has a bounded wait) and never fails: what it cannot learn
// stays unknown.
KernelSupport probe_kernel_support();

// One line, no trailing newline, for a kernel without support: what is
// missing and what to do. Empty when the kernel has support.
std::string describe_missing_support(const KernelSupport& support);

}  // namespace contid

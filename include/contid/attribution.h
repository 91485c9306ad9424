// SPDX-License-Identifier: GPL-2.0-or-later
// Attributing an event to containers: what its container records say.
//
// The records are recognised when the line is parsed (Record::container_kind,
// container_records.h); attribute() reads the CONTAINER_ID chains, links them
// to the records they belong to, and joins each CONTAINER_OP with the writer's
// SYSCALL result.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "contid/cgroup_container.h"
#include "contid/container_id.h"
#include "contid/event.h"

namespace contid {

// One CONTAINER_OP record of the event, joined with the writer's SYSCALL.
struct ContainerOperation {
  std::string op;                    // "set", "drop", ...
  std::optional<std::int64_t> opid;  // target tgid
  ContainerId contid = kUnsetContainerId;
  std::vector<ContainerChain> old_contid;  // empty when old-contid=-1
  std::optional<bool> success;             // from the SYSCALL success= field
  std::optional<std::int64_t> exit;        // from the SYSCALL exit= field
};

// A signal/ptrace target (OBJ_PID) that carries a container.
struct TargetContainer {
  std::optional<std::int64_t> pid;  // OBJ_PID opid=
  ContainerChain chain;
};

// How an event was attributed (design.md, "Attribution on stock kernels"):
//   kernel             its CONTAINER_ID records (or, on a kernel with container
//                      ids, their absence: the host)
//   cgroup             the cgroup of its pid, when it was looked up
//   cgroup-via-parent  the cgroup of its ppid (the pid had exited or been reused)
//   none               not attributed (no pid, the processes gone, kernel
//                      mode on a kernel without container ids)
enum class AttributionMethod { kKernel, kCgroup, kCgroupViaParent, kNone };

const char* to_string(AttributionMethod method);

// What a caller that attributes beyond the records (audisp-contid's cgroup
// fallback) found. `container` is empty for the host, a monitor and none.
struct AttributionOrigin {
  AttributionMethod method = AttributionMethod::kNone;
  std::optional<CgroupContainer> container;
  std::vector<CgroupContainer> outer;  // enclosing containers, outermost first
  std::string cgroup;                  // the cgroup path looked at ("" if none)
  std::string note;                    // why: "host", "monitor", "process gone", ...
};

// Everything an event says about containers.
struct Attribution {
  std::optional<ContainerChain> subject;       // the acting task's chain
  std::vector<TargetContainer> targets;        // OBJ_PID targets with a container
  std::vector<ContainerChain> netns;           // NETFILTER_PKT: every container of the netns
  std::vector<ContainerOperation> operations;  // CONTAINER_OP records
  std::vector<std::string> problems;           // malformed container records, unlinked record=N
  // Set only by callers that attribute beyond the records; attribute() never
  // sets it. The JSON format prints it as "attribution".
  std::optional<AttributionOrigin> origin;

  // True when any chain, target, netns entry or operation names a container.
  bool has_container() const;
  // Every id mentioned anywhere (chains with ancestors, op contid/old-contid).
  std::vector<ContainerId> all_ids() const;
  // Innermost ids only: subject, targets, netns items, op contid.
  std::vector<ContainerId> innermost_ids() const;
};

// Attributes an event. Linking rules (design.md):
// - CONTAINER_ID record=N belongs to the SYSCALL, OBJ_PID or NETFILTER_PKT
//   record ending in record=N; USER-range records take a record=1 that no
//   other record claims.
// - without record= (v9 and older): a CONTAINER_ID right after an OBJ_PID is
//   that target's; after NETFILTER_PKT it is the netns list; else the subject's.
// An event without container records gets an empty Attribution at the cost
// of one pass over its records' kinds.
Attribution attribute(const Event& event);

}  // namespace contid

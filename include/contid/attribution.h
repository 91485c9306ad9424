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

// Everything an event says about containers.
struct Attribution {
  std::optional<ContainerChain> subject;       // the acting task's chain
  std::vector<TargetContainer> targets;        // OBJ_PID targets with a container
  std::vector<ContainerChain> netns;           // NETFILTER_PKT: every container of the netns
  std::vector<ContainerOperation> operations;  // CONTAINER_OP records
  std::vector<std::string> problems;           // malformed container records, unlinked record=N

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

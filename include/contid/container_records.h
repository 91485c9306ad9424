// Recognising the container records and attributing an event to containers.
//
// Container records are recognised by number (configurable: the kernel
// series moved the aux record from 1332 to 1336, which mainline later gave to
// URINGOP; this project's kernel uses 1340) AND by field shape, so a URINGOP
// record is never taken for a CONTAINER_ID.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "contid/container_id.h"

namespace contid {

class Event;
struct Record;

struct ContainerRecordNumbers {
  int container_op = 1020;
  int container_id = 1340;
  int set_capcontid = 1022;
};

// The record type numbers of the container records; the reader parses every
// record with them (parse_record), so a name and a number mean one thing.
// Parses "1020,1340" (CONTAINER_OP,CONTAINER_ID) or a preset name:
// "default" (1020,1340), "v11" / "v10" / "v9" (1020,1336), "v8" (1020,1335),
// "v7" (1020,1334). False with *error on anything else.
bool parse_record_numbers(std::string_view text, ContainerRecordNumbers* out,
                          std::string* error);

// Which container record a record is. Decided once, when the line is parsed
// (parse_record sets Record::container_kind), and read from then on.
enum class ContainerRecordKind { kNone, kContainerOp, kContainerId, kSetCapContid };

// The rule parse_record applies: the type must equal the configured number
// and the body must have the shape (CONTAINER_ID: starts with record= or
// contid=; CONTAINER_OP: starts with op= and has contid=; SET_CAPCONTID: has
// capcontid=), so that a URINGOP record is never a CONTAINER_ID.
ContainerRecordKind container_record_kind(int type, std::string_view body,
                                          const ContainerRecordNumbers& numbers);

// True when any record of `event` is a container record (of any kind).
bool carries_container_record(const Event& event);

// Type name for printing: CONTAINER_OP / CONTAINER_ID / SET_CAPCONTID for a
// recognised container record, else the name libaudit gives the number.
std::string display_type_name(const Record& record);

// One CONTAINER_OP record of the event, joined with the writer's SYSCALL.
struct ContainerOperation {
  std::string op;                     // "set", "drop", ...
  std::optional<std::int64_t> opid;   // target tgid
  ContainerId contid = kUnsetContainerId;
  std::vector<ContainerChain> old_contid;  // empty when old-contid=-1
  std::optional<bool> success;        // from the SYSCALL success= field
  std::optional<std::int64_t> exit;   // from the SYSCALL exit= field
};

// A signal/ptrace target (OBJ_PID) that carries a container.
struct TargetContainer {
  std::optional<std::int64_t> pid;  // OBJ_PID opid=
  ContainerChain chain;
};

// Everything an event says about containers.
struct Attribution {
  std::optional<ContainerChain> subject;   // the acting task's chain
  std::vector<TargetContainer> targets;    // OBJ_PID targets with a container
  std::vector<ContainerChain> netns;       // NETFILTER_PKT: every container of the netns
  std::vector<ContainerOperation> operations;  // CONTAINER_OP records
  std::vector<std::string> problems;       // malformed container records, unlinked record=N

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
Attribution attribute(const Event& event);

}  // namespace contid

// SPDX-License-Identifier: GPL-2.0-or-later
// The container ledger: what a stream of events says about each container,
// kept by one set of rules for every program (audisp-contid's state report,
// aureport-ext's container report), so that they agree by construction.
//
// Contract (design.md, "Container lifecycle"):
// - Counting: an event counts once for every id it carries, as
//   ContidSelector{any} finds them: chains with their ancestors, targets,
//   netns lists, a CONTAINER_OP's contid and old-contid; innermost ids only
//   when `innermost_only` (aureport-ext's --contid-exact). The unset id is
//   never an entry.
// - Lives: every successful `op=set` (success=yes, or no SYSCALL to say) of
//   an id starts a new life of it: registrations + 1, owner_pid and parents
//   become that set's, life_started becomes the set's time and life_events
//   restarts (the set's own event is the life's first). Ids are reused and
//   `op=drop` is not reliable, so a set is the only start of a life; an id
//   seen before any set has one life since it was first seen.
// - Totals: events, first_seen and last_seen cover every life (never reset).
// - Parents: the whole ancestor chain, nearest first. A successful set gives
//   them (its first old-contid chain; none when old-contid=-1) and they are
//   then known for that life. While they are not known, the chains events
//   carry (subject, targets, netns) teach them, and the first chain naming
//   the id settles them.
// - Failed registrations: an `op=set` whose SYSCALL says success=no counts
//   in failed_registrations() whatever its id (unset included), and for
//   its id's entry unless the id is unset (an unknown id gets an entry).
//   It starts no life and changes neither owner nor parents.
// - Drops: `op=drop` records are counted for the id dropped (the kernel
//   writes contid=-1 and the container in old-contid; its innermost id, or
//   contid when set); they end nothing.
// - Bounded: with max_entries > 0, when more ids are known the least
//   recently seen tenth (by last_seen) is forgotten at once; evicted()
//   counts them. An evicted id that comes back starts a fresh entry.
//
// Not thread-safe; one thread observes and reads.
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <vector>

#include "contid/attribution.h"
#include "contid/container_id.h"
#include "contid/event.h"

namespace contid {

// An event's time (its audit stamp), ordered.
struct EventTime {
  std::int64_t seconds = 0;
  std::uint32_t milliseconds = 0;

  static EventTime of(const Event& event) {
    return {event.key().seconds, event.key().milliseconds};
  }
  std::int64_t to_ms() const { return seconds * 1000 + milliseconds; }
  auto operator<=>(const EventTime&) const = default;
};

// What the ledger knows of one container id.
struct ContainerEntry {
  // Of the current life.
  std::optional<std::int64_t> owner_pid;  // opid of the set that started it
  std::vector<ContainerId> parents;       // nearest first
  bool parents_known = false;             // from a set or an event chain
  EventTime life_started;                 // the set's time (else first_seen)
  std::uint64_t life_events = 0;
  // Over every life.
  EventTime first_seen, last_seen;  // of the events counted for the id
  std::uint64_t events = 0;
  std::uint64_t registrations = 0;  // successful sets (lives started)
  std::uint64_t failed_registrations = 0;
  std::uint64_t drops = 0;
};

struct ContainerLedgerOptions {
  bool innermost_only = false;  // count innermost ids only (exact matching)
  std::size_t max_entries = 0;  // 0: unbounded
};

class ContainerLedger {
 public:
  explicit ContainerLedger(ContainerLedgerOptions options = {}) : options_(options) {}

  // Takes one event and what attribute() (or a caller beyond it) found in
  // it. Returns the ids the event was counted for, ascending.
  std::vector<ContainerId> observe(const Event& event, const Attribution& attribution);

  const std::map<ContainerId, ContainerEntry>& containers() const { return containers_; }
  // nullptr when the id has no entry (never seen, or evicted).
  const ContainerEntry* find(ContainerId id) const;
  // Every failed registration, unset and unknown ids included.
  std::uint64_t failed_registrations() const { return failed_registrations_; }
  std::uint64_t evicted() const { return evicted_; }

 private:
  ContainerEntry& entry(ContainerId id, EventTime when);
  void learn_parents(const ContainerChain& chain);
  void evict_if_needed();

  ContainerLedgerOptions options_;
  std::map<ContainerId, ContainerEntry> containers_;
  std::uint64_t failed_registrations_ = 0;
  std::uint64_t evicted_ = 0;
};

}  // namespace contid

// SPDX-License-Identifier: GPL-2.0-or-later
// Groups records into events by (node, seconds, milliseconds, serial), the
// way libauparse's feed API does, except for container records.
//
// Records of different events may interleave. An event ENDS when its latest
// record is of a type that ends an event under auparse's rule (EOE,
// PROCTITLE, any type below 1300, >= 2100, KERNEL, MAC_UNLBL..CALIPSO); it is
// then COMPLETE as soon as a record arrives that is not its own container
// record or EOE (one record of look-ahead), and it is delivered before that
// record's event. Complete events not yet delivered still take their own
// container records and EOE (a CONTAINER_ID that trails a USER record, or a
// v9 PROCTITLE, even with other records in between); any other record with
// the same key starts a new event, as in auparse. An event is also complete
// when its EOE arrives, when its time + eoe_timeout <= the time of the
// record just added (stream time, as auparse), when age(now) says so, or at
// flush().
// Container records (Record::container_kind) never end an event: auparse splits CONTAINER_OP (1020)
// from its own SYSCALL record, this assembler does not. Two events are never
// merged: a record whose event was already delivered starts a new event and
// is reported as "late-record".
// Events are delivered in timestamp order (seconds, milliseconds, serial),
// the earliest only once it is complete, as auparse and ausearch do.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>

#include "contid/diagnostics.h"
#include "contid/event.h"
#include "contid/record.h"

namespace contid {

struct AssemblerOptions {
  double eoe_timeout_seconds = 2.0;
  // Upper bound of events held open; the oldest is completed when exceeded.
  std::size_t max_open_events = 100000;
  // Delivery order of ausearch 3.0.9 (src/ausearch-lol.c) instead of
  // auparse's: an event whose first record is not of a type that ends an
  // event (e.g. SYSCALL) is held until its time + eoe_timeout has passed (or
  // flush), so later records stamped earlier go out first. Grouping is the
  // same either way. For search tools comparing output with ausearch; a
  // plugin wants the default (lower latency).
  bool ausearch_order = false;
};

class EventAssembler {
 public:
  using Sink = std::function<void(Event&&)>;

  EventAssembler(AssemblerOptions options, Sink sink, Diagnostics* diagnostics);
  ~EventAssembler();
  EventAssembler(const EventAssembler&) = delete;
  EventAssembler& operator=(const EventAssembler&) = delete;

  // Adds one parsed record (its text is copied). `where` locates it.
  void add(const Record& record, const SourceLocation& where);
  // Completes events older than `now_seconds` - eoe_timeout (wall clock, for
  // streams that go quiet).
  void age(std::int64_t now_seconds);
  // Completes and delivers every open event.
  void flush();
  // Number of events held open.
  std::size_t open_events() const;

 private:
  struct State;
  std::unique_ptr<State> state_;
};

// True for record types that end an event under auparse's rule, before our
// container exception.
bool ends_event_like_auparse(int type);

}  // namespace contid

// Groups records into events by (node, seconds, milliseconds, serial).
//
// Records of different events may interleave. An event is complete when
//  1. its EOE record arrives; or
//  2. its last record is of a type that ends an event (auparse's rule:
//     PROCTITLE, 1007..1299, AUDIT_USER, >= 2100, ...) other than a
//     container record, and a record of another event has arrived since
//     (one record of look-ahead, so a CONTAINER_ID trailing a USER record
//     still joins it); or
//  3. it is older than the newest timestamp seen by more than eoe_timeout
//     seconds (stream time, as auparse), or flush() is called.
// CONTAINER_OP (1020) never ends an event: auparse splits it from its own
// SYSCALL record, this assembler does not. Two events are never merged: a
// record whose key belongs to an event already delivered is delivered as a
// new event and reported as "late-record".
// Events are delivered in the order of their first record.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>

#include "contid/container_records.h"
#include "contid/diagnostics.h"
#include "contid/event.h"
#include "contid/record.h"

namespace contid {

struct AssemblerOptions {
  double eoe_timeout_seconds = 2.0;
  ContainerRecordNumbers numbers;
  // Upper bound of events held open; the oldest is completed when exceeded.
  std::size_t max_open_events = 100000;
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

// SPDX-License-Identifier: GPL-2.0-or-later
#include "contid/event_assembler.h"

#include <cstdio>
#include <deque>
#include <list>
#include <string>
#include <tuple>
#include <unordered_map>
#include <unordered_set>

namespace contid {

bool ends_event_like_auparse(int type) {
  // auparse.c au_check_events() in audit-userspace 3.0.9: the event is done
  // when its latest record is one of these.
  if (type == 1320 /* EOE */ || type == 1327 /* PROCTITLE */) return true;
  if (type < 1300 /* AUDIT_FIRST_EVENT */) return true;
  if (type >= 2100 /* AUDIT_FIRST_ANOM_MSG */) return true;
  if (type == 2000 /* AUDIT_KERNEL */) return true;
  if (type >= 1406 /* MAC_UNLBL_ALLOW */ && type <= 1419 /* MAC_CALIPSO_DEL */) return true;
  return false;
}

namespace {

// The key with an owned node name, for the open-event table.
struct OwnedKey {
  std::string node;
  std::int64_t seconds;
  std::uint32_t milliseconds;
  std::uint64_t serial;

  bool operator==(const OwnedKey&) const = default;
  bool same_as(const EventKey& k) const {
    return serial == k.serial && milliseconds == k.milliseconds && seconds == k.seconds &&
           node == k.node;
  }
  // auparse_timestamp_compare(): seconds, then milliseconds, then serial.
  bool earlier_than(const OwnedKey& o) const {
    return std::tie(seconds, milliseconds, serial) < std::tie(o.seconds, o.milliseconds, o.serial);
  }
};

struct OwnedKeyHash {
  std::size_t operator()(const OwnedKey& k) const noexcept {
    return EventKeyHash{}(EventKey{k.node, k.seconds, k.milliseconds, k.serial});
  }
};

OwnedKey own(const EventKey& key) {
  return OwnedKey{std::string(key.node), key.seconds, key.milliseconds, key.serial};
}

}  // namespace

struct EventAssembler::State {
  struct Open {
    OwnedKey key;
    EventBuilder builder;
    bool complete = false;
    bool ended = false;    // its latest record ends an event (auparse's rule)
    bool released = true;  // may be delivered once complete (see ausearch_order)
  };
  using Slot = std::list<Open>::iterator;

  AssemblerOptions options;
  Sink sink;
  Diagnostics* diagnostics = nullptr;
  std::list<Open> open;  // undelivered events, in timestamp order
  // Key -> the newest undelivered event with that key.
  std::unordered_map<OwnedKey, Slot, OwnedKeyHash> by_key;
  // The event that ended with the previous record: complete as soon as a
  // record arrives that is not its own container record or EOE.
  Slot pending_end;
  bool has_pending_end = false;
  // The event of the previous record (cache for consecutive records).
  Slot last;
  bool has_last = false;
  std::uint64_t sequence = 0;
  // Hashes of the keys delivered recently, to report records that arrive too
  // late. Only the diagnostic depends on it (a late record starts a new event
  // either way), and a 64-bit collision among 4096 keys is negligible; hashes
  // keep this bookkeeping off the profile (it was 6% of the plugin's time).
  std::unordered_set<std::size_t> delivered;
  std::deque<std::size_t> delivered_order;
  static constexpr std::size_t kDeliveredMemory = 4096;

  void complete(Slot it) {
    it->complete = true;
    if (has_pending_end && pending_end == it) has_pending_end = false;
  }

  // Opens an event, keeping `open` in timestamp order (equal stamps keep
  // arrival order). New events are nearly always the newest: search from the back.
  // A container record for an event already delivered has lost its event:
  // it is delivered on its own and reported. (Other records with that key
  // start a new event, as in auparse: a LOGIN record and its SYSCALL.)
  Slot open_event(const Record& record, const SourceLocation& where, bool is_container_record) {
    OwnedKey key = own(record.key);
    if (diagnostics && is_container_record && delivered.count(OwnedKeyHash{}(key))) {
      char stamp[64];
      std::snprintf(stamp, sizeof(stamp), "%lld.%03u:%llu", static_cast<long long>(key.seconds),
                    key.milliseconds, static_cast<unsigned long long>(key.serial));
      diagnostics->report(
          where, "late-record",
          std::string("container record of event ") + stamp +
              " arrived after the event was delivered; delivered as a separate event");
    }
    auto pos = open.end();
    while (pos != open.begin() && key.earlier_than(std::prev(pos)->key)) --pos;
    // ausearch holds an event back unless its first record ends an event.
    const bool released =
        !options.ausearch_order || (ends_event_like_auparse(record.type) && record.type != 1320 &&
                                    !record.is_container_record());
    Slot it = open.insert(pos, Open{key, EventBuilder(where, sequence), false, false, released});
    by_key.insert_or_assign(std::move(key), it);
    return it;
  }

  Slot find(const Record& record) {
    if (has_last && last->key.same_as(record.key)) return last;
    auto found = by_key.find(own(record.key));
    return found == by_key.end() ? open.end() : found->second;
  }

  // Delivers complete events from the front: the earliest event goes first,
  // and only once it is complete (as auparse and ausearch do).
  void deliver_ready() {
    while (!open.empty() && open.front().complete && open.front().released) {
      Slot front = open.begin();
      auto mapped = by_key.find(front->key);
      if (mapped != by_key.end() && mapped->second == front) by_key.erase(mapped);
      if (has_last && last == front) has_last = false;
      remember_delivered(front->key);
      Event event = std::move(front->builder).finish();
      open.pop_front();
      sink(std::move(event));
    }
  }

  void remember_delivered(const OwnedKey& key) {
    const std::size_t hash = OwnedKeyHash{}(key);
    if (!delivered.insert(hash).second) return;
    delivered_order.push_back(hash);
    if (delivered_order.size() > kDeliveredMemory) {
      delivered.erase(delivered_order.front());
      delivered_order.pop_front();
    }
  }

  // Completes events whose time + timeout <= now. `open` is in timestamp
  // order, so the scan stops at the first event young enough.
  void expire(std::int64_t now) {
    const double timeout = options.eoe_timeout_seconds;
    for (auto it = open.begin(); it != open.end(); ++it) {
      if (static_cast<double>(it->key.seconds) + timeout > static_cast<double>(now)) break;
      complete(it);
      it->released = true;
    }
  }
};

EventAssembler::EventAssembler(AssemblerOptions options, Sink sink, Diagnostics* diagnostics)
    : state_(std::make_unique<State>()) {
  state_->options = options;
  state_->sink = std::move(sink);
  state_->diagnostics = diagnostics;
}

EventAssembler::~EventAssembler() = default;

void EventAssembler::add(const Record& record, const SourceLocation& where) {
  State& s = *state_;
  const bool is_eoe = record.type == 1320;
  const bool is_container_record = record.is_container_record();
  const bool may_join_ended = is_eoe || is_container_record;  // may still join an ended event

  // Any other record completes the event that ended with the previous one,
  // and it is delivered before this record's event can go ahead of it.
  if (s.has_pending_end && !(may_join_ended && s.pending_end->key.same_as(record.key))) {
    s.complete(s.pending_end);
    s.deliver_ready();
  }

  State::Slot it = s.find(record);
  if (it != s.open.end() && (it->complete || it->ended) && !may_join_ended) {
    it = s.open.end();  // same key after the end: a new event, as in auparse
  }
  if (it == s.open.end()) {
    if (is_eoe) return;  // a standalone EOE: its event is gone (auparse eats it too)
    it = s.open_event(record, where, is_container_record);
  }
  s.last = it;
  s.has_last = true;
  ++s.sequence;

  it->builder.add(record);
  if (is_eoe) {
    s.complete(it);
  } else if (!may_join_ended && ends_event_like_auparse(record.type) && !it->complete) {
    it->ended = true;
    s.pending_end = it;
    s.has_pending_end = true;
  }

  if (s.open.size() > s.options.max_open_events) {
    for (auto o = s.open.begin(); o != s.open.end(); ++o) {
      if (o->complete) continue;
      if (s.diagnostics)
        s.diagnostics->report(where, "too-many-open-events",
                              "more than " + std::to_string(s.options.max_open_events) +
                                  " events open at once; completed the oldest early");
      s.complete(o);
      break;
    }
  }
  s.expire(record.key.seconds);
  s.deliver_ready();
}

void EventAssembler::age(std::int64_t now_seconds) {
  state_->expire(now_seconds);
  state_->deliver_ready();
}

void EventAssembler::flush() {
  State& s = *state_;
  for (auto it = s.open.begin(); it != s.open.end(); ++it) {
    s.complete(it);
    it->released = true;
  }
  s.deliver_ready();
}

std::size_t EventAssembler::open_events() const {
  return state_->open.size();
}

}  // namespace contid

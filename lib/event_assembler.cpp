#include "contid/event_assembler.h"

#include <deque>
#include <list>
#include <string>
#include <unordered_map>
#include <unordered_set>

namespace contid {

bool ends_event_like_auparse(int type) {
  // common.c audit_is_last_record() in audit-userspace, 3.0.x and 4.x.
  if (type == 1320 /* EOE */ || type == 1327 /* PROCTITLE */) return true;
  if (type > 1006 /* AUDIT_LOGIN */ && type < 1300 /* AUDIT_FIRST_EVENT */) return true;
  if (type == 1005 /* AUDIT_USER */) return true;
  if (type >= 2100 /* AUDIT_FIRST_ANOM_MSG */) return true;
  if (type == 2000 /* AUDIT_KERNEL */) return true;
  if (type >= 1416 /* MAC_UNLBL_ALLOW */ && type <= 1419 /* MAC_CALIPSO_DEL */) return true;
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
  };

  AssemblerOptions options;
  Sink sink;
  Diagnostics* diagnostics;
  std::list<Open> open;  // in order of first record
  std::unordered_map<OwnedKey, std::list<Open>::iterator, OwnedKeyHash> by_key;
  // The event whose last record ends an event: completed when a record of
  // another event arrives (one record of look-ahead).
  std::list<Open>::iterator pending_end;
  bool has_pending_end = false;
  std::int64_t newest_seconds = 0;
  std::uint64_t sequence = 0;
  // Keys delivered recently, to report records that arrive too late.
  std::unordered_set<OwnedKey, OwnedKeyHash> delivered;
  std::deque<OwnedKey> delivered_order;
  static constexpr std::size_t kDeliveredMemory = 4096;

  // The event of the previous record (valid while has_last).
  std::list<Open>::iterator last;
  bool has_last = false;

  std::list<Open>::iterator find_or_open(const Record& record, const SourceLocation& where) {
    OwnedKey key = own(record.key);
    auto found = by_key.find(key);
    if (found != by_key.end()) return found->second;
    if (diagnostics && delivered.count(key))
      diagnostics->report(where, "late-record",
                          "record of event " + std::to_string(key.seconds) + "." +
                              std::to_string(key.milliseconds) + ":" + std::to_string(key.serial) +
                              " arrived after the event was complete; delivered as a separate event");
    open.push_back(Open{key, EventBuilder(where, sequence), false});
    auto it = std::prev(open.end());
    by_key.emplace(std::move(key), it);
    return it;
  }

  void complete(std::list<Open>::iterator it) {
    it->complete = true;
    if (has_pending_end && pending_end == it) has_pending_end = false;
  }

  // Delivers complete events from the front, keeping first-record order.
  void deliver_ready() {
    while (!open.empty() && open.front().complete) {
      Open& front = open.front();
      if (has_last && last == open.begin()) has_last = false;
      remember_delivered(front.key);
      by_key.erase(front.key);
      Event event = std::move(front.builder).finish();
      open.pop_front();
      sink(std::move(event));
    }
  }

  void remember_delivered(const OwnedKey& key) {
    delivered.insert(key);
    delivered_order.push_back(key);
    if (delivered_order.size() > kDeliveredMemory) {
      delivered.erase(delivered_order.front());
      delivered_order.pop_front();
    }
  }

  // Completes events older than `now` - timeout, looking from the front.
  void expire(std::int64_t now) {
    const double timeout = options.eoe_timeout_seconds;
    for (auto it = open.begin(); it != open.end(); ++it) {
      if (it->complete) continue;
      if (static_cast<double>(now - it->key.seconds) > timeout) {
        complete(it);
      } else {
        break;
      }
    }
    deliver_ready();
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
  // Fast path: consecutive records of one event need no table lookup.
  std::list<State::Open>::iterator it;
  if (s.has_last && record.key == EventKey{s.last->key.node, s.last->key.seconds,
                                           s.last->key.milliseconds, s.last->key.serial}) {
    it = s.last;
  } else {
    it = s.find_or_open(record, where);
  }
  s.last = it;
  s.has_last = true;
  ++s.sequence;
  // A record of another event ends the event waiting on its look-ahead.
  if (s.has_pending_end && s.pending_end != it) s.complete(s.pending_end);

  it->builder.add(record);
  const bool is_container_record = classify(record, s.options.numbers) != ContainerRecordKind::kNone;
  if (record.type == 1320 /* EOE */) {
    s.complete(it);
  } else if (!is_container_record && ends_event_like_auparse(record.type)) {
    s.pending_end = it;
    s.has_pending_end = true;
  } else if (s.has_pending_end && s.pending_end == it) {
    s.has_pending_end = false;  // more records came: wait again
  }

  if (record.key.seconds > s.newest_seconds) s.newest_seconds = record.key.seconds;
  if (s.open.size() > s.options.max_open_events) {
    auto oldest = std::find_if(s.open.begin(), s.open.end(), [](const State::Open& o) { return !o.complete; });
    if (oldest != s.open.end()) {
      if (s.diagnostics)
        s.diagnostics->report(where, "too-many-open-events",
                              "more than " + std::to_string(s.options.max_open_events) +
                                  " events open at once; completed the oldest early");
      s.complete(oldest);
    }
  }
  // Cheap check of the front on every record: stream-time timeout.
  if (!s.open.empty() && !s.open.front().complete &&
      static_cast<double>(s.newest_seconds - s.open.front().key.seconds) > s.options.eoe_timeout_seconds) {
    s.expire(s.newest_seconds);
  }
  s.deliver_ready();
}

void EventAssembler::age(std::int64_t now_seconds) { state_->expire(now_seconds); }

void EventAssembler::flush() {
  State& s = *state_;
  for (auto it = s.open.begin(); it != s.open.end(); ++it) it->complete = true;
  s.has_pending_end = false;
  s.deliver_ready();
}

std::size_t EventAssembler::open_events() const { return state_->open.size(); }

}  // namespace contid

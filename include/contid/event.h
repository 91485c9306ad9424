// SPDX-License-Identifier: GPL-2.0-or-later
// An audit event: the records that share one (node, time, serial) key, in
// arrival order. An Event owns the text of its records; its Records are views
// into that text and stay valid as long as the Event lives (moves included).
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "contid/diagnostics.h"
#include "contid/record.h"

namespace contid {

class Event {
 public:
  Event(Event&&) noexcept;
  Event& operator=(Event&&) noexcept;
  Event(const Event&) = delete;
  Event& operator=(const Event&) = delete;

  const EventKey& key() const { return records_.front().key; }
  std::span<const Record> records() const { return records_; }
  // Location of the event's first record in its input.
  const SourceLocation& where() const { return where_; }
  // Ordinal of the event's first record in the whole input (0-based).
  std::uint64_t sequence() const { return sequence_; }

  // First record of the given type, or nullptr.
  const Record* find(int type) const;

 private:
  friend class EventBuilder;
  Event() = default;
  void rebase(const char* old_base);

  std::string text_;
  std::vector<Record> records_;
  SourceLocation where_;
  std::uint64_t sequence_ = 0;
};

// Accumulates copies of records with one key, then yields the Event.
class EventBuilder {
 public:
  EventBuilder(SourceLocation first_line, std::uint64_t sequence);
  void add(const Record& record);  // copies the record's line
  std::size_t size() const { return spans_.size(); }
  Event finish() &&;

 private:
  // Where each view of a record lies in text_; turned into views in finish().
  struct Span {
    std::size_t offset = 0, size = 0;
  };
  struct RecordSpans {
    Span line, type_name, node, body, enriched;
    int type = 0;
    ContainerRecordKind container_kind = ContainerRecordKind::kNone;
    std::int64_t seconds = 0;
    std::uint32_t milliseconds = 0;
    std::uint64_t serial = 0;
  };
  std::string text_;
  std::vector<RecordSpans> spans_;
  SourceLocation where_;
  std::uint64_t sequence_;
};

}  // namespace contid

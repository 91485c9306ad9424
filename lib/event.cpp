// SPDX-License-Identifier: GPL-2.0-or-later
#include "contid/event.h"

#include <utility>

#include "contid/event_assembler.h"

namespace contid {

namespace {

std::string_view rebased(std::string_view view, const char* old_base, const char* new_base) {
  if (view.data() == nullptr) return view;
  return std::string_view(new_base + (view.data() - old_base), view.size());
}

}  // namespace

void Event::rebase(const char* old_base) {
  const char* new_base = text_.data();
  if (old_base == new_base) return;
  for (Record& r : records_) {
    r.line = rebased(r.line, old_base, new_base);
    r.type_name = rebased(r.type_name, old_base, new_base);
    r.key.node = rebased(r.key.node, old_base, new_base);
    r.body = rebased(r.body, old_base, new_base);
    r.enriched = rebased(r.enriched, old_base, new_base);
  }
}

Event::Event(Event&& other) noexcept
    : records_(std::move(other.records_)),
      where_(std::move(other.where_)),
      sequence_(other.sequence_) {
  const char* old_base = other.text_.data();
  text_ = std::move(other.text_);
  rebase(old_base);
}

Event& Event::operator=(Event&& other) noexcept {
  if (this != &other) {
    const char* old_base = other.text_.data();
    text_ = std::move(other.text_);
    records_ = std::move(other.records_);
    where_ = std::move(other.where_);
    sequence_ = other.sequence_;
    rebase(old_base);
  }
  return *this;
}

const Record* Event::find(int type) const {
  for (const Record& r : records_)
    if (r.type == type) return &r;
  return nullptr;
}

EventBuilder::EventBuilder(SourceLocation first_line, std::uint64_t sequence)
    : where_(std::move(first_line)), sequence_(sequence) {
  text_.reserve(1024);
  spans_.reserve(6);
}

void EventBuilder::add(const Record& record) {
  const std::size_t base = text_.size();
  const char* line_begin = record.line.data();
  auto span_of = [&](std::string_view view) {
    if (view.data() == nullptr || view.empty()) return Span{base, 0};
    return Span{base + static_cast<std::size_t>(view.data() - line_begin), view.size()};
  };
  RecordSpans spans;
  spans.line = Span{base, record.line.size()};
  spans.type_name = span_of(record.type_name);
  spans.node = span_of(record.key.node);
  spans.body = span_of(record.body);
  spans.enriched = span_of(record.enriched);
  spans.type = record.type;
  spans.container_kind = record.container_kind;
  spans.seconds = record.key.seconds;
  spans.milliseconds = record.key.milliseconds;
  spans.serial = record.key.serial;
  if (spans_.empty()) {
    // Most events are a handful of records of similar length: one allocation
    // instead of a growth series (the plugin builds every event it reads).
    text_.reserve(record.line.size() * 4 + 64);
    spans_.reserve(6);
  }
  text_.append(record.line);
  text_.push_back('\n');
  spans_.push_back(spans);
}

Event EventBuilder::finish() && {
  Event event;
  event.text_ = std::move(text_);
  event.where_ = std::move(where_);
  event.sequence_ = sequence_;
  event.records_.reserve(spans_.size());
  const char* base = event.text_.data();
  auto view = [base](Span s) { return std::string_view(base + s.offset, s.size); };
  for (const RecordSpans& s : spans_) {
    Record r;
    r.line = view(s.line);
    r.type_name = view(s.type_name);
    r.key.node = view(s.node);
    r.key.seconds = s.seconds;
    r.key.milliseconds = s.milliseconds;
    r.key.serial = s.serial;
    r.body = view(s.body);
    r.enriched = view(s.enriched);
    r.type = s.type;
    r.container_kind = s.container_kind;
    event.records_.push_back(r);
  }
  return event;
}

}  // namespace contid

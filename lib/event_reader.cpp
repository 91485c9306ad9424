// SPDX-License-Identifier: GPL-2.0-or-later
#include "contid/event_reader.h"

#include <fcntl.h>
#include <unistd.h>

#include "contid/line_splitter.h"
#include "contid/log_input.h"

namespace contid {

EventReader::EventReader(ReaderOptions options, std::function<void(Event&&)> sink,
                         Diagnostics* diagnostics)
    : diagnostics_(diagnostics),
      numbers_(options.numbers),
      assembler_(
          options,
          [this, sink = std::move(sink)](Event&& event) {
            if (!stopped_) sink(std::move(event));
          },
          diagnostics) {}

void EventReader::add_line(std::string_view line, const SourceLocation& where) {
  if (stopped_) return;
  ++lines_;
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
  if (line.empty()) return;
  if (line.ends_with(" msg=lost") && line.find(" msg=") == line.size() - 9) {
    ++lost_by_auditd_;  // the tools say how many, once, and whether they were restored
    return;
  }
  Record record;
  std::string error;
  if (!parse_record(line, numbers_, &record, &error)) {
    if (diagnostics_) {
      std::string shown(line.substr(0, 80));
      for (char& c : shown)
        if (static_cast<unsigned char>(c) < 0x20 || static_cast<unsigned char>(c) >= 0x7f) c = '?';
      diagnostics_->report(where, "malformed-record",
                           error + ": \"" + shown + (line.size() > 80 ? "...\"" : "\""));
    }
    return;
  }
  ++records_;
  if (store_ && !store_->empty()) restore_before(record);
  assembler_.add(record, where);
}

void EventReader::restore_before(const Record& record) {
  const ContainerRecordKind kind = record.container_kind;
  if (kind == ContainerRecordKind::kContainerOp || kind == ContainerRecordKind::kSetCapContid) {
    store_->take(record.key);  // this log kept the text itself (a patched auditd)
    return;
  }
  for (const RegistrationStore::Line& kept : store_->take(record.key)) {
    Record restored;
    std::string error;
    if (!parse_record(kept.text, numbers_, &restored, &error))
      continue;  // the store parsed it before
    ++restored_;
    assembler_.add(restored, kept.where);
  }
}

bool EventReader::read_file(const std::string& path) {
  if (stopped_) return true;
  return read_file_lines(
      path, diagnostics_,
      [this](std::string_view line, const SourceLocation& where) { add_line(line, where); },
      &stopped_);
}

bool EventReader::read_fd(int fd, const std::string& source) {
  if (stopped_) return true;
  return read_lines(
      fd, source, diagnostics_,
      [this](std::string_view line, const SourceLocation& where) { add_line(line, where); },
      &stopped_);
}

void EventReader::finish() {
  if (!stopped_) assembler_.flush();
}

std::vector<Event> events_from_text(std::string_view text) {
  std::vector<Event> events;
  EventReader reader(
      ReaderOptions{}, [&](Event&& e) { events.push_back(std::move(e)); }, nullptr);
  LineSplitter lines("text", nullptr, [&](std::string_view line, const SourceLocation& where) {
    reader.add_line(line, where);
  });
  lines.feed(text);
  lines.finish();
  reader.finish();
  return events;
}

}  // namespace contid

// SPDX-License-Identifier: GPL-2.0-or-later
// The pipeline front half shared by every tool: lines -> records -> events.
// Malformed lines are reported to Diagnostics (file:line, category) and
// counted; they never stop the stream and never drop other records.
#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "contid/diagnostics.h"
#include "contid/event.h"
#include "contid/event_assembler.h"
#include "contid/registration_store.h"

namespace contid {

// The assembler's settings and the container record numbers every line is
// parsed with (parse_record).
struct ReaderOptions : AssemblerOptions {
  ContainerRecordNumbers numbers;
};

class EventReader {
 public:
  EventReader(ReaderOptions options, std::function<void(Event&&)> sink, Diagnostics* diagnostics);

  // Feeds one line (no '\n'). Blank lines are ignored.
  void add_line(std::string_view line, const SourceLocation& where);
  // Reads a whole file / fd through add_line. False if it could not be read.
  bool read_file(const std::string& path);
  bool read_fd(int fd, const std::string& source);
  // Fast path for selective searches of a file: only events that hold a
  // container record for which `may_select` is true are assembled and
  // delivered; every other well-formed record is counted and skipped without
  // being parsed. A superset predicate is enough (the caller still decides
  // on the whole event). Malformed, over-long and truncated lines are
  // reported exactly as read_file() does. The file is mapped and read once;
  // each line is decided when the reader is 1 MiB past it (so a container
  // record that trails its event is seen first); memory stays bounded.
  bool read_file_selective(const std::string& path,
                           const std::function<bool(const Record&)>& may_select);

  // Delivers every event still open (call at end of input).
  void finish();
  // For a sink that has seen enough (ausearch --just-one): no event is
  // delivered after the call returns to the reader, the line being read is
  // the last (read_file/read_fd/read_file_selective return true at once,
  // later calls read nothing), and finish() delivers nothing.
  void stop() { stopped_ = true; }
  bool stopped() const { return stopped_; }
  // Events held open, and completing those older than now - eoe_timeout
  // (EventAssembler::open_events and age, for streams that go quiet).
  std::size_t open_events() const { return assembler_.open_events(); }
  void age(std::int64_t now_seconds) { assembler_.age(now_seconds); }

  std::uint64_t lines() const { return lines_; }
  std::uint64_t records() const { return records_; }

  // Puts registrations that auditd's log lost back into their events: before
  // the first record of an event whose key `store` holds, the kept records
  // are added (and removed from the store). The store must outlive reading.
  void restore_registrations(RegistrationStore* store) { store_ = store; }
  // Lines "type=... msg=lost" (auditd kept neither text nor key): counted
  // here, not reported as malformed.
  std::uint64_t lost_by_auditd() const { return lost_by_auditd_; }
  // Records put back from the store (a selective read also counts those it
  // would have put back into the events it skipped).
  std::uint64_t restored() const { return restored_; }

 private:
  void restore_before(const Record& record);

  Diagnostics* diagnostics_;
  ContainerRecordNumbers numbers_;
  bool stopped_ = false;
  EventAssembler assembler_;
  std::uint64_t lines_ = 0;
  std::uint64_t records_ = 0;
  RegistrationStore* store_ = nullptr;
  std::uint64_t lost_by_auditd_ = 0;
  std::uint64_t restored_ = 0;
};

// Convenience for tests and small tools: parse `text` (one record per line)
// and group it into events with the default ReaderOptions, no diagnostics.
std::vector<Event> events_from_text(std::string_view text);

}  // namespace contid

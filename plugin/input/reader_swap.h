// SPDX-License-Identifier: GPL-2.0-or-later
// The input thread's event reader (records -> events) and its replacement
// when a reload changes record_numbers or eoe_timeout. The new settings
// take effect at the first point where the reader holds no open event
// (maybe_swap() is called after every line and when input is idle), so
// every record goes through exactly one reader and no event is assembled
// under two settings. Line and record counts add up over replaced readers.
// Used by one thread only.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "contid/diagnostics.h"
#include "contid/event_reader.h"

namespace audisp_contid {

class ReaderSwap {
 public:
  using EventHandler = std::function<void(contid::Event&&)>;

  // `numbers_text` is options.numbers as configured (for reports and logs).
  ReaderSwap(contid::ReaderOptions options, std::string numbers_text, EventHandler on_event,
             contid::Diagnostics* diagnostics);

  contid::EventReader& reader() { return *reader_; }
  const contid::ReaderOptions& options() const { return options_; }
  const std::string& numbers_text() const { return numbers_text_; }

  // Asks for these settings; the latest request wins, and asking for the
  // settings in effect cancels a pending change. True when a change is
  // pending afterwards.
  bool request(const contid::ContainerRecordNumbers& numbers, const std::string& numbers_text,
               double eoe_timeout_seconds);
  bool pending() const { return pending_ != nullptr; }
  // Installs the pending settings if no event is open; true when it did.
  bool maybe_swap();

  std::uint64_t lines() const { return lines_before_ + reader_->lines(); }
  std::uint64_t records() const { return records_before_ + reader_->records(); }
  std::size_t open_events() { return reader_->open_events(); }

 private:
  std::unique_ptr<contid::EventReader> make_reader() const;

  EventHandler on_event_;
  contid::Diagnostics* diagnostics_;
  contid::ReaderOptions options_;  // the reader's
  std::string numbers_text_;
  std::unique_ptr<contid::EventReader> reader_;
  std::unique_ptr<contid::ReaderOptions> pending_;
  std::string pending_numbers_text_;
  std::uint64_t lines_before_ = 0;  // read by replaced readers
  std::uint64_t records_before_ = 0;
};

}  // namespace audisp_contid

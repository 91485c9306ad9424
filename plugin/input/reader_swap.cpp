// SPDX-License-Identifier: GPL-2.0-or-later
#include "input/reader_swap.h"

#include <utility>

namespace audisp_contid {

ReaderSwap::ReaderSwap(contid::ReaderOptions options, std::string numbers_text,
                       EventHandler on_event, contid::Diagnostics* diagnostics)
    : on_event_(std::move(on_event)),
      diagnostics_(diagnostics),
      options_(std::move(options)),
      numbers_text_(std::move(numbers_text)),
      reader_(make_reader()) {}

std::unique_ptr<contid::EventReader> ReaderSwap::make_reader() const {
  return std::make_unique<contid::EventReader>(options_, on_event_, diagnostics_);
}

bool ReaderSwap::request(const contid::ContainerRecordNumbers& numbers,
                         const std::string& numbers_text, double eoe_timeout_seconds) {
  pending_.reset();
  if (numbers_text == numbers_text_ && eoe_timeout_seconds == options_.eoe_timeout_seconds) {
    return false;
  }
  pending_ = std::make_unique<contid::ReaderOptions>(options_);
  pending_->numbers = numbers;
  pending_->eoe_timeout_seconds = eoe_timeout_seconds;
  pending_numbers_text_ = numbers_text;
  return true;
}

bool ReaderSwap::maybe_swap() {
  if (!pending_ || reader_->open_events() != 0) return false;
  // Every record read so far is in an event already delivered: the next
  // one starts under the new settings.
  lines_before_ += reader_->lines();
  records_before_ += reader_->records();
  options_ = *pending_;
  numbers_text_ = std::move(pending_numbers_text_);
  pending_.reset();
  reader_ = make_reader();
  return true;
}

}  // namespace audisp_contid

// SPDX-License-Identifier: GPL-2.0-or-later
// A route's `expression = ...`: an ausearch-expression(5) evaluated by
// libauparse itself (no second expression engine). True when any record of
// the event matches. Not thread-safe: use one instance per thread.
#pragma once

#include <memory>
#include <string>

#include "contid/event.h"

typedef struct opaque auparse_state_t;

namespace audisp_contid {

class ExpressionFilter {
 public:
  ~ExpressionFilter();
  ExpressionFilter(const ExpressionFilter&) = delete;
  ExpressionFilter& operator=(const ExpressionFilter&) = delete;

  // Nullptr (with *error from libauparse) when the expression is invalid.
  static std::unique_ptr<ExpressionFilter> compile(const std::string& expression,
                                                   std::string* error);
  static bool validate(const std::string& expression, std::string* error);

  bool matches(const contid::Event& event);

 private:
  explicit ExpressionFilter(auparse_state_t* state) : state_(state) {}
  // One libauparse state for the route's life: auparse_init reads auditd.conf
  // and looks for the log files each time, so a state per event cost a
  // config read and directory opens per event (and audited opens of the
  // plugin itself). auparse_new_buffer() resets it for each event and keeps
  // the expression.
  auparse_state_t* state_;
  std::string buffer_;
};

}  // namespace audisp_contid

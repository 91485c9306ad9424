// SPDX-License-Identifier: GPL-2.0-or-later
#include "routing/expression_filter.h"

#include <auparse.h>

#include <cstdlib>

namespace audisp_contid {
namespace {

// libauparse state with the expression installed; nullptr + *error if not.
auparse_state_t* make_state(const std::string& expression, const char* data, std::string* error) {
  auparse_state_t* state = auparse_init(AUSOURCE_BUFFER, data);
  if (state == nullptr) {
    if (error) *error = "libauparse could not start";
    return nullptr;
  }
  char* message = nullptr;
  if (ausearch_add_expression(state, expression.c_str(), &message, AUSEARCH_RULE_CLEAR) != 0) {
    if (error) *error = message ? message : "syntax error";
    std::free(message);
    auparse_destroy(state);
    return nullptr;
  }
  std::free(message);
  ausearch_set_stop(state, AUSEARCH_STOP_EVENT);
  return state;
}

}  // namespace

ExpressionFilter::~ExpressionFilter() {
  auparse_destroy(state_);
}

std::unique_ptr<ExpressionFilter> ExpressionFilter::compile(const std::string& expression,
                                                            std::string* error) {
  auparse_state_t* state = make_state(expression, "", error);
  if (state == nullptr) return nullptr;
  return std::unique_ptr<ExpressionFilter>(new ExpressionFilter(state));
}

bool ExpressionFilter::validate(const std::string& expression, std::string* error) {
  auparse_state_t* state = make_state(expression, "", error);
  if (state == nullptr) return false;
  auparse_destroy(state);
  return true;
}

bool ExpressionFilter::matches(const contid::Event& event) {
  buffer_.clear();
  for (const auto& record : event.records()) {
    buffer_.append(record.line);
    buffer_ += '\n';
  }
  // auparse_new_buffer resets the parser (auparse_reset): the expression sees
  // exactly this event's records.
  if (auparse_new_buffer(state_, buffer_.data(), buffer_.size()) != 0) return false;
  return ausearch_next_event(state_) > 0;
}

}  // namespace audisp_contid

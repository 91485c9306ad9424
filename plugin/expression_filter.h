// A route's `expression = ...`: an ausearch-expression(5) evaluated by
// libauparse itself (no second expression engine). True when any record of
// the event matches. Not thread-safe: use one instance per thread.
#pragma once

#include <memory>
#include <string>

#include "contid/event.h"

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
  explicit ExpressionFilter(std::string expression) : expression_(std::move(expression)) {}
  std::string expression_;
  std::string buffer_;
};

}  // namespace audisp_contid

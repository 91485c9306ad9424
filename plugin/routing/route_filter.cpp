// SPDX-License-Identifier: GPL-2.0-or-later
#include "routing/route_filter.h"

namespace audisp_contid {

RouteFilter::RouteFilter(const RouteConfig& route) : selector_(route.selector) {
  if (!route.expression.empty()) {
    std::string error;
    expression_ = ExpressionFilter::compile(route.expression, &error);
  }
}

std::optional<std::vector<contid::ContainerId>> RouteFilter::select(
    const contid::Event& event, const contid::Attribution& attribution) {
  if (!selector_.matches(attribution)) return std::nullopt;
  if (expression_ && !expression_->matches(event)) return std::nullopt;
  std::vector<contid::ContainerId> ids = selector_.matching_ids(attribution);
  // A host event (selected through `unset`) matches no id: it is routed
  // without ids, which %c names "unset".
  return ids;
}

}  // namespace audisp_contid

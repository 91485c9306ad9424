// SPDX-License-Identifier: GPL-2.0-or-later
// Route matching: does an event belong to a route, and for which ids.
// The contid part is contid::ContidSelector (the one matcher of lib/);
// `expression` is evaluated by libauparse (ExpressionFilter).
#pragma once

#include <memory>
#include <optional>
#include <vector>

#include "config/route_config.h"
#include "contid/attribution.h"
#include "contid/event.h"
#include "routing/expression_filter.h"

namespace audisp_contid {

class RouteFilter {
 public:
  // The route's expression must be valid (config parsing checked it).
  explicit RouteFilter(const RouteConfig& route);

  // nullopt when the event is not the route's; else the selector's ids the
  // event carries (empty for an event routed as "unset").
  std::optional<std::vector<contid::ContainerId>> select(const contid::Event& event,
                                                         const contid::Attribution& attribution);

 private:
  contid::ContidSelector selector_;
  std::unique_ptr<ExpressionFilter> expression_;
};

}  // namespace audisp_contid

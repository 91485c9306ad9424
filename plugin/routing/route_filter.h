// SPDX-License-Identifier: GPL-2.0-or-later
// Route matching: does an event belong to a route, and for which ids.
// The contid part is contid::ContidSelector (the one matcher of lib/);
// `expression` is evaluated by libauparse (ExpressionFilter).
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "config/route_config.h"
#include "contid/attribution.h"
#include "contid/event.h"
#include "routing/expression_filter.h"

namespace audisp_contid {

// The event's container name as `origin` attributes it: for the cgroup
// methods the runtime's id (lxc/nspawn: the name); for the kernel method the
// innermost subject id in decimal (until the mapping records give names);
// "" for the host and unattributed events.
std::string container_name(const contid::Attribution& attribution,
                           const contid::AttributionOrigin& origin);

// `name` as one safe file-name component for %n: bytes other than
// [A-Za-z0-9._-] become '_'; "", "." and ".." give "" (the sink writes "host").
std::string container_name_component(std::string_view name);

class RouteFilter {
 public:
  // The route's expression must be valid (config parsing checked it).
  explicit RouteFilter(const RouteConfig& route);

  // nullopt when the event is not the route's; else the selector's ids the
  // event carries (empty for an event routed as "unset", or attributed by
  // cgroup). `origin` is the event's attribution under the route's mode: for
  // the kernel method the selector reads the container records; otherwise
  // `any` takes events with a container, `unset` those without, and ids
  // match nothing. `container` globs match container_name().
  std::optional<std::vector<contid::ContainerId>> select(const contid::Event& event,
                                                         const contid::Attribution& attribution,
                                                         const contid::AttributionOrigin& origin);

 private:
  contid::ContidSelector selector_;
  std::vector<std::string> containers_;
  std::unique_ptr<ExpressionFilter> expression_;
};

}  // namespace audisp_contid

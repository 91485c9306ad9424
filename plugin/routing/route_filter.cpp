// SPDX-License-Identifier: GPL-2.0-or-later
#include "routing/route_filter.h"

#include <fnmatch.h>

namespace audisp_contid {

std::string container_name(const contid::Attribution& attribution,
                           const contid::AttributionOrigin& origin) {
  if (origin.method == contid::AttributionMethod::kKernel) {
    return attribution.subject ? std::to_string(attribution.subject->innermost()) : std::string();
  }
  return origin.container ? origin.container->id : std::string();
}

std::string container_name_component(std::string_view name) {
  if (name == "." || name == "..") return {};
  std::string out(name);
  for (char& c : out) {
    const bool safe = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                      c == '.' || c == '_' || c == '-';
    if (!safe) c = '_';
  }
  return out;
}

RouteFilter::RouteFilter(const RouteConfig& route)
    : selector_(route.selector), containers_(route.containers) {
  if (!route.expression.empty()) {
    std::string error;
    expression_ = ExpressionFilter::compile(route.expression, &error);
  }
}

std::optional<std::vector<contid::ContainerId>> RouteFilter::select(
    const contid::Event& event, const contid::Attribution& attribution,
    const contid::AttributionOrigin& origin) {
  const bool by_kernel = origin.method == contid::AttributionMethod::kKernel;
  if (by_kernel) {
    if (!selector_.matches(attribution)) return std::nullopt;
  } else {
    const bool contained = origin.container.has_value();
    if (!((selector_.any && contained) || (selector_.unset && !contained))) return std::nullopt;
  }
  if (!containers_.empty()) {
    const std::string name = container_name(attribution, origin);
    if (name.empty()) return std::nullopt;
    bool named = false;
    for (const auto& glob : containers_) {
      if (fnmatch(glob.c_str(), name.c_str(), 0) == 0) {
        named = true;
        break;
      }
    }
    if (!named) return std::nullopt;
  }
  if (expression_ && !expression_->matches(event)) return std::nullopt;
  // A host event (selected through `unset`) matches no id: it is routed
  // without ids, which %c names "unset". So is an event attributed by cgroup.
  if (!by_kernel) return std::vector<contid::ContainerId>{};
  return selector_.matching_ids(attribution);
}

}  // namespace audisp_contid

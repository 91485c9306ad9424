// SPDX-License-Identifier: GPL-2.0-or-later
// What a route's queue holds: one event already formatted for the route,
// plus the container ids it was routed for (for the %c file template).
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "contid/container_id.h"

namespace audisp_contid {

struct QueuedEvent {
  // The formatted event, ending in '\n' (raw: one line per record; json: one
  // line). Shared between routes that use the same format.
  std::shared_ptr<const std::string> text;
  // Ids of the route's selector that the event carries; empty for events
  // routed without a container (contid = unset), which %c names "unset".
  std::vector<contid::ContainerId> ids;
  // The event's container name for %n (already safe as a file name
  // component); empty = "host".
  std::string name;
  std::uint64_t sequence = 0;  // the event's ordinal in the input
};

}  // namespace audisp_contid

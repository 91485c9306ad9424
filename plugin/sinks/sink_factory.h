// SPDX-License-Identifier: GPL-2.0-or-later
// Makes the sink a route's config asks for.
#pragma once

#include <memory>

#include "config/route_config.h"
#include "sinks/sink.h"

namespace audisp_contid {

std::unique_ptr<Sink> make_sink(const RouteConfig& route);

}  // namespace audisp_contid

// SPDX-License-Identifier: GPL-2.0-or-later
// The route table: formats each event once per output format and hands it
// to every matching route's queue. Used by the reader thread only (apply,
// route, hangup, close); report() may be called from that thread too.
//
// apply() installs a new set of routes between two events: a route whose
// settings did not change keeps its worker (queue, open files, socket
// clients, exec child); a changed route gets a new worker that starts once
// the old one has drained; a removed route drains and stops (and is the
// predecessor of the route's next worker if it comes back before it has
// finished). So an event is delivered by exactly one worker of its route:
// nothing lost or doubled.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "attribution/cgroup_attributor.h"
#include "config/plugin_config.h"
#include "contid/attribution.h"
#include "contid/event.h"
#include "contid/event_format.h"
#include "routing/route_filter.h"
#include "routing/route_worker.h"

namespace audisp_contid {

// Events a route mode attributed, by method (the global mode's counts).
struct MethodCounts {
  std::uint64_t kernel = 0;
  std::uint64_t cgroup = 0;
  std::uint64_t cgroup_via_parent = 0;
  std::uint64_t none = 0;
};

class Router {
 public:
  // kernel_container_ids: the running kernel has audit container ids (an
  // event without CONTAINER_ID is then the host's by the kernel's word).
  explicit Router(bool kernel_container_ids = false);
  ~Router();

  // Returns "N routes: kept K, started S, stopped T".
  std::string apply(const PluginConfig& config);
  void route(const contid::Event& event, const contid::Attribution& attribution);
  // Wakes the workers of routes that got events since the last call.
  void publish();
  void hangup();
  // Closes every queue and waits for every worker (bounded by each route's
  // shutdown timeout).
  void close_all();
  // Reaps workers of removed routes that have finished.
  void reap();

  std::uint64_t events_routed() const { return events_routed_; }
  std::uint64_t events_unrouted() const { return events_unrouted_; }
  const MethodCounts& methods() const { return methods_; }
  // "attribution = MODE kernel=N cgroup=N cgroup_via_parent=N none=N" plus
  // the cgroup method's counters.
  std::string attribution_report() const;
  std::string report() const;
  // After close_all(): one line per route with its totals across reloads:
  // "route NAME: in=N delivered=N dropped_oldest=N spill_failed=N lost=N
  // spilled=N replayed=N saved_at_exit=N left_in_spill=N" (left_in_spill:
  // what the next run replays first).
  std::string summary() const;
  std::size_t size() const { return routes_.size(); }

 private:
  struct ActiveRoute {
    std::shared_ptr<RouteWorker> worker;
    std::unique_ptr<RouteFilter> filter;
  };

  std::shared_ptr<const std::string> formatted(const contid::Event& event,
                                               const contid::Attribution& attribution,
                                               RouteFormat format, AttributionMode mode);
  // The event's attribution under `mode` (memoised per event).
  const contid::AttributionOrigin& origin(const contid::Event& event,
                                          const contid::Attribution& attribution,
                                          AttributionMode mode);

  std::unique_ptr<contid::EventFormatter> raw_formatter_;
  std::unique_ptr<contid::EventFormatter> json_formatter_;
  std::map<std::string, ActiveRoute> routes_;
  std::vector<std::shared_ptr<RouteWorker>> retiring_;
  void add_totals(const RouteWorker& worker);
  std::map<std::string, RouteTotals> retired_totals_;
  std::uint64_t events_routed_ = 0;
  std::uint64_t events_unrouted_ = 0;
  // Per-event cache of formatted text (cleared for every event).
  std::shared_ptr<const std::string> raw_text_;
  std::shared_ptr<const std::string> json_text_[3];  // per AttributionMode
  std::optional<contid::AttributionOrigin> origins_[3];
  bool kernel_container_ids_;
  AttributionMode global_mode_ = AttributionMode::kKernelThenCgroup;
  std::unique_ptr<CgroupAttributor> cgroup_;
  MethodCounts methods_;
};

}  // namespace audisp_contid

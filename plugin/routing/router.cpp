// SPDX-License-Identifier: GPL-2.0-or-later
#include "routing/router.h"

#include <algorithm>

namespace audisp_contid {

namespace {

std::size_t index_of(AttributionMode mode) {
  return static_cast<std::size_t>(mode);
}

}  // namespace

Router::Router(bool kernel_container_ids)
    : raw_formatter_(contid::make_event_formatter(contid::OutputFormat::kRaw)),
      json_formatter_(contid::make_event_formatter(contid::OutputFormat::kJson)),
      kernel_container_ids_(kernel_container_ids) {}

Router::~Router() {
  close_all();
}

std::string Router::apply(const PluginConfig& config) {
  global_mode_ = config.attribution;
  if (!cgroup_) cgroup_ = std::make_unique<CgroupAttributor>(config.proc_root);
  std::map<std::string, ActiveRoute> next;
  std::size_t kept = 0;
  std::size_t started = 0;
  for (const auto& route : config.routes) {
    auto old = routes_.find(route.name);
    if (old != routes_.end() && old->second.worker->config().same_settings(route)) {
      next[route.name] = std::move(old->second);
      routes_.erase(old);
      ++kept;
      continue;
    }
    std::shared_ptr<RouteWorker> predecessor;
    if (old != routes_.end()) {
      predecessor = std::move(old->second.worker);
      predecessor->close();
      routes_.erase(old);
    } else {
      // Removed by an earlier reload and maybe still draining: it must
      // release its files/socket/spill file first (and it is no longer reaped here).
      auto retired = std::find_if(retiring_.rbegin(), retiring_.rend(),
                                  [&](const auto& w) { return w->config().name == route.name; });
      if (retired != retiring_.rend()) {
        predecessor = std::move(*retired);
        retiring_.erase(std::next(retired).base());
      }
    }
    ActiveRoute active;
    active.filter = std::make_unique<RouteFilter>(route);
    active.worker =
        std::make_shared<RouteWorker>(route, std::move(predecessor), config.shutdown_timeout);
    next[route.name] = std::move(active);
    ++started;
  }
  const std::size_t stopped = routes_.size();
  for (auto& [name, active] : routes_) {
    active.worker->close();
    retiring_.push_back(std::move(active.worker));
  }
  routes_ = std::move(next);
  return std::to_string(routes_.size()) + " routes: kept " + std::to_string(kept) + ", started " +
         std::to_string(started) + ", stopped " + std::to_string(stopped);
}

const contid::AttributionOrigin& Router::origin(const contid::Event& event,
                                                const contid::Attribution& attribution,
                                                AttributionMode mode) {
  auto& slot = origins_[index_of(mode)];
  if (slot) return *slot;
  const bool by_records =
      mode == AttributionMode::kKernel ||
      (mode == AttributionMode::kKernelThenCgroup && attribution.has_container());
  if (!by_records) {
    slot = cgroup_->attribute(event);
    return *slot;
  }
  contid::AttributionOrigin kernel;
  const bool by_kernel = attribution.has_container() || kernel_container_ids_;
  kernel.method = by_kernel ? contid::AttributionMethod::kKernel : contid::AttributionMethod::kNone;
  if (!attribution.has_container())
    kernel.note = by_kernel ? "host" : "this kernel has no audit container ids";
  slot = std::move(kernel);
  return *slot;
}

std::shared_ptr<const std::string> Router::formatted(const contid::Event& event,
                                                     const contid::Attribution& attribution,
                                                     RouteFormat format, AttributionMode mode) {
  auto& cache = format == RouteFormat::kJson ? json_text_[index_of(mode)] : raw_text_;
  if (!cache) {
    auto text = std::make_shared<std::string>();
    if (format == RouteFormat::kJson) {
      contid::Attribution labelled = attribution;
      labelled.origin = origin(event, attribution, mode);
      json_formatter_->format(event, labelled, text.get());
    } else {
      raw_formatter_->format(event, attribution, text.get());
    }
    if (text->empty() || text->back() != '\n') *text += '\n';
    cache = std::move(text);
  }
  return cache;
}

void Router::route(const contid::Event& event, const contid::Attribution& attribution) {
  raw_text_.reset();
  for (auto& text : json_text_) text.reset();
  for (auto& slot : origins_) slot.reset();
  switch (origin(event, attribution, global_mode_).method) {
    case contid::AttributionMethod::kKernel:
      ++methods_.kernel;
      break;
    case contid::AttributionMethod::kCgroup:
      ++methods_.cgroup;
      break;
    case contid::AttributionMethod::kCgroupViaParent:
      ++methods_.cgroup_via_parent;
      break;
    case contid::AttributionMethod::kNone:
      ++methods_.none;
      break;
  }
  bool routed = false;
  for (auto& [name, active] : routes_) {
    const RouteConfig& config = active.worker->config();
    const contid::AttributionOrigin& by = origin(event, attribution, config.attribution);
    auto ids = active.filter->select(event, attribution, by);
    if (!ids) continue;
    routed = true;
    QueuedEvent item;
    item.text = formatted(event, attribution, config.format, config.attribution);
    item.name = container_name_component(container_name(attribution, by));
    item.ids = std::move(*ids);
    item.sequence = event.sequence();
    active.worker->push(std::move(item));
  }
  ++(routed ? events_routed_ : events_unrouted_);
}

void Router::publish() {
  for (auto& [name, active] : routes_) active.worker->publish();
}

void Router::hangup() {
  for (auto& [name, active] : routes_) active.worker->hangup();
}

void Router::close_all() {
  for (auto& [name, active] : routes_) active.worker->close();
  for (auto& worker : retiring_) worker->close();
  for (auto& [name, active] : routes_) active.worker->join();
  for (auto& worker : retiring_) {
    worker->join();
    add_totals(*worker);
  }
  retiring_.clear();
}

void Router::reap() {
  std::erase_if(retiring_, [this](const std::shared_ptr<RouteWorker>& worker) {
    if (!worker->finished()) return false;
    worker->join();
    add_totals(*worker);
    return true;
  });
}

void Router::add_totals(const RouteWorker& worker) {
  retired_totals_[worker.config().name].add(worker.totals());
}

std::string Router::summary() const {
  std::map<std::string, RouteTotals> all = retired_totals_;
  for (const auto& [name, active] : routes_) all[name].add(active.worker->totals());
  std::string out;
  for (const auto& [name, t] : all) {
    out += "route " + name + ": in=" + std::to_string(t.in) +
           " delivered=" + std::to_string(t.delivered) +
           " dropped_oldest=" + std::to_string(t.dropped_oldest) +
           " spill_failed=" + std::to_string(t.spill_failed) + " lost=" + std::to_string(t.lost) +
           " spilled=" + std::to_string(t.spilled) + " replayed=" + std::to_string(t.replayed) +
           " saved_at_exit=" + std::to_string(t.saved_at_exit) +
           " left_in_spill=" + std::to_string(t.spill_kept) +
           " sink_errors=" + std::to_string(t.sink_errors) + "\n";
  }
  return out;
}

std::string Router::attribution_report() const {
  std::string out = "attribution = ";
  out += to_string(global_mode_);
  out += " kernel=" + std::to_string(methods_.kernel) +
         " cgroup=" + std::to_string(methods_.cgroup) +
         " cgroup_via_parent=" + std::to_string(methods_.cgroup_via_parent) +
         " none=" + std::to_string(methods_.none);
  if (cgroup_) {
    out += ' ';
    out += cgroup_->report();
  }
  return out;
}

std::string Router::report() const {
  std::string out;
  // Appended piecewise, not "literal" + string&&: GCC 12 bug 105329 (-Wrestrict).
  for (const auto& [name, active] : routes_) {
    out += '\n';
    out += active.worker->report();
  }
  for (const auto& worker : retiring_) {
    out += "\n(retiring)\n";
    out += worker->report();
  }
  return out;
}

}  // namespace audisp_contid

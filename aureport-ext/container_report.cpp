// SPDX-License-Identifier: GPL-2.0-or-later
// Per-container accumulation and output (see container_report.h).
#include "container_report.h"

#include <algorithm>
#include <unordered_map>

#include "container_charts.h"
#include "container_row.h"
#include "contid/container_ledger.h"

namespace aureport_ext {
namespace {

std::string join_ids(const std::vector<contid::ContainerId>& ids) {
  if (ids.empty()) return "-";
  std::string out;
  for (contid::ContainerId id : ids) {
    if (!out.empty()) out += ',';
    out += contid::format_container_id(id);
  }
  return out;
}

std::string seen_text(const Instant& t) {
  return format_date(t.seconds) + " " + format_time(t.seconds);
}

std::string epoch_text(const Instant& t) {
  char ms[8];
  std::snprintf(ms, sizeof ms, ".%03u", t.milliseconds % 1000);
  return std::to_string(t.seconds) + ms;
}

constexpr std::size_t kChartSeries = 8;  // busiest containers drawn in the charts

}  // namespace

struct ContainerReport::State {
  ContainerReportOptions options;
  // Lifecycle columns and parents (with --contid-exact, innermost ids only).
  contid::ContainerLedger ledger;
  std::unordered_map<contid::ContainerId, ContainerRow> rows;
  ContainerRow host, total;
  bool any_log_time = false;
  Instant log_first, log_last;

  bool shown(contid::ContainerId id, const contid::ContainerEntry& entry) const {
    const contid::ContidSelector& sel = options.selector;
    if (sel.ids.empty()) return true;
    auto selected = [&](contid::ContainerId x) {
      return std::find(sel.ids.begin(), sel.ids.end(), x) != sel.ids.end();
    };
    if (selected(id)) return true;
    if (sel.exact) return false;
    return std::any_of(entry.parents.begin(), entry.parents.end(), selected);
  }
};

ContainerReport::ContainerReport(ContainerReportOptions options)
    : state_(std::make_unique<State>()) {
  state_->ledger = contid::ContainerLedger({.innermost_only = options.selector.exact});
  state_->options = std::move(options);
}

ContainerReport::~ContainerReport() = default;

void ContainerReport::note_log_time(std::int64_t seconds, std::uint32_t milliseconds) {
  Instant t{seconds, milliseconds};
  if (!state_->any_log_time || t < state_->log_first) state_->log_first = t;
  if (!state_->any_log_time || state_->log_last < t) state_->log_last = t;
  state_->any_log_time = true;
}

void ContainerReport::add(const contid::Event& event, const EventFacts& facts,
                          const contid::Attribution& attribution) {
  const bool charts = state_->options.charts;
  state_->total.add(facts, charts);
  if (!attribution.has_container()) {  // what --contid unset selects
    state_->host.add(facts, charts);
    return;
  }
  // The ledger counts the event for the ids `--contid any` (exact or not)
  // attributes it to, so every row equals ausearch-ext's --contid ID.
  for (contid::ContainerId id : state_->ledger.observe(event, attribution)) {
    ContainerRow& row = state_->rows[id];
    row.add_measures(facts, charts);
    row.take_ledger_columns(*state_->ledger.find(id));
  }
  state_->total.failed_registrations = state_->ledger.failed_registrations();
}

void ContainerReport::write(ReportSink* sink) const {
  const State& s = *state_;
  // Which rows, in report order: events descending, then id ascending.
  struct Shown {
    contid::ContainerId id;
    const ContainerRow* row;
    const contid::ContainerEntry* entry;
  };
  std::vector<Shown> order;
  for (const auto& [id, entry] : s.ledger.containers()) {
    if (s.shown(id, entry)) order.push_back({id, &s.rows.at(id), &entry});
  }
  std::sort(order.begin(), order.end(), [](const Shown& a, const Shown& b) {
    return a.entry->events != b.entry->events ? a.entry->events > b.entry->events : a.id < b.id;
  });

  // Summary lines, as aureport's Summary Report starts.
  TableSpec summary;
  summary.name = "summary";
  summary.title = s.options.title_prefix + "Container Summary Report";
  summary.columns = {"item", "value"};
  summary.style = TableStyle::kLines;
  summary.rule_width = 22;
  sink->begin_table(summary);
  auto range = [&](const Instant& a, const Instant& b) {
    return format_timestamp_ms(a.seconds, a.milliseconds) + " - " +
           format_timestamp_ms(b.seconds, b.milliseconds);
  };
  if (s.any_log_time) {
    sink->add_row({"Range of time in logs", range(s.log_first, s.log_last)});
    Instant from = s.options.selected_start ? Instant{*s.options.selected_start, 0} : s.log_first;
    Instant to = s.options.selected_end ? Instant{*s.options.selected_end, 0} : s.log_last;
    sink->add_row({"Selected time for report", range(from, to)});
  }
  sink->add_row({"Number of containers", std::to_string(order.size())});
  sink->add_row({"Number of container events", std::to_string(s.total.events - s.host.events)});
  sink->add_row({"Number of host events", std::to_string(s.host.events)});
  sink->add_row({"Number of events", std::to_string(s.total.events)});
  sink->end_table();

  TableSpec table;
  table.name = "containers";
  table.title = s.options.title_prefix + "Container Report";
  table.columns = {"contid",
                   "parents",
                   "first-seen",
                   "last-seen",
                   "events",
                   "failed-syscalls",
                   "execs",
                   "exes",
                   "auids",
                   "uids",
                   "files-written",
                   "connects",
                   "avc-denials",
                   "failed-registrations",
                   "first-seen-epoch",
                   "last-seen-epoch"};
  table.numeric = {false, false, false, false, true, true, true,  true,
                   true,  true,  true,  true,  true, true, false, false};
  table.text_hidden.assign(table.columns.size(), false);
  table.text_hidden[14] = table.text_hidden[15] = true;
  sink->begin_table(table);
  auto cells = [&](const std::string& id, const std::string& parents, const ContainerRow& r) {
    bool seen = r.events > 0;
    return std::vector<std::string>{id,
                                    parents,
                                    seen ? seen_text(r.first) : "?",
                                    seen ? seen_text(r.last) : "?",
                                    std::to_string(r.events),
                                    std::to_string(r.failed_syscalls),
                                    std::to_string(r.execs),
                                    std::to_string(r.exes.size()),
                                    std::to_string(r.auids.size()),
                                    std::to_string(r.uids.size()),
                                    std::to_string(r.files_written.size()),
                                    std::to_string(r.connects),
                                    std::to_string(r.avc_denials),
                                    std::to_string(r.failed_registrations),
                                    seen ? epoch_text(r.first) : "",
                                    seen ? epoch_text(r.last) : ""};
  };
  for (const Shown& c : order) {
    sink->add_row(cells(contid::format_container_id(c.id), join_ids(c.entry->parents), *c.row));
  }
  if (s.options.selector.empty() || s.options.selector.unset) {  // host events selected
    sink->add_row(cells("host", "-", s.host));
  }
  sink->add_row(cells("total", "-", s.total));
  sink->end_table();

  if (!s.options.charts || s.total.events == 0) return;

  // The busiest containers, then the host.
  std::vector<ChartedRow> charted;
  for (std::size_t i = 0; i < order.size() && i < kChartSeries; ++i)
    charted.emplace_back(contid::format_container_id(order[i].id), order[i].row);
  if (s.host.events) charted.emplace_back("host", &s.host);
  add_container_charts(charted, s.total, sink);
}

}  // namespace aureport_ext

// Per-container accumulation and output (see container_report.h).
#include "container_report.h"

#include "time_histogram.h"

#include <algorithm>
#include <map>
#include <set>
#include <unordered_map>
#include <unordered_set>

namespace aureport_ext {
namespace {

struct Instant {
  std::int64_t seconds = 0;
  std::uint32_t milliseconds = 0;
  bool operator<(const Instant& o) const {
    return seconds != o.seconds ? seconds < o.seconds : milliseconds < o.milliseconds;
  }
};

struct Row {
  std::vector<contid::ContainerId> parents;  // nearest first
  Instant first, last;
  std::uint64_t events = 0, failed_syscalls = 0, execs = 0, connects = 0;
  std::uint64_t avc_denials = 0, failed_registrations = 0;
  std::unordered_map<std::string, std::uint64_t> exes;  // exe -> events
  std::unordered_set<int> auids, uids;
  std::unordered_set<std::string> files_written;
  TimeHistogram over_time;  // only with charts

  void add(const EventFacts& f, bool charts) {
    Instant t{f.seconds, f.milliseconds};
    if (events == 0 || t < first) first = t;
    if (events == 0 || last < t) last = t;
    ++events;
    if (f.failed_syscall) ++failed_syscalls;
    if (f.exec) ++execs;
    if (f.connect) ++connects;
    if (f.avc_denied) ++avc_denials;
    if (f.exe) ++exes[*f.exe];
    if (f.auid) auids.insert(*f.auid);
    if (f.uid) uids.insert(*f.uid);
    for (std::string& file : f.written_files()) files_written.insert(std::move(file));
    if (charts) over_time.add(f.seconds * 1000 + f.milliseconds);
  }
};

std::string join_ids(const std::vector<contid::ContainerId>& ids) {
  if (ids.empty()) return "-";
  std::string out;
  for (contid::ContainerId id : ids) {
    if (!out.empty()) out += ',';
    out += contid::format_container_id(id);
  }
  return out;
}

std::string seen_text(const Instant& t) { return format_date(t.seconds) + " " + format_time(t.seconds); }

std::string epoch_text(const Instant& t) {
  char ms[8];
  std::snprintf(ms, sizeof ms, ".%03u", t.milliseconds % 1000);
  return std::to_string(t.seconds) + ms;
}

constexpr std::size_t kChartSeries = 8;   // containers drawn in the time chart
constexpr std::size_t kChartBuckets = 48;
constexpr std::size_t kTopExes = 5;

}  // namespace

struct ContainerReport::State {
  ContainerReportOptions options;
  std::unordered_map<contid::ContainerId, Row> rows;
  Row host, total;
  bool any_log_time = false;
  Instant log_first, log_last;

  void learn_parents(const contid::ContainerChain& chain) {
    for (std::size_t i = 0; i < chain.ids.size(); ++i) {
      auto it = rows.find(chain.ids[i]);
      if (it == rows.end()) continue;
      it->second.parents.assign(chain.ids.begin() + static_cast<std::ptrdiff_t>(i) + 1,
                                chain.ids.end());
    }
  }

  bool shown(contid::ContainerId id, const Row& row) const {
    const contid::ContidSelector& sel = options.selector;
    if (sel.ids.empty()) return true;
    auto selected = [&](contid::ContainerId x) {
      return std::find(sel.ids.begin(), sel.ids.end(), x) != sel.ids.end();
    };
    if (selected(id)) return true;
    if (sel.exact) return false;
    return std::any_of(row.parents.begin(), row.parents.end(), selected);
  }
};

ContainerReport::ContainerReport(ContainerReportOptions options)
    : state_(std::make_unique<State>()) {
  state_->options = std::move(options);
}

ContainerReport::~ContainerReport() = default;

void ContainerReport::note_log_time(std::int64_t seconds, std::uint32_t milliseconds) {
  Instant t{seconds, milliseconds};
  if (!state_->any_log_time || t < state_->log_first) state_->log_first = t;
  if (!state_->any_log_time || state_->log_last < t) state_->log_last = t;
  state_->any_log_time = true;
}

void ContainerReport::add(const EventFacts& facts, const contid::Attribution& attribution) {
  const bool charts = state_->options.charts;
  state_->total.add(facts, charts);
  if (!attribution.has_container()) {  // what --contid unset selects
    state_->host.add(facts, charts);
    return;
  }
  // The ids an event counts for are the ids `--contid any` (exact or not)
  // attributes it to, so every row equals ausearch-ext's --contid ID.
  contid::ContidSelector every;
  every.any = true;
  every.exact = state_->options.selector.exact;
  std::vector<contid::ContainerId> ids = every.matching_ids(attribution);
  std::sort(ids.begin(), ids.end());
  ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
  ids.erase(std::remove(ids.begin(), ids.end(), contid::kUnsetContainerId), ids.end());
  for (contid::ContainerId id : ids) state_->rows[id].add(facts, charts);
  for (contid::ContainerId id : facts.failed_registrations) {
    auto it = state_->rows.find(id);
    if (it != state_->rows.end()) ++it->second.failed_registrations;
  }
  if (!facts.failed_registrations.empty()) {
    state_->total.failed_registrations += facts.failed_registrations.size();
  }
  // Parent chains: registrations first (old-contid is the parent chain),
  // then the chains events carry, which are authoritative.
  for (const contid::ContainerOperation& op : attribution.operations) {
    auto it = state_->rows.find(op.contid);
    if (it != state_->rows.end() && !op.old_contid.empty()) {
      it->second.parents = op.old_contid.front().ids;
    }
  }
  if (attribution.subject) state_->learn_parents(*attribution.subject);
  for (const contid::TargetContainer& target : attribution.targets) {
    state_->learn_parents(target.chain);
  }
  for (const contid::ContainerChain& chain : attribution.netns) state_->learn_parents(chain);
}

std::uint64_t ContainerReport::containers() const {
  std::uint64_t n = 0;
  for (const auto& [id, row] : state_->rows) n += state_->shown(id, row) ? 1 : 0;
  return n;
}

void ContainerReport::write(ReportSink* sink) const {
  const State& s = *state_;
  // Which rows, in report order: events descending, then id ascending.
  std::vector<std::pair<contid::ContainerId, const Row*>> order;
  for (const auto& [id, row] : s.rows) {
    if (s.shown(id, row)) order.emplace_back(id, &row);
  }
  std::sort(order.begin(), order.end(), [](const auto& a, const auto& b) {
    return a.second->events != b.second->events ? a.second->events > b.second->events
                                                : a.first < b.first;
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
  table.columns = {"contid", "parents", "first-seen", "last-seen", "events", "failed-syscalls",
                   "execs", "exes", "auids", "uids", "files-written", "connects", "avc-denials",
                   "failed-registrations", "first-seen-epoch", "last-seen-epoch"};
  table.numeric = {false, false, false, false, true, true, true, true,
                   true,  true,  true,  true,  true, true, false, false};
  table.text_hidden.assign(table.columns.size(), false);
  table.text_hidden[14] = table.text_hidden[15] = true;
  sink->begin_table(table);
  auto cells = [&](const std::string& id, const std::string& parents, const Row& r) {
    bool seen = r.events > 0;
    return std::vector<std::string>{
        id, parents, seen ? seen_text(r.first) : "?", seen ? seen_text(r.last) : "?",
        std::to_string(r.events), std::to_string(r.failed_syscalls), std::to_string(r.execs),
        std::to_string(r.exes.size()), std::to_string(r.auids.size()),
        std::to_string(r.uids.size()), std::to_string(r.files_written.size()),
        std::to_string(r.connects), std::to_string(r.avc_denials),
        std::to_string(r.failed_registrations), seen ? epoch_text(r.first) : "",
        seen ? epoch_text(r.last) : ""};
  };
  for (const auto& [id, row] : order) {
    sink->add_row(cells(contid::format_container_id(id), join_ids(row->parents), *row));
  }
  if (s.options.selector.empty() || s.options.selector.unset) {  // host events selected
    sink->add_row(cells("host", "-", s.host));
  }
  sink->add_row(cells("total", "-", s.total));
  sink->end_table();

  if (!s.options.charts || s.total.events == 0) return;

  // Events over time: the busiest containers plus the host.
  TimeSeriesChart timeline;
  timeline.title = "Events over time per container";
  std::vector<const Row*> drawn;
  for (std::size_t i = 0; i < order.size() && i < kChartSeries; ++i) drawn.push_back(order[i].second);
  if (s.host.events) drawn.push_back(&s.host);
  // A power-of-two bucket width (ms) no narrower than any row's bins and
  // giving at most kChartBuckets buckets over the span of the report.
  const std::int64_t start_ms = s.total.first.seconds * 1000 + s.total.first.milliseconds;
  const std::int64_t end_ms = s.total.last.seconds * 1000 + s.total.last.milliseconds;
  std::int64_t width = 1;
  for (const Row* r : drawn) width = std::max(width, r->over_time.width_ms());
  auto first_bucket = [&] { return TimeHistogram::floor_div(start_ms, width); };
  while (TimeHistogram::floor_div(end_ms, width) - first_bucket() + 1 >
         static_cast<std::int64_t>(kChartBuckets)) {
    width *= 2;
  }
  const std::int64_t first = first_bucket();
  const std::size_t buckets =
      static_cast<std::size_t>(TimeHistogram::floor_div(end_ms, width) - first + 1);
  timeline.start_ms = first * width;
  timeline.bucket_ms = width;
  auto series = [&](const Row& r) {
    std::vector<std::uint64_t> counts(buckets, 0);
    r.over_time.for_each([&](std::int64_t bin_start, std::uint64_t n) {
      counts[static_cast<std::size_t>(TimeHistogram::floor_div(bin_start, width) - first)] += n;
    });
    return counts;
  };
  for (std::size_t i = 0; i < order.size() && i < kChartSeries; ++i) {
    timeline.series.emplace_back(contid::format_container_id(order[i].first),
                                 series(*order[i].second));
  }
  if (s.host.events) timeline.series.emplace_back("host", series(s.host));
  sink->add_chart(timeline);

  BarChart top_exes;
  top_exes.title = "Top executables per container";
  auto top = [&](const Row& r) {
    std::vector<std::pair<std::string, std::uint64_t>> exes(r.exes.begin(), r.exes.end());
    std::sort(exes.begin(), exes.end(), [](const auto& a, const auto& b) {
      return a.second != b.second ? a.second > b.second : a.first < b.first;
    });
    if (exes.size() > kTopExes) exes.resize(kTopExes);
    return exes;
  };
  for (std::size_t i = 0; i < order.size() && i < kChartSeries; ++i) {
    top_exes.groups.emplace_back(contid::format_container_id(order[i].first), top(*order[i].second));
  }
  if (s.host.events) top_exes.groups.emplace_back("host", top(s.host));
  sink->add_chart(top_exes);

  BarChart failures;
  failures.title = "Failures per container";
  auto failure_bars = [](const Row& r) {
    return std::vector<std::pair<std::string, std::uint64_t>>{
        {"failed syscalls", r.failed_syscalls},
        {"AVC denials", r.avc_denials},
        {"failed registrations", r.failed_registrations}};
  };
  for (std::size_t i = 0; i < order.size() && i < kChartSeries; ++i) {
    failures.groups.emplace_back(contid::format_container_id(order[i].first),
                                 failure_bars(*order[i].second));
  }
  if (s.host.events) failures.groups.emplace_back("host", failure_bars(s.host));
  sink->add_chart(failures);
}

}  // namespace aureport_ext

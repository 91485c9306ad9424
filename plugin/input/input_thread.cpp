// SPDX-License-Identifier: GPL-2.0-or-later
#include "input/input_thread.h"

#include <fcntl.h>
#include <poll.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <ctime>
#include <utility>

#include "contid/attribution.h"
#include "input/event_fd.h"
#include "plugin_log.h"
#include "state_report.h"

namespace audisp_contid {
namespace {

constexpr std::size_t kReadSize = 1024 * 1024;
constexpr int kPipeSize = 1024 * 1024;
constexpr int kIdleMs = 1000;
constexpr std::uint64_t kLoggedDiagnostics = 20;
// On SIGTERM, what is already readable is still taken, up to this much.
constexpr std::size_t kStopDrainLimit = 64 * 1024 * 1024;

void wake(int fd) {
  const std::uint64_t one = 1;
  [[maybe_unused]] const ssize_t n = write(fd, &one, sizeof one);
}

contid::ReaderOptions reader_options(const PluginConfig& config) {
  contid::ReaderOptions options;
  options.eoe_timeout_seconds = config.eoe_timeout;
  options.numbers = config.record_numbers;
  return options;
}

}  // namespace

InputThread::InputThread(PluginConfig config, int input_fd)
    : config_(std::move(config)),
      input_fd_(input_fd),
      wake_fd_(make_event_fd("waking the input thread")),
      done_fd_(make_event_fd("the end of input")),
      readers_(
          reader_options(config_), config_.record_numbers_text,
          [this](contid::Event&& event) { on_event(std::move(event)); }, &diagnostics_),
      splitter_("stdin", &diagnostics_,
                [this](std::string_view text, const contid::SourceLocation& where) {
                  line(text, where);
                }),
      router_(std::make_unique<Router>(kernel_.supported())) {}

InputThread::~InputThread() {
  join();
}

void InputThread::start() {
  log_info(router_->apply(config_));
  thread_ = std::thread([this] { run(); });
}

void InputThread::join() {
  if (thread_.joinable()) thread_.join();
}

void InputThread::request_reload(std::unique_ptr<PluginConfig> config) {
  std::lock_guard lock(request_mutex_);
  pending_config_ = std::move(config);
  wake(wake_fd_.get());
}

void InputThread::note_failed_reload() {
  ++failed_reloads_;
}

void InputThread::request_state_report() {
  std::lock_guard lock(request_mutex_);
  state_requested_ = true;
  wake(wake_fd_.get());
}

void InputThread::request_hangup() {
  std::lock_guard lock(request_mutex_);
  hangup_requested_ = true;
  wake(wake_fd_.get());
}

void InputThread::request_stop() {
  std::lock_guard lock(request_mutex_);
  stop_requested_ = true;
  wake(wake_fd_.get());
}

void InputThread::on_event(contid::Event&& event) {
  ++events_;
  const contid::Attribution attribution = contid::attribute(event);
  for (const auto& problem : attribution.problems) {
    diagnostics_.report(event.where(), "container-record", problem);
  }
  containers_.observe(event, attribution);
  router_->route(event, attribution);
}

void InputThread::line(std::string_view text, const contid::SourceLocation& where) {
  readers_.reader().add_line(text, where);
  if (readers_.pending()) maybe_swap_reader();
}

void InputThread::maybe_swap_reader() {
  if (!readers_.maybe_swap()) return;
  log_info("record_numbers = " + readers_.numbers_text() +
           ", eoe_timeout = " + seconds_text(readers_.options().eoe_timeout_seconds) +
           " in effect from input line " + std::to_string(splitter_.lines() + 1));
}

void InputThread::apply_reload(PluginConfig config) {
  log_info("reloaded " + config.source_file + ": " + router_->apply(config));
  if (readers_.request(config.record_numbers, config.record_numbers_text, config.eoe_timeout)) {
    const std::size_t open = readers_.open_events();
    if (open > 0) {
      log_info("reload: record_numbers = " + config.record_numbers_text +
               ", eoe_timeout = " + seconds_text(config.eoe_timeout) + " wait for " +
               std::to_string(open) + " open event" + (open == 1 ? "" : "s") + " to complete");
    }
    maybe_swap_reader();
  }
  config_ = std::move(config);
  ++reloads_;
}

void InputThread::handle_requests() {
  std::uint64_t value = 0;
  [[maybe_unused]] const ssize_t n = read(wake_fd_.get(), &value, sizeof value);
  std::unique_ptr<PluginConfig> config;
  bool state = false;
  bool hangup = false;
  {
    std::lock_guard lock(request_mutex_);
    config = std::move(pending_config_);
    state = std::exchange(state_requested_, false);
    hangup = std::exchange(hangup_requested_, false);
  }
  if (config) apply_reload(std::move(*config));
  if (hangup) router_->hangup();
  if (state) write_state_report();
}

InputSnapshot InputThread::snapshot() {
  InputSnapshot input;
  input.config_file = config_.source_file;
  input.record_numbers = readers_.numbers_text();
  input.eoe_timeout_seconds = readers_.options().eoe_timeout_seconds;
  input.kernel_container_ids =
      kernel_.supported() ? "yes" : "no: " + contid::describe_missing_support(kernel_);
  input.lines = readers_.lines();
  input.records = readers_.records();
  input.events = events_;
  input.events_routed = router_->events_routed();
  input.events_unrouted = router_->events_unrouted();
  input.open_events = readers_.open_events();
  input.input_problems = diagnostics_.total();
  input.reloads = reloads_;
  input.reloads_failed = failed_reloads_.load();
  input.containers_known = containers_.containers().size();
  input.failed_registrations = containers_.failed_registrations();
  input.attribution = router_->attribution_report();
  return input;
}

void InputThread::write_state_report() {
  StateReportParts parts;
  parts.totals = input_state_lines(snapshot());
  parts.routes = router_->report();
  parts.containers = container_state_lines(containers_);
  if (diagnostics_.total() > 0) parts.diagnostics = diagnostics_.summary("audisp-contid");
  std::string error;
  if (!write_state_file(config_.state_file, format_state_report(parts), &error)) {
    log_error(error);
  }
}

void InputThread::log_new_diagnostics() {
  if (diagnostics_.total() <= diagnostics_logged_ || diagnostics_logged_ >= kLoggedDiagnostics) {
    return;
  }
  const auto& kept = diagnostics_.kept();
  for (std::size_t i = diagnostics_logged_; i < kept.size() && i < kLoggedDiagnostics; ++i) {
    log_error(kept[i].where.to_string() + ": " + kept[i].category + ": " + kept[i].message);
  }
  diagnostics_logged_ = std::min<std::uint64_t>(diagnostics_.total(), kLoggedDiagnostics);
}

void InputThread::run() {
  // A bigger stdin pipe gives auditd more room before its write would
  // block (it never waits on us, but a burst can outrun one read).
  [[maybe_unused]] const int resized = fcntl(input_fd_, F_SETPIPE_SZ, kPipeSize);
  std::string buffer(kReadSize, '\0');
  bool stopping = false;
  std::size_t drained_after_stop = 0;
  for (;;) {
    pollfd fds[2] = {{input_fd_, POLLIN, 0}, {wake_fd_.get(), POLLIN, 0}};
    const int ready = poll(fds, 2, stopping ? 0 : kIdleMs);
    if (ready < 0 && errno != EINTR) break;
    if (ready == 0) {
      if (stopping) break;  // everything readable at SIGTERM was taken
      // Input went quiet: complete events by wall clock, as auparse's
      // feed_age_events; reap routes removed by a reload.
      readers_.reader().age(static_cast<std::int64_t>(std::time(nullptr)));
      maybe_swap_reader();
      router_->publish();
      router_->reap();
      continue;
    }
    if (fds[1].revents & POLLIN) {
      handle_requests();
      std::lock_guard lock(request_mutex_);
      stopping = stopping || stop_requested_;
    }
    if (fds[0].revents & (POLLIN | POLLHUP | POLLERR)) {
      const ssize_t n = read(input_fd_, buffer.data(), buffer.size());
      if (n < 0 && (errno == EINTR || errno == EAGAIN)) continue;
      if (n <= 0) break;  // EOF (auditd closed our stdin) or a read error
      splitter_.feed(std::string_view(buffer.data(), static_cast<std::size_t>(n)));
      router_->publish();
      if (stopping) {
        drained_after_stop += static_cast<std::size_t>(n);
        if (drained_after_stop > kStopDrainLimit) break;
      }
    } else if (stopping) {
      break;
    }
    log_new_diagnostics();
  }
  splitter_.finish();  // a last line without '\n' is still used, and reported
  readers_.reader().finish();
  router_->publish();
  router_->close_all();
  const InputSnapshot input = snapshot();
  summary_ = input_summary_line(input) + router_->summary();
  if (diagnostics_.total() > 0) summary_ += diagnostics_.summary("audisp-contid");
  wake(done_fd_.get());
}

}  // namespace audisp_contid

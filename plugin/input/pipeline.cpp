#include "input/pipeline.h"

#include "input/event_fd.h"

#include <fcntl.h>
#include <poll.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <utility>

#include "contid/attribution.h"
#include "contid/log_input.h"
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

std::string seconds_text(double seconds) {
  char text[32];
  std::snprintf(text, sizeof text, "%g", seconds);
  return text;
}

void wake(int fd) {
  const std::uint64_t one = 1;
  [[maybe_unused]] const ssize_t n = write(fd, &one, sizeof one);
}

}  // namespace

Pipeline::Pipeline(PluginConfig config, int input_fd)
    : config_(std::move(config)), input_fd_(input_fd) {
  wake_fd_ = make_event_fd("waking the pipeline");
  done_fd_ = make_event_fd("the end of input");
  options_.eoe_timeout_seconds = config_.eoe_timeout;
  options_.numbers = config_.record_numbers;
  numbers_text_ = config_.record_numbers_text;
  reader_ = make_reader(options_);
  router_ = std::make_unique<Router>();
}

std::unique_ptr<contid::EventReader> Pipeline::make_reader(const contid::ReaderOptions& options) {
  return std::make_unique<contid::EventReader>(
      options, [this](contid::Event&& event) { on_event(std::move(event)); }, &diagnostics_);
}

void Pipeline::maybe_replace_reader() {
  if (!pending_options_ || reader_->open_events() != 0) return;
  // Every record read so far is in an event already routed: the next one
  // starts under the new settings.
  lines_before_ += reader_->lines();
  records_before_ += reader_->records();
  options_ = *pending_options_;
  numbers_text_ = pending_numbers_text_;
  pending_options_.reset();
  reader_ = make_reader(options_);
  log_info("record_numbers = " + numbers_text_ + ", eoe_timeout = " +
           seconds_text(options_.eoe_timeout_seconds) + " in effect from input line " +
           std::to_string(line_number_ + 1));
}

Pipeline::~Pipeline() {
  join();
  close(wake_fd_);
  close(done_fd_);
}

void Pipeline::start() {
  log_info(router_->apply(config_));
  thread_ = std::thread([this] { run(); });
}

void Pipeline::join() {
  if (thread_.joinable()) thread_.join();
}

void Pipeline::request_reload(std::unique_ptr<PluginConfig> config) {
  std::lock_guard lock(request_mutex_);
  pending_config_ = std::move(config);
  wake(wake_fd_);
}

void Pipeline::note_failed_reload() { ++failed_reloads_; }

void Pipeline::request_state_report() {
  std::lock_guard lock(request_mutex_);
  state_requested_ = true;
  wake(wake_fd_);
}

void Pipeline::request_hangup() {
  std::lock_guard lock(request_mutex_);
  hangup_requested_ = true;
  wake(wake_fd_);
}

void Pipeline::request_stop() {
  std::lock_guard lock(request_mutex_);
  stop_requested_ = true;
  wake(wake_fd_);
}

void Pipeline::on_event(contid::Event&& event) {
  ++totals_.events;
  const contid::Attribution attribution = contid::attribute(event);
  for (const auto& problem : attribution.problems) {
    diagnostics_.report(event.where(), "container-record", problem);
  }
  registry_.observe(event, attribution);
  router_->route(event, attribution);
}

void Pipeline::line(std::string_view text) {
  ++line_number_;
  reader_->add_line(text, contid::SourceLocation{"stdin", line_number_});
  if (pending_options_) maybe_replace_reader();
}

void Pipeline::feed(const char* data, std::size_t size) {
  std::string_view rest(data, size);
  while (!rest.empty()) {
    const auto newline = rest.find('\n');
    if (newline == std::string_view::npos) {
      if (skipping_long_line_) return;
      partial_.append(rest);
      if (partial_.size() > contid::kMaxLineLength) {
        ++line_number_;
        diagnostics_.report(contid::SourceLocation{"stdin", line_number_}, "line-too-long",
                            "line longer than " + std::to_string(contid::kMaxLineLength) +
                                " bytes skipped");
        partial_.clear();
        skipping_long_line_ = true;
      }
      return;
    }
    const std::string_view piece = rest.substr(0, newline);
    rest.remove_prefix(newline + 1);
    if (skipping_long_line_) {
      skipping_long_line_ = false;
      continue;
    }
    if (partial_.empty()) {
      line(piece);
    } else {
      partial_.append(piece);
      if (partial_.size() > contid::kMaxLineLength) {
        ++line_number_;
        diagnostics_.report(contid::SourceLocation{"stdin", line_number_}, "line-too-long",
                            "line longer than " + std::to_string(contid::kMaxLineLength) +
                                " bytes skipped");
      } else {
        line(partial_);
      }
      partial_.clear();
    }
  }
}

void Pipeline::handle_requests() {
  std::uint64_t value = 0;
  [[maybe_unused]] const ssize_t n = read(wake_fd_, &value, sizeof value);
  std::unique_ptr<PluginConfig> config;
  bool state = false;
  bool hangup = false;
  {
    std::lock_guard lock(request_mutex_);
    config = std::move(pending_config_);
    state = std::exchange(state_requested_, false);
    hangup = std::exchange(hangup_requested_, false);
  }
  if (config) {
    log_info("reloaded " + config->source_file + ": " + router_->apply(*config));
    pending_options_.reset();  // the latest reload wins
    if (config->record_numbers_text != numbers_text_ ||
        config->eoe_timeout != options_.eoe_timeout_seconds) {
      pending_options_ = std::make_unique<contid::ReaderOptions>(options_);
      pending_options_->numbers = config->record_numbers;
      pending_options_->eoe_timeout_seconds = config->eoe_timeout;
      pending_numbers_text_ = config->record_numbers_text;
      const std::size_t open = reader_->open_events();
      if (open > 0) {
        log_info("reload: record_numbers = " + pending_numbers_text_ + ", eoe_timeout = " +
                 seconds_text(config->eoe_timeout) + " wait for " + std::to_string(open) +
                 " open event" + (open == 1 ? "" : "s") + " to complete");
      }
      maybe_replace_reader();
    }
    config_ = std::move(*config);
    ++totals_.reloads;
  }
  if (hangup) router_->hangup();
  if (state) write_state_report();
}

void Pipeline::write_state_report() {
  StateReportParts parts;
  parts.totals = "config = " + config_.source_file + "\n" +
                 "record_numbers = " + numbers_text_ + "\n" +
                 "eoe_timeout = " + seconds_text(options_.eoe_timeout_seconds) + "\n" +
                 "lines = " + std::to_string(lines_read()) + "\n" +
                 "records = " + std::to_string(records_read()) + "\n" +
                 "events = " + std::to_string(totals_.events) + "\n" +
                 "events_routed = " + std::to_string(router_->events_routed()) + "\n" +
                 "events_unrouted = " + std::to_string(router_->events_unrouted()) + "\n" +
                 "open_events = " + std::to_string(reader_->open_events()) + "\n" +
                 "input_problems = " + std::to_string(diagnostics_.total()) + "\n" +
                 "reloads = " + std::to_string(totals_.reloads) + "\n" +
                 "reloads_failed = " + std::to_string(failed_reloads_.load()) + "\n" +
                 "kernel_container_ids = " +
                 (kernel_.supported() ? std::string("yes")
                                      : "no: " + contid::describe_missing_support(kernel_)) +
                 "\n" +
                 "containers_known = " + std::to_string(registry_.containers().size()) + "\n" +
                 "failed_registrations = " + std::to_string(registry_.failed_registrations()) +
                 "\n";
  parts.routes = router_->report();
  parts.containers = registry_.report();
  if (diagnostics_.total() > 0) parts.diagnostics = diagnostics_.summary("audisp-contid");
  std::string error;
  if (!write_state_file(config_.state_file, format_state_report(parts), &error)) {
    log_error(error);
  }
}

void Pipeline::run() {
  // A bigger stdin pipe gives auditd more room before its write would
  // block (it never waits on us, but a burst can outrun one read).
  [[maybe_unused]] const int resized = fcntl(input_fd_, F_SETPIPE_SZ, kPipeSize);
  std::string buffer(kReadSize, '\0');
  bool stopping = false;
  std::size_t drained_after_stop = 0;
  for (;;) {
    pollfd fds[2] = {{input_fd_, POLLIN, 0}, {wake_fd_, POLLIN, 0}};
    const int ready = poll(fds, 2, stopping ? 0 : kIdleMs);
    if (ready < 0 && errno != EINTR) break;
    if (ready == 0) {
      if (stopping) break;  // everything readable at SIGTERM was taken
      // Input went quiet: complete events by wall clock, as auparse's
      // feed_age_events; reap routes removed by a reload.
      reader_->age(static_cast<std::int64_t>(std::time(nullptr)));
      maybe_replace_reader();
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
      feed(buffer.data(), static_cast<std::size_t>(n));
      router_->publish();
      if (stopping) {
        drained_after_stop += static_cast<std::size_t>(n);
        if (drained_after_stop > kStopDrainLimit) break;
      }
    } else if (stopping) {
      break;
    }
    if (diagnostics_.total() > diagnostics_logged_ && diagnostics_logged_ < kLoggedDiagnostics) {
      const auto& kept = diagnostics_.kept();
      for (std::size_t i = diagnostics_logged_; i < kept.size() && i < kLoggedDiagnostics; ++i) {
        log_error(kept[i].where.to_string() + ": " + kept[i].category + ": " + kept[i].message);
      }
      diagnostics_logged_ = std::min<std::uint64_t>(diagnostics_.total(), kLoggedDiagnostics);
    }
  }
  if (!partial_.empty()) {
    line(partial_);  // a last line without '\n' is still used, and reported
    diagnostics_.report(contid::SourceLocation{"stdin", line_number_}, "truncated-line",
                        "last line has no newline");
    partial_.clear();
  }
  reader_->finish();
  router_->publish();
  router_->close_all();
  summary_ = "input: lines=" + std::to_string(lines_read()) +
             " records=" + std::to_string(records_read()) +
             " events=" + std::to_string(totals_.events) +
             " routed=" + std::to_string(router_->events_routed()) +
             " unrouted=" + std::to_string(router_->events_unrouted()) +
             " input_problems=" + std::to_string(diagnostics_.total()) +
             " reloads=" + std::to_string(totals_.reloads) + "\n" + router_->summary();
  if (diagnostics_.total() > 0) summary_ += diagnostics_.summary("audisp-contid");
  wake(done_fd_);
}

std::string Pipeline::summary() const { return summary_; }

}  // namespace audisp_contid

// The reader thread: drains stdin (never blocking auditd on a consumer),
// splits lines, feeds contid::EventReader, attributes each event, updates
// the container registry and routes it. Requests from the signal loop
// (reload, state report, hangup, stop) are executed by this thread between
// two events, so they need no locks and never split an event. A reload that
// changes record_numbers or eoe_timeout replaces the reader (assembler) at
// the first point where it holds no open event (checked after every line
// and when input is idle), so every record goes through exactly one
// reader and no event is assembled under two settings.
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include "routing/container_registry.h"
#include "contid/diagnostics.h"
#include "contid/event_reader.h"
#include "contid/kernel_support.h"
#include "config/plugin_config.h"
#include "routing/router.h"

namespace audisp_contid {

struct PipelineTotals {
  std::uint64_t lines = 0;
  std::uint64_t records = 0;
  std::uint64_t events = 0;
  std::uint64_t events_routed = 0;
  std::uint64_t events_unrouted = 0;
  std::uint64_t malformed = 0;  // every Diagnostics entry
  std::uint64_t reloads = 0;
  std::uint64_t reloads_failed = 0;
};

class Pipeline {
 public:
  Pipeline(PluginConfig config, int input_fd);
  ~Pipeline();

  void start();
  const contid::KernelSupport& kernel_support() const { return kernel_; }
  // Thread-safe requests (each wakes the thread through an eventfd).
  void request_reload(std::unique_ptr<PluginConfig> config);
  void note_failed_reload();
  void request_state_report();
  void request_hangup();
  void request_stop();
  // Readable once the thread has finished (input ended or stop requested
  // and every queue drained).
  int done_fd() const { return done_fd_; }
  void join();

  // After join(): writes the state report (a SIGUSR1 that came too late
  // for the thread).
  void write_final_state_report() { write_state_report(); }
  bool state_report_pending() {
    std::lock_guard lock(request_mutex_);
    return state_requested_;
  }
  // After join(): the totals line and each route's totals.
  std::string summary() const;

 private:
  void run();
  void feed(const char* data, std::size_t size);
  void line(std::string_view text);
  void on_event(contid::Event&& event);
  void handle_requests();
  std::unique_ptr<contid::EventReader> make_reader(const contid::ReaderOptions& options);
  // Installs pending_options_ if the reader holds no open event.
  void maybe_replace_reader();
  std::uint64_t lines_read() const { return lines_before_ + reader_->lines(); }
  std::uint64_t records_read() const { return records_before_ + reader_->records(); }
  void write_state_report();

  PluginConfig config_;
  const int input_fd_;
  int wake_fd_ = -1;
  int done_fd_ = -1;
  contid::Diagnostics diagnostics_;
  std::uint64_t diagnostics_logged_ = 0;
  std::unique_ptr<contid::EventReader> reader_;
  contid::ReaderOptions options_;  // the reader's
  std::string numbers_text_;          // options_.numbers as configured
  // The running kernel's audit container id support, probed once at start.
  const contid::KernelSupport kernel_ = contid::probe_kernel_support();
  // A reload's record_numbers/eoe_timeout, until the reader can be replaced.
  std::unique_ptr<contid::ReaderOptions> pending_options_;
  std::string pending_numbers_text_;
  std::uint64_t lines_before_ = 0;  // read by replaced readers
  std::uint64_t records_before_ = 0;
  std::unique_ptr<Router> router_;
  ContainerRegistry registry_;
  std::string partial_;
  bool skipping_long_line_ = false;
  std::uint64_t line_number_ = 0;
  PipelineTotals totals_;

  std::mutex request_mutex_;
  std::unique_ptr<PluginConfig> pending_config_;
  bool state_requested_ = false;
  bool hangup_requested_ = false;
  bool stop_requested_ = false;
  std::atomic<std::uint64_t> failed_reloads_{0};

  std::thread thread_;
  std::string summary_;
};

}  // namespace audisp_contid

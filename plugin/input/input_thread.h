// SPDX-License-Identifier: GPL-2.0-or-later
// The input thread: drains stdin (never blocking auditd on a consumer),
// splits it into lines (contid::LineSplitter), assembles events
// (ReaderSwap), attributes each event, updates the container ledger and
// routes it. Requests from the signal loop (reload, state report, hangup,
// stop) are executed by this thread between two events, so they need no
// locks and never split an event. The request methods are thread-safe; the
// rest is for the thread that owns the object.
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include "config/plugin_config.h"
#include "contid/container_ledger.h"
#include "contid/diagnostics.h"
#include "contid/kernel_support.h"
#include "contid/line_splitter.h"
#include "input/input_report.h"
#include "input/reader_swap.h"
#include "routing/router.h"
#include "unique_fd.h"

namespace audisp_contid {

// Containers the state report keeps; past it the least recently seen go.
inline constexpr std::size_t kMaxKnownContainers = 100000;

class InputThread {
 public:
  InputThread(PluginConfig config, int input_fd);
  ~InputThread();

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
  int done_fd() const { return done_fd_.get(); }
  void join();

  // After join(): writes the state report (a SIGUSR1 that came too late
  // for the thread).
  void write_final_state_report() { write_state_report(); }
  bool state_report_pending() {
    std::lock_guard lock(request_mutex_);
    return state_requested_;
  }
  // After join(): the totals line and each route's totals.
  std::string summary() const { return summary_; }

 private:
  void run();
  void line(std::string_view text, const contid::SourceLocation& where);
  void on_event(contid::Event&& event);
  void handle_requests();
  void apply_reload(PluginConfig config);
  // Installs a reload's record_numbers/eoe_timeout once no event is open.
  void maybe_swap_reader();
  void log_new_diagnostics();
  InputSnapshot snapshot();
  void write_state_report();

  PluginConfig config_;
  const int input_fd_;
  UniqueFd wake_fd_;
  UniqueFd done_fd_;
  contid::Diagnostics diagnostics_;
  std::uint64_t diagnostics_logged_ = 0;
  // The running kernel's audit container id support, probed once at start.
  const contid::KernelSupport kernel_ = contid::probe_kernel_support();
  ReaderSwap readers_;
  contid::LineSplitter splitter_;
  std::unique_ptr<Router> router_;
  // What the SIGUSR1 report says of each container; bounded.
  contid::ContainerLedger containers_{
      contid::ContainerLedgerOptions{.max_entries = kMaxKnownContainers}};
  std::uint64_t events_ = 0;
  std::uint64_t reloads_ = 0;

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

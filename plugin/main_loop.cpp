#include "main_loop.h"

#include <poll.h>
#include <signal.h>
#include <unistd.h>

#include <cstdio>
#include <memory>

#include "pipeline.h"
#include "plugin_config.h"
#include "plugin_log.h"
#include "signals.h"

namespace audisp_contid {

int check_config(const std::string& config_path) {
  set_log_to_syslog(false);
  PluginConfig config;
  ConfigErrors errors;
  if (!load_plugin_config(config_path, &config, &errors)) {
    std::fputs(errors.report().c_str(), stderr);
    return 1;
  }
  std::printf("%s: ok, %zu route%s from %s\n", config_path.c_str(), config.routes.size(),
              config.routes.size() == 1 ? "" : "s", config.routes_dir.c_str());
  for (const auto& route : config.routes) {
    std::printf("  %s: contid = %s%s, sink = %s, format = %s, queue_depth = %llu, overflow = %s\n",
                route.name.c_str(), route.contid_text.c_str(), route.nested ? "" : " (exact)",
                to_string(route.sink), to_string(route.format),
                static_cast<unsigned long long>(route.queue_depth), to_string(route.overflow));
  }
  return 0;
}

int run_plugin(const std::string& config_path) {
  SignalChannel signals;  // before any thread exists
  PluginConfig config;
  ConfigErrors errors;
  if (!load_plugin_config(config_path, &config, &errors)) {
    log_error("configuration not usable:\n" + errors.report());
    return 1;
  }
  Pipeline pipeline(std::move(config), STDIN_FILENO);
  pipeline.start();
  for (;;) {
    pollfd fds[2] = {{signals.fd(), POLLIN, 0}, {pipeline.done_fd(), POLLIN, 0}};
    if (poll(fds, 2, -1) < 0) continue;
    if (fds[1].revents & POLLIN) break;
    for (int sig = signals.next(); sig != 0; sig = signals.next()) {
      if (sig == SIGHUP) {
        // The hangup first (file sinks reopen their files, exec programs get
        // SIGHUP), so it has reached the routes once "reloaded" is logged.
        pipeline.request_hangup();
        auto next = std::make_unique<PluginConfig>();
        ConfigErrors reload_errors;
        if (load_plugin_config(config_path, next.get(), &reload_errors)) {
          pipeline.request_reload(std::move(next));
        } else {
          pipeline.note_failed_reload();
          log_error("reload refused, the running configuration stays:\n" +
                    reload_errors.report());
        }
      } else if (sig == SIGUSR1) {
        pipeline.request_state_report();
      } else if (sig == SIGTERM || sig == SIGINT) {
        pipeline.request_stop();
      }
    }
  }
  pipeline.join();
  // A SIGUSR1 that arrived while the pipeline was finishing still gets its report.
  bool state_requested = pipeline.state_report_pending();
  for (int sig = signals.next(); sig != 0; sig = signals.next()) {
    if (sig == SIGUSR1) state_requested = true;
  }
  if (state_requested) pipeline.write_final_state_report();
  log_info("exiting\n" + pipeline.summary());
  return 0;
}

}  // namespace audisp_contid

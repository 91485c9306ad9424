// SPDX-License-Identifier: GPL-2.0-or-later
#include "main_loop.h"

#include <poll.h>
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <memory>

#include "config/plugin_config.h"
#include "contid/kernel_support.h"
#include "input/input_thread.h"
#include "plugin_log.h"
#include "privileges.h"
#include "signals.h"
#include "sinks/file_sink.h"

namespace audisp_contid {
namespace {

// "" when `directory` exists and is writable, or does not exist but the
// sinks can create it (as they do: its nearest existing ancestor is a
// writable directory); otherwise why not.
std::string directory_problem(const std::string& directory) {
  std::filesystem::path dir(directory);
  std::string missing;
  for (;;) {
    struct stat info {};
    if (lstat(dir.c_str(), &info) == 0) {
      if (S_ISLNK(info.st_mode) && stat(dir.c_str(), &info) != 0) {
        return dir.string() + " is a dangling symbolic link";
      }
      if (!S_ISDIR(info.st_mode)) return dir.string() + " is not a directory";
      if (access(dir.c_str(), W_OK | X_OK) != 0) {
        const std::string why = std::strerror(errno);
        return missing.empty() ? directory + " is not writable: " + why
                               : directory + " does not exist and cannot be created in " +
                                     dir.string() + ": " + why;
      }
      return "";
    }
    if (errno != ENOENT && errno != ENOTDIR) return dir.string() + ": " + std::strerror(errno);
    missing = dir.string();
    if (!dir.has_parent_path() || dir.parent_path() == dir) return directory + " does not exist";
    dir = dir.parent_path();
  }
}

// Adds an error for every file route whose directory cannot be written and
// every spill route whose spill_dir cannot; a symbolic link at a file
// route's path is refused by the sink, so it is an error here too.
void check_writable(const PluginConfig& config, ConfigErrors* errors) {
  for (const auto& route : config.routes) {
    if (route.sink == SinkType::kFile) {
      // %c and %n stand for any id and name: check a sample file's directory.
      const std::string sample =
          expand_path_template(route.file.path_template, route.name, "0", "host");
      const std::filesystem::path file(sample);
      const std::string problem = directory_problem(file.parent_path().string());
      if (!problem.empty()) {
        errors->add(route.source_file, route.path_line, "path", "cannot write files: " + problem);
      } else {
        struct stat info {};
        if (lstat(sample.c_str(), &info) == 0 && !S_ISREG(info.st_mode)) {
          errors->add(route.source_file, route.path_line, "path",
                      sample + (S_ISLNK(info.st_mode) ? " is a symbolic link (refused)"
                                                      : " is not a regular file"));
        }
      }
    }
    if (route.overflow == OverflowPolicy::kSpill) {
      const std::string problem = directory_problem(route.spill_dir);
      if (!problem.empty()) {
        const std::string where =
            route.spill_dir_file.empty() ? route.source_file : route.spill_dir_file;
        errors->add(where, route.spill_dir_line, "spill_dir",
                    "cannot spill route " + route.name + ": " + problem +
                        (route.spill_dir_file.empty() ? " (the default spill_dir)" : ""));
      }
    }
  }
}

}  // namespace

int check_config(const std::string& config_path) {
  set_log_to_syslog(false);
  PluginConfig config;
  ConfigErrors errors;
  if (!load_plugin_config(config_path, &config, &errors)) {
    std::fputs(errors.report().c_str(), stderr);
    return 1;
  }
  check_writable(config, &errors);
  if (!errors.empty()) {
    std::fputs(errors.report().c_str(), stderr);
    return 1;
  }
  std::printf("%s: ok, %zu route%s from %s\n", config_path.c_str(), config.routes.size(),
              config.routes.size() == 1 ? "" : "s", config.routes_dir.c_str());
  for (const auto& route : config.routes) {
    std::printf(
        "  %s: contid = %s%s%s, sink = %s, format = %s, queue_depth = %llu, overflow = %s\n",
        route.name.c_str(), route.contid_text.c_str(), route.nested ? "" : " (exact)",
        route.selector.scope == contid::ContidScope::kSubject ? " (acting task)" : "",
        to_string(route.sink), to_string(route.format),
        static_cast<unsigned long long>(route.queue_depth), to_string(route.overflow));
  }
  const contid::KernelSupport kernel = contid::probe_kernel_support();
  if (!kernel.supported())
    std::printf("note: %s\n", contid::describe_missing_support(kernel).c_str());
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
  // Before any thread exists: every thread inherits the reduced set.
  std::string privilege_error;
  if (!drop_privileges(config, &privilege_error)) {
    log_error(privilege_error);
    return 1;
  }
  InputThread input(std::move(config), STDIN_FILENO);
  if (!input.kernel_support().supported())
    log_info("note: " + contid::describe_missing_support(input.kernel_support()));
  input.start();
  for (;;) {
    pollfd fds[2] = {{signals.fd(), POLLIN, 0}, {input.done_fd(), POLLIN, 0}};
    if (poll(fds, 2, -1) < 0) continue;
    if (fds[1].revents & POLLIN) break;
    for (int sig = signals.next(); sig != 0; sig = signals.next()) {
      if (sig == SIGHUP) {
        // The hangup first (file sinks reopen their files, exec programs get
        // SIGHUP), so it has reached the routes once "reloaded" is logged.
        input.request_hangup();
        auto next = std::make_unique<PluginConfig>();
        ConfigErrors reload_errors;
        if (load_plugin_config(config_path, next.get(), &reload_errors)) {
          input.request_reload(std::move(next));
        } else {
          input.note_failed_reload();
          log_error("reload refused, the running configuration stays:\n" + reload_errors.report());
        }
      } else if (sig == SIGUSR1) {
        input.request_state_report();
      } else if (sig == SIGTERM || sig == SIGINT) {
        input.request_stop();
      }
    }
  }
  input.join();
  // A SIGUSR1 that arrived while the input thread was finishing still gets its report.
  bool state_requested = input.state_report_pending();
  for (int sig = signals.next(); sig != 0; sig = signals.next()) {
    if (sig == SIGUSR1) state_requested = true;
  }
  if (state_requested) input.write_final_state_report();
  log_info("exiting\n" + input.summary());
  return 0;
}

}  // namespace audisp_contid

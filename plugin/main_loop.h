// SPDX-License-Identifier: GPL-2.0-or-later
// The plugin's main thread: starts the pipeline, turns signals into
// requests (SIGHUP reload + forward to exec programs, SIGUSR1 state report,
// SIGTERM/SIGINT stop) and waits for the pipeline to finish.
#pragma once

#include <string>

namespace audisp_contid {

// Runs until EOF on stdin or SIGTERM; returns the exit status (0, or 1 if
// the configuration could not be loaded).
int run_plugin(const std::string& config_path);

// --check: loads the config and routes, prints what it found (or every
// error with file, line and key, and their count); returns 0 or 1.
int check_config(const std::string& config_path);

}  // namespace audisp_contid

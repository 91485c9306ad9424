// SPDX-License-Identifier: GPL-2.0-or-later
// The plugin's own configuration (/etc/audit/audisp-contid.conf) and the
// routes in its routes_dir.
#pragma once

#include <sys/types.h>
#include <cstdint>
#include <string>
#include <vector>

#include "config/config_file.h"
#include "config/route_config.h"
#include "contid/container_records.h"

namespace audisp_contid {

inline constexpr const char* kDefaultConfigPath = "/etc/audit/audisp-contid.conf";

struct PluginConfig {
  std::string source_file;
  std::string routes_dir = "/etc/audit/contid-routes.d";
  std::string record_numbers_text = "1020,1340";
  contid::ContainerRecordNumbers record_numbers;
  std::uint64_t q_depth = 10000;  // default queue_depth of a route (events)
  std::string state_file = "/run/audit/audisp-contid.state";
  double eoe_timeout = 2.0;  // whole seconds (contid::parse_eoe_timeout)
  std::string spill_dir = "/var/spool/audit/audisp-contid";
  std::uint64_t spill_dir_line = 0;                                  // 0: the default
  double shutdown_timeout = 5.0;                                     // per route, at SIGTERM/EOF
  AttributionMode attribution = AttributionMode::kKernelThenCgroup;  // routes' default
  std::string proc_root = "/proc";  // where the cgroup method reads processes
  std::string user;                 // run as this user (empty: stay root, capabilities dropped)
  uid_t user_uid = 0;
  gid_t user_gid = 0;
  std::vector<RouteConfig> routes;  // sorted by name
};

// Loads the config file and every *.conf in its routes_dir (files starting
// with '.' and other names are skipped, as auditd's plugins.d). Returns
// false when *errors got anything. Route defaults (queue depth, spill dir)
// are filled in from the global keys.
bool load_plugin_config(const std::string& path, PluginConfig* out, ConfigErrors* errors);

}  // namespace audisp_contid

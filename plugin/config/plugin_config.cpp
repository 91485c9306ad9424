// SPDX-License-Identifier: GPL-2.0-or-later
#include "config/plugin_config.h"

#include <algorithm>
#include <filesystem>
#include <system_error>

#include "contid/accounts.h"
#include "contid/option_values.h"

namespace audisp_contid {
namespace {

// auditd's plugins.d rule: a regular file, not hidden, at most one '.',
// ending in ".conf".
bool is_route_file_name(const std::string& name) {
  if (name.empty() || name[0] == '.') return false;
  if (std::count(name.begin(), name.end(), '.') != 1) return false;
  return name.size() > 5 && name.ends_with(".conf");
}

// Keys whose value must be an absolute path: adds the error otherwise (the
// value is still taken, so later checks see it). `what` is "path" or
// "directory path".
void require_absolute(const std::string& file, const ConfigEntry& entry, const char* what,
                      ConfigErrors* errors) {
  if (entry.value.empty() || entry.value[0] != '/') {
    errors->add(file, entry.line, entry.key, std::string("must be an absolute ") + what);
  }
}

}  // namespace

bool load_plugin_config(const std::string& path, PluginConfig* out, ConfigErrors* errors) {
  const std::size_t errors_before = errors->count();
  PluginConfig config;
  config.source_file = path;
  ConfigFile file;
  if (!read_config_file(path, &file, errors)) return false;
  for (const auto& entry : file.entries) {
    const std::string& key = entry.key;
    if (key == "routes_dir") {
      require_absolute(path, entry, "directory path", errors);
      config.routes_dir = entry.value;
    } else if (key == "record_numbers") {
      std::string error;
      if (!contid::parse_record_numbers(entry.value, &config.record_numbers, &error)) {
        errors->add(path, entry.line, key, error);
      }
      config.record_numbers_text = entry.value;
    } else if (key == "q_depth") {
      parse_unsigned(path, entry, 1, 100000000, &config.q_depth, errors);
    } else if (key == "state_file") {
      require_absolute(path, entry, "path", errors);
      config.state_file = entry.value;
    } else if (key == "eoe_timeout") {
      unsigned seconds = 0;
      std::string error;
      if (contid::parse_eoe_timeout(key + " =", entry.value, &seconds, &error)) {
        config.eoe_timeout = seconds;
      } else {
        errors->add(path, entry.line, key, error);
      }
    } else if (key == "spill_dir") {
      require_absolute(path, entry, "directory path", errors);
      config.spill_dir = entry.value;
      config.spill_dir_line = entry.line;
    } else if (key == "user") {
      const auto account = contid::find_user(entry.value);
      if (!account) {
        errors->add(path, entry.line, key, "unknown user '" + entry.value + "'");
      } else {
        config.user = entry.value;
        config.user_uid = account->uid;
        config.user_gid = account->gid;
      }
    } else if (key == "attribution") {
      if (!parse_attribution_mode(entry.value, &config.attribution))
        errors->add(path, entry.line, key,
                    "expected kernel, cgroup or kernel,cgroup, got '" + entry.value + "'");
    } else if (key == "proc_root") {
      require_absolute(path, entry, "directory path", errors);
      config.proc_root = entry.value;
    } else if (key == "shutdown_timeout") {
      parse_seconds(path, entry, 0, 3600, &config.shutdown_timeout, errors);
    } else {
      errors->add(path, entry.line, key, "unknown key");
    }
  }

  std::error_code ec;
  std::vector<std::string> route_files;
  std::filesystem::directory_iterator dir(config.routes_dir, ec);
  if (ec) {
    errors->add(path, 0, "routes_dir", "cannot read '" + config.routes_dir + "': " + ec.message());
  } else {
    for (const auto& item : dir) {
      const std::string name = item.path().filename().string();
      if (!is_route_file_name(name)) continue;
      if (!item.is_regular_file(ec)) continue;
      route_files.push_back(item.path().string());
    }
  }
  std::sort(route_files.begin(), route_files.end());
  for (const auto& route_file : route_files) {
    RouteConfig route;
    if (!parse_route_file(route_file, &route, errors)) continue;
    if (route.queue_depth == 0) route.queue_depth = config.q_depth;
    if (!route.attribution_given) {
      route.attribution = config.attribution;
      if (route.attribution == AttributionMode::kCgroup && !route.selector.ids.empty())
        errors->add(route_file, 0, "contid",
                    "container ids need kernel attribution; the global attribution is cgroup");
    }
    if (route.spill_dir.empty()) {
      route.spill_dir = config.spill_dir;
      route.spill_dir_line = config.spill_dir_line;
      route.spill_dir_file = config.spill_dir_line ? path : "";
    }
    config.routes.push_back(std::move(route));
  }
  if (errors->count() != errors_before) return false;
  *out = std::move(config);
  return true;
}

}  // namespace audisp_contid

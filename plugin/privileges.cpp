// SPDX-License-Identifier: GPL-2.0-or-later
#include "privileges.h"

#include <cap-ng.h>
#include <linux/capability.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace audisp_contid {
namespace {

bool gives_files_away(const PluginConfig& config) {
  for (const auto& route : config.routes) {
    if (route.sink == SinkType::kFile &&
        (route.file.owner != kKeepOwner || route.file.group != kKeepGroup)) {
      return true;
    }
    if (route.sink == SinkType::kSocket &&
        (route.socket.owner != kKeepOwner || route.socket.group != kKeepGroup)) {
      return true;
    }
  }
  return false;
}

}  // namespace

std::string needed_capabilities(const PluginConfig& config) {
  return gives_files_away(config) ? "chown,fowner,dac_override" : "";
}

bool drop_privileges(const PluginConfig& config, std::string* error) {
  if (geteuid() != 0) {
    if (!config.user.empty() && getuid() != config.user_uid) {
      *error = "user = " + config.user + " needs the plugin to be started as root";
      return false;
    }
    return true;  // nothing to drop
  }
  capng_clear(CAPNG_SELECT_BOTH);
  if (gives_files_away(config)) {
    capng_updatev(CAPNG_ADD, static_cast<capng_type_t>(CAPNG_EFFECTIVE | CAPNG_PERMITTED),
                  CAP_CHOWN, CAP_FOWNER, CAP_DAC_OVERRIDE, -1);
  }
  int rc = 0;
  if (!config.user.empty()) {
    rc = capng_change_id(static_cast<int>(config.user_uid), static_cast<int>(config.user_gid),
                         static_cast<capng_flags_t>(CAPNG_DROP_SUPP_GRP | CAPNG_CLEAR_BOUNDING));
    if (rc != 0) {
      *error = "cannot change to user " + config.user + " (capng_change_id " + std::to_string(rc) +
               "): " + std::strerror(errno);
      return false;
    }
    return true;
  }
  rc = capng_apply(CAPNG_SELECT_ALL);
  if (rc != 0) {
    // Without CAP_SETPCAP (a container) the bounding set stays: apply the rest.
    rc = capng_apply(CAPNG_SELECT_CAPS);
  }
  if (rc != 0) {
    *error = "cannot drop capabilities (capng_apply " + std::to_string(rc) +
             "): " + std::strerror(errno);
    return false;
  }
  return true;
}

}  // namespace audisp_contid

// SPDX-License-Identifier: GPL-2.0-or-later
// Least privilege: once the configuration is loaded and before any thread
// starts, the plugin (when started as root) keeps only the capabilities its
// routes need (CAP_CHOWN, CAP_FOWNER and CAP_DAC_OVERRIDE when a file or
// socket route sets owner or group, so it can chown and later reopen
// files it gave away; none otherwise), clears its bounding set so exec
// programs cannot regain more, and with `user = NAME` switches to that
// user and its group (supplementary groups dropped), as audit-userspace's
// own plugins do with libcap-ng.
#pragma once

#include <string>

#include "config/plugin_config.h"

namespace audisp_contid {

// The capabilities kept, by name ("" for none), for messages and tests.
std::string needed_capabilities(const PluginConfig& config);
// False with *error when the change could not be made (the plugin then
// refuses to run rather than run with more than it was told).
bool drop_privileges(const PluginConfig& config, std::string* error);

}  // namespace audisp_contid

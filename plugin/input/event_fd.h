// SPDX-License-Identifier: GPL-2.0-or-later
// An eventfd (non-blocking, close-on-exec) or an exception: a kernel without
// CONFIG_EVENTFD must stop the plugin with a message, not leave it waiting on -1.
#pragma once

#include "unique_fd.h"

namespace audisp_contid {

// Returns the new descriptor; throws std::system_error naming `purpose` on failure.
UniqueFd make_event_fd(const char* purpose);

}  // namespace audisp_contid

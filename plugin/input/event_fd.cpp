// SPDX-License-Identifier: GPL-2.0-or-later
#include "input/event_fd.h"

#include <sys/eventfd.h>

#include <cerrno>
#include <string>
#include <system_error>

namespace audisp_contid {

UniqueFd make_event_fd(const char* purpose) {
  UniqueFd fd(eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC));
  if (!fd)
    throw std::system_error(errno, std::generic_category(), std::string("eventfd for ") + purpose);
  return fd;
}

}  // namespace audisp_contid

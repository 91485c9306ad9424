// SPDX-License-Identifier: GPL-2.0-or-later
#include "sinks/sink.h"

#include <poll.h>
#include <time.h>

namespace audisp_contid {

void wait_for_queue(int queue_fd, int timeout_ms) {
  if (queue_fd < 0) {
    timespec pause{timeout_ms / 1000, (timeout_ms % 1000) * 1000000L};
    nanosleep(&pause, nullptr);
    return;
  }
  pollfd fd{queue_fd, POLLIN, 0};
  poll(&fd, 1, timeout_ms);
}

}  // namespace audisp_contid

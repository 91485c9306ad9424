// SPDX-License-Identifier: GPL-2.0-or-later
#include "signals.h"

#include <signal.h>
#include <sys/signalfd.h>
#include <unistd.h>

#include <cerrno>
#include <system_error>

namespace audisp_contid {

SignalChannel::SignalChannel() {
  signal(SIGPIPE, SIG_IGN);
  sigset_t set;
  sigemptyset(&set);
  // auditd starts its plugins with every signal ignored; that does not matter
  // here, because the kernel never discards a blocked signal as ignored.
  for (const int sig : {SIGHUP, SIGUSR1, SIGTERM, SIGINT}) sigaddset(&set, sig);
  pthread_sigmask(SIG_BLOCK, &set, nullptr);
  fd_ = signalfd(-1, &set, SFD_NONBLOCK | SFD_CLOEXEC);
  if (fd_ < 0)
    throw std::system_error(errno, std::generic_category(),
                            "signalfd for SIGHUP, SIGUSR1, SIGTERM, SIGINT");
}

SignalChannel::~SignalChannel() {
  if (fd_ >= 0) close(fd_);
}

int SignalChannel::next() {
  signalfd_siginfo info{};
  const ssize_t n = read(fd_, &info, sizeof info);
  if (n != sizeof info) return 0;
  return static_cast<int>(info.ssi_signo);
}

}  // namespace audisp_contid

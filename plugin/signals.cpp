#include "signals.h"

#include <signal.h>
#include <sys/signalfd.h>
#include <unistd.h>

namespace audisp_contid {

SignalChannel::SignalChannel() {
  signal(SIGPIPE, SIG_IGN);
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGHUP);
  sigaddset(&set, SIGUSR1);
  sigaddset(&set, SIGTERM);
  sigaddset(&set, SIGINT);
  pthread_sigmask(SIG_BLOCK, &set, nullptr);
  fd_ = signalfd(-1, &set, SFD_NONBLOCK | SFD_CLOEXEC);
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

// SPDX-License-Identifier: GPL-2.0-or-later
// Signals as file descriptor events: SIGHUP, SIGUSR1, SIGTERM and SIGINT are
// blocked in every thread (construct before starting any) and read from a
// signalfd by the main loop, also when inherited as ignored (auditd starts
// plugins so). SIGPIPE is ignored (sinks see EPIPE
// instead). The constructor throws std::system_error if there is no signalfd.
#pragma once

namespace audisp_contid {

class SignalChannel {
 public:
  SignalChannel();
  ~SignalChannel();
  SignalChannel(const SignalChannel&) = delete;
  SignalChannel& operator=(const SignalChannel&) = delete;

  int fd() const { return fd_; }
  // The next pending signal number, or 0 if none is pending.
  int next();

 private:
  int fd_ = -1;
};

}  // namespace audisp_contid

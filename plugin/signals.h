// Signals as file descriptor events: SIGHUP, SIGUSR1, SIGTERM and SIGINT are
// blocked in every thread (call before starting any) and read from a
// signalfd by the main loop. SIGPIPE is ignored (sinks see EPIPE instead).
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

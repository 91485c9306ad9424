#include "exec_sink.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/ioctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <vector>

namespace audisp_contid {
namespace {

using Clock = std::chrono::steady_clock;

std::string describe_status(int status) {
  if (WIFEXITED(status)) return "exited with status " + std::to_string(WEXITSTATUS(status));
  if (WIFSIGNALED(status)) return std::string("killed by signal ") + strsignal(WTERMSIG(status));
  return "stopped";
}

}  // namespace

ExecSink::~ExecSink() { stop(); }

bool ExecSink::start(std::string* error) {
  backoff_seconds_ = config_.restart_min_seconds;
  if (access(config_.path.c_str(), X_OK) != 0) {
    *error = "cannot execute " + config_.path + ": " + std::strerror(errno);
    return false;
  }
  return spawn(error);
}

bool ExecSink::spawn(std::string* error) {
  int fds[2];
  if (pipe2(fds, O_CLOEXEC) != 0) {
    *error = std::string("pipe: ") + std::strerror(errno);
    return false;
  }
  std::vector<std::string> args;
  args.push_back(config_.path);
  args.insert(args.end(), config_.args.begin(), config_.args.end());
  std::vector<char*> argv;
  for (auto& arg : args) argv.push_back(arg.data());
  argv.push_back(nullptr);
  char* envp[] = {nullptr};

  const pid_t pid = fork();
  if (pid < 0) {
    *error = std::string("fork: ") + std::strerror(errno);
    close(fds[0]);
    close(fds[1]);
    return false;
  }
  if (pid == 0) {
    // Child: a clean signal state (the plugin blocks signals for signalfd).
    sigset_t none;
    sigemptyset(&none);
    sigprocmask(SIG_SETMASK, &none, nullptr);
    for (int sig = 1; sig < NSIG; ++sig) signal(sig, SIG_DFL);
    if (dup2(fds[0], STDIN_FILENO) < 0) _exit(127);
    execve(config_.path.c_str(), argv.data(), envp);
    _exit(127);
  }
  close(fds[0]);
  pipe_fd_ = fds[1];
  fcntl(pipe_fd_, F_SETFL, O_NONBLOCK);
  child_ = pid;
  child_pid_ = pid;
  started_at_ = Clock::now();
  return true;
}

void ExecSink::trim_in_pipe() {
  int unread = 0;
  if (pipe_fd_ < 0 || ioctl(pipe_fd_, FIONREAD, &unread) != 0) return;
  while (!in_pipe_.empty() &&
         in_pipe_bytes_ - in_pipe_.front()->size() >= static_cast<std::uint64_t>(unread)) {
    in_pipe_bytes_ -= in_pipe_.front()->size();
    in_pipe_.pop_front();
    ++counters_.delivered;
  }
}

void ExecSink::pump() {
  if (child_ < 0) return;
  while (!pending_.empty()) {
    const std::string& text = *pending_.front();
    const ssize_t n = write(pipe_fd_, text.data() + offset_, text.size() - offset_);
    if (n < 0) {
      if (errno == EINTR) continue;
      if (errno == EAGAIN) break;
      child_gone();  // EPIPE: the program is gone
      return;
    }
    offset_ += static_cast<std::size_t>(n);
    if (offset_ == text.size()) {
      in_pipe_bytes_ += text.size();
      in_pipe_.push_back(std::move(pending_.front()));
      pending_.pop_front();
      offset_ = 0;
    }
  }
  trim_in_pipe();
}

void ExecSink::child_gone() {
  // Which events did the program not read? FIONREAD counts unread bytes; the
  // partly written front of pending_ is resent whole too.
  int unread = 0;
  if (ioctl(pipe_fd_, FIONREAD, &unread) != 0) unread = 0;
  std::uint64_t consumed = in_pipe_bytes_ + offset_ - static_cast<std::uint64_t>(unread);
  std::deque<std::shared_ptr<const std::string>> requeue;
  for (auto& text : in_pipe_) {
    if (consumed >= text->size()) {
      consumed -= text->size();
      ++counters_.delivered;
    } else {
      consumed = 0;
      requeue.push_back(std::move(text));
    }
  }
  resent_ += requeue.size();
  in_pipe_.clear();
  in_pipe_bytes_ = 0;
  offset_ = 0;
  pending_.insert(pending_.begin(), std::make_move_iterator(requeue.begin()),
                  std::make_move_iterator(requeue.end()));
  close(pipe_fd_);
  pipe_fd_ = -1;

  int status = 0;
  const pid_t reaped = waitpid(child_, &status, 0);
  {
    std::lock_guard lock(status_mutex_);
    last_exit_ = reaped == child_ ? describe_status(status) : "lost";
  }
  child_ = -1;
  child_pid_ = -1;
  if (Clock::now() - started_at_ > std::chrono::minutes(1)) {
    backoff_seconds_ = config_.restart_min_seconds;
  }
  restart_at_ = Clock::now() + std::chrono::microseconds(
                                   static_cast<std::int64_t>(backoff_seconds_ * 1e6));
  backoff_seconds_ = std::min(backoff_seconds_ * 2, config_.restart_max_seconds);
}

void ExecSink::deliver(std::vector<QueuedEvent>& batch) {
  for (auto& item : batch) pending_.push_back(std::move(item.text));
  batch.clear();
  pump();
}

void ExecSink::wait(int queue_fd, int timeout_ms) {
  if (child_ < 0) {
    const auto now = Clock::now();
    if (now >= restart_at_) {
      std::string error;
      if (spawn(&error)) {
        ++restarts_;
      } else {
        std::lock_guard lock(status_mutex_);
        last_exit_ = "restart failed: " + error;
        restart_at_ = now + std::chrono::microseconds(
                                static_cast<std::int64_t>(backoff_seconds_ * 1e6));
      }
      pump();
      return;
    }
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(restart_at_ - now);
    wait_for_queue(ready() ? queue_fd : -1,
                   static_cast<int>(std::min<std::int64_t>(left.count() + 1, timeout_ms)));
    return;
  }
  // Wake when the pipe has room (POLLOUT) or the program went away (POLLERR).
  pollfd fds[2] = {{pipe_fd_, static_cast<short>(pending_.empty() ? 0 : POLLOUT), 0},
                   {queue_fd, POLLIN, 0}};
  poll(fds, 2, pending_.empty() ? std::min(timeout_ms, 200) : timeout_ms);
  if (fds[0].revents & POLLERR) {
    child_gone();
    return;
  }
  pump();
  if (in_pipe_.empty() && pending_.empty()) {
    int status = 0;
    if (waitpid(child_, &status, WNOHANG) == child_) {
      // Exited with nothing of ours unread: just restart later.
      close(pipe_fd_);
      pipe_fd_ = -1;
      std::lock_guard lock(status_mutex_);
      last_exit_ = describe_status(status);
      child_ = -1;
      child_pid_ = -1;
      restart_at_ = Clock::now() + std::chrono::microseconds(
                                       static_cast<std::int64_t>(backoff_seconds_ * 1e6));
      backoff_seconds_ = std::min(backoff_seconds_ * 2, config_.restart_max_seconds);
    }
  }
}

void ExecSink::stop() {
  if (child_ > 0) {
    pump();
    counters_.lost += pending_.size();
    pending_.clear();
    // EOF on stdin asks an auditd plugin to finish; then wait for it briefly.
    close(pipe_fd_);
    pipe_fd_ = -1;
    int status = 0;
    bool reaped = false;
    for (int i = 0; i < 50 && !reaped; ++i) {
      reaped = waitpid(child_, &status, WNOHANG) == child_;
      if (!reaped) usleep(20000);
    }
    if (!reaped) {
      kill(child_, SIGTERM);
      waitpid(child_, &status, 0);
    }
    counters_.delivered += in_pipe_.size();
    in_pipe_.clear();
    child_ = -1;
    child_pid_ = -1;
  } else {
    counters_.lost += pending_.size();
    pending_.clear();
  }
}

void ExecSink::hangup() {
  const pid_t pid = child_pid_;
  if (pid > 0) kill(pid, SIGHUP);
}

std::string ExecSink::report() const {
  std::string out = "child_pid = " + std::to_string(child_pid_.load()) + "\n" +
                    "restarts = " + std::to_string(restarts_.load()) + "\n" +
                    "resent_after_exit = " + std::to_string(resent_.load()) + "\n";
  std::lock_guard lock(status_mutex_);
  if (!last_exit_.empty()) out += "last_exit = " + last_exit_ + "\n";
  return out;
}

}  // namespace audisp_contid

// SPDX-License-Identifier: GPL-2.0-or-later
#include "sinks/exec_sink.h"
#include "report_lines.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/ioctl.h>
#include <sys/syscall.h>
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

ExecSink::~ExecSink() {
  stop(nullptr);
}

bool ExecSink::start(std::string* error) {
  backoff_seconds_ = config_.restart_min_seconds;
  if (access(config_.path.c_str(), X_OK) != 0) {
    *error = "cannot execute " + config_.path + ": " + std::strerror(errno);
    return false;
  }
  return spawn(error);
}

bool ExecSink::spawn(std::string* error) {
  int ends[2];
  if (pipe2(ends, O_CLOEXEC) != 0) {
    *error = std::string("pipe: ") + std::strerror(errno);
    return false;
  }
  UniqueFd read_end(ends[0]);
  UniqueFd write_end(ends[1]);
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
    return false;
  }
  if (pid == 0) {
    // Child: a clean signal state (the plugin blocks signals for signalfd).
    sigset_t none;
    sigemptyset(&none);
    sigprocmask(SIG_SETMASK, &none, nullptr);
    for (int sig = 1; sig < NSIG; ++sig) signal(sig, SIG_DFL);
    if (dup2(read_end.get(), STDIN_FILENO) < 0) _exit(127);
    execve(config_.path.c_str(), argv.data(), envp);
    _exit(127);
  }
  pipe_read_fd_ = std::move(read_end);
  pipe_fd_ = std::move(write_end);
  fcntl(pipe_fd_.get(), F_SETFL, O_NONBLOCK);
  pidfd_.reset(static_cast<int>(syscall(SYS_pidfd_open, pid, 0)));
  child_ = pid;
  child_pid_ = pid;
  started_at_ = Clock::now();
  return true;
}

std::uint64_t ExecSink::unread_bytes() const {
  int unread = 0;
  const int fd = pipe_read_fd_ ? pipe_read_fd_.get() : pipe_fd_.get();
  if (fd < 0 || ioctl(fd, FIONREAD, &unread) != 0 || unread < 0) return 0;
  return static_cast<std::uint64_t>(unread);
}

void ExecSink::trim_in_pipe() {
  const std::uint64_t unread = unread_bytes();
  while (!in_pipe_.empty() && in_pipe_bytes_ - in_pipe_.front().text->size() >= unread) {
    in_pipe_bytes_ -= in_pipe_.front().text->size();
    in_pipe_.pop_front();
    ++counters_.delivered;
  }
}

void ExecSink::pump() {
  if (child_ < 0 || !pipe_fd_) return;
  while (!pending_.empty()) {
    const std::string& text = *pending_.front().text;
    const ssize_t n = write(pipe_fd_.get(), text.data() + offset_, text.size() - offset_);
    if (n < 0) {
      if (errno == EINTR) continue;
      break;  // EAGAIN: the pipe is full; the pidfd tells us if the program died
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

void ExecSink::close_fds() {
  pipe_fd_.reset();
  pipe_read_fd_.reset();
  pidfd_.reset();
}

void ExecSink::schedule_restart() {
  if (Clock::now() - started_at_ > std::chrono::minutes(1)) {
    backoff_seconds_ = config_.restart_min_seconds;
  }
  restart_at_ =
      Clock::now() + std::chrono::microseconds(static_cast<std::int64_t>(backoff_seconds_ * 1e6));
  backoff_seconds_ = std::min(backoff_seconds_ * 2, config_.restart_max_seconds);
}

std::size_t ExecSink::take_back_unread() {
  // The program is gone but its pipe is still ours: what it did not read is
  // still in there. A partly written pending_.front() goes again whole.
  std::uint64_t consumed =
      in_pipe_bytes_ + offset_ - std::min(unread_bytes(), in_pipe_bytes_ + offset_);
  std::deque<QueuedEvent> back;
  for (auto& item : in_pipe_) {
    if (consumed >= item.text->size()) {
      consumed -= item.text->size();
      ++counters_.delivered;
    } else {
      consumed = 0;
      back.push_back(std::move(item));
    }
  }
  const std::size_t count = back.size() + (offset_ > 0 ? 1 : 0);
  in_pipe_.clear();
  in_pipe_bytes_ = 0;
  offset_ = 0;
  pending_.insert(pending_.begin(), std::make_move_iterator(back.begin()),
                  std::make_move_iterator(back.end()));
  return count;
}

void ExecSink::child_gone() {
  int status = 0;
  const pid_t reaped = waitpid(child_, &status, 0);
  resent_ += take_back_unread();
  close_fds();
  {
    std::lock_guard lock(status_mutex_);
    last_exit_ = reaped == child_ ? describe_status(status) : "lost";
  }
  child_ = -1;
  child_pid_ = -1;
  schedule_restart();
}

void ExecSink::deliver(std::vector<QueuedEvent>& batch) {
  for (auto& item : batch) pending_.push_back(std::move(item));
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
        schedule_restart();
      }
      pump();
      return;
    }
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(restart_at_ - now);
    wait_for_queue(ready() ? queue_fd : -1,
                   static_cast<int>(std::min<std::int64_t>(left.count() + 1, timeout_ms)));
    return;
  }
  // Wake when the pipe has room, the program exits, or the queue fills.
  pollfd fds[3] = {{pipe_fd_.get(), static_cast<short>(pending_.empty() ? 0 : POLLOUT), 0},
                   {pidfd_.get(), POLLIN, 0},
                   {queue_fd, POLLIN, 0}};
  poll(fds, 3, timeout_ms);
  if (fds[1].revents & POLLIN) {
    child_gone();
    return;
  }
  pump();
}

void ExecSink::stop(std::vector<QueuedEvent>* held) {
  if (child_ > 0) {
    pump();
    // EOF on stdin asks an auditd plugin to finish; give it a bounded time.
    pipe_fd_.reset();
    pollfd exited{pidfd_.get(), POLLIN, 0};
    if (poll(&exited, 1, 2000) <= 0) {
      kill(child_, SIGTERM);
      if (poll(&exited, 1, 2000) <= 0) kill(child_, SIGKILL);
    }
    int status = 0;
    waitpid(child_, &status, 0);
    take_back_unread();  // what it read whole is delivered, the rest pending
    close_fds();
    child_ = -1;
    child_pid_ = -1;
  }
  if (held) {
    for (auto& item : pending_) held->push_back(std::move(item));
  } else {
    counters_.lost += pending_.size();
  }
  pending_.clear();
  offset_ = 0;
}

void ExecSink::hangup() {
  const pid_t pid = child_pid_;
  if (pid > 0) kill(pid, SIGHUP);
}

std::string ExecSink::report() const {
  ReportLines lines;
  lines.add("child_pid", std::to_string(child_pid_.load()))
      .add("restarts", restarts_.load())
      .add("resent_after_exit", resent_.load());
  std::lock_guard lock(status_mutex_);
  return lines.add_nonempty("last_exit", last_exit_).text();
}

}  // namespace audisp_contid

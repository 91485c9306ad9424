// SPDX-License-Identifier: GPL-2.0-or-later
#include "sinks/socket_sink.h"
#include "report_lines.h"

#include <fcntl.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>

namespace audisp_contid {
namespace {

// Removes the private directory a socket is bound in (and the socket, if it
// is still there) on every way out of SocketSink::start.
struct PrivateDirectory {
  std::string path;  // empty: not created
  std::string socket_path;
  ~PrivateDirectory() {
    if (path.empty()) return;
    unlink(socket_path.c_str());
    rmdir(path.c_str());
  }
};

}  // namespace

SocketSink::~SocketSink() {
  stop(nullptr);
}

bool SocketSink::start(std::string* error) {
  // The socket is bound in a private directory beside the path (mkdtemp:
  // mode 0700, so nobody else can reach or replace it), given its owner
  // and mode there, and only then renamed to the path: a client can never
  // connect before chown/chmod, and the process-wide umask, which other
  // workers' open(2) calls depend on, is left alone.
  const std::string& path = config_.path;
  PrivateDirectory directory;
  std::string private_path = path.substr(0, path.rfind('/')) + "/.XXXXXX";
  sockaddr_un address{};
  address.sun_family = AF_UNIX;
  if (path.size() >= sizeof address.sun_path ||
      private_path.size() + 2 >= sizeof address.sun_path) {
    *error = "socket path too long: " + path;
    return false;
  }
  struct stat info {};
  if (lstat(path.c_str(), &info) == 0) {
    if (S_ISLNK(info.st_mode)) {
      *error = "refusing to listen on " + path + ": it is a symbolic link";
      return false;
    }
    if (!S_ISSOCK(info.st_mode)) {
      *error = path + " exists and is not a socket";
      return false;
    }
    unlink(path.c_str());  // a stale socket of an earlier run
  }
  if (mkdtemp(private_path.data()) == nullptr) {
    *error = "cannot listen on " + path + ": " + std::strerror(errno);
    return false;
  }
  directory.path = private_path;
  directory.socket_path = private_path + "/s";
  std::memcpy(address.sun_path, directory.socket_path.c_str(), directory.socket_path.size() + 1);
  UniqueFd fd(socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0));
  if (!fd) {
    *error = std::string("socket: ") + std::strerror(errno);
    return false;
  }
  if (bind(fd.get(), reinterpret_cast<sockaddr*>(&address), sizeof address) != 0 ||
      listen(fd.get(), 128) != 0) {
    *error = "cannot listen on " + path + ": " + std::strerror(errno);
    return false;
  }
  const char* bound = directory.socket_path.c_str();
  if ((config_.owner != kKeepOwner || config_.group != kKeepGroup) &&
      lchown(bound, config_.owner, config_.group) != 0) {
    *error = "cannot chown " + path + ": " + std::strerror(errno);
    return false;
  }
  if (fchmodat(AT_FDCWD, bound, config_.mode, AT_SYMLINK_NOFOLLOW) != 0) {
    *error = "cannot chmod " + path + ": " + std::strerror(errno);
    return false;
  }
  // Never replaces what appeared at the path since the lstat above (as
  // bind(2) there would not); plain rename(2) only where the filesystem
  // lacks RENAME_NOREPLACE.
  int moved = renameat2(AT_FDCWD, bound, AT_FDCWD, path.c_str(), RENAME_NOREPLACE);
  if (moved != 0 && errno == EINVAL) moved = rename(bound, path.c_str());
  if (moved != 0) {
    *error = "cannot listen on " + path + ": " + std::strerror(errno);
    return false;
  }
  listen_fd_ = std::move(fd);
  return true;
}

bool SocketSink::admitted(uid_t uid, gid_t gid) const {
  if (config_.allow_uid.empty() && config_.allow_gid.empty()) return true;
  return std::find(config_.allow_uid.begin(), config_.allow_uid.end(), uid) !=
             config_.allow_uid.end() ||
         std::find(config_.allow_gid.begin(), config_.allow_gid.end(), gid) !=
             config_.allow_gid.end();
}

void SocketSink::accept_clients() {
  if (!listen_fd_) return;
  for (;;) {
    UniqueFd fd(accept4(listen_fd_.get(), nullptr, nullptr, SOCK_NONBLOCK | SOCK_CLOEXEC));
    if (!fd) return;
    ucred credentials{};
    socklen_t length = sizeof credentials;
    if (getsockopt(fd.get(), SOL_SOCKET, SO_PEERCRED, &credentials, &length) != 0 ||
        !admitted(credentials.uid, credentials.gid)) {
      ++rejected_;
      continue;
    }
    Client client;
    client.fd = std::move(fd);
    client.pid = credentials.pid;
    client.uid = credentials.uid;
    client.gid = credentials.gid;
    // Events from now on; while holding for want of a client, all of them.
    client.next = clients_.empty() && hold_without_client_ ? window_start_ : window_end();
    clients_.push_back(std::move(client));
    ++accepted_;
    connected_ = clients_.size();
  }
}

bool SocketSink::write_client(Client& client) {
  while (client.next < window_end()) {
    const std::string& text = *window_[client.next - window_start_].text;
    const ssize_t n = send(client.fd.get(), text.data() + client.offset,
                           text.size() - client.offset, MSG_NOSIGNAL | MSG_DONTWAIT);
    if (n < 0) {
      if (errno == EINTR) continue;
      return errno == EAGAIN || errno == EWOULDBLOCK;
    }
    client.offset += static_cast<std::size_t>(n);
    if (client.offset == text.size()) {
      ++client.next;
      client.offset = 0;
      ++client.sent;
    }
  }
  return true;
}

void SocketSink::drop_client(std::size_t index, const char* reason) {
  Client& client = clients_[index];
  // Events this client was not sent cannot reach it any more: count them
  // (unless they wait for the next client).
  if (!(hold_without_client_ && clients_.size() == 1)) counters_.lost += backlog(client);
  ++disconnected_;
  {
    std::lock_guard lock(error_mutex_);
    last_error_ = "client pid " + std::to_string(client.pid) + " " + reason;
  }
  clients_.erase(clients_.begin() + static_cast<std::ptrdiff_t>(index));
  connected_ = clients_.size();
}

void SocketSink::trim_window() {
  if (clients_.empty() && hold_without_client_) return;  // kept for the next client
  std::uint64_t oldest = window_end();
  for (const auto& client : clients_) oldest = std::min(oldest, client.next);
  // Events left by clients that all went away reached nobody (counted lost
  // per client by drop_client); the others reached every client.
  while (window_start_ < oldest) {
    if (!clients_.empty()) ++counters_.delivered;
    window_.pop_front();
    ++window_start_;
  }
}

bool SocketSink::still_connected(Client& client, short revents) {
  if (!(revents & (POLLIN | POLLHUP | POLLERR))) return true;
  char discard[512];  // clients have nothing to say; what they send is dropped
  const ssize_t n = recv(client.fd.get(), discard, sizeof discard, MSG_DONTWAIT);
  return !(n == 0 || (n < 0 && errno != EAGAIN && errno != EINTR));
}

void SocketSink::reap_gone_clients() {
  if (clients_.empty()) return;
  std::vector<pollfd> fds;
  for (const auto& client : clients_) fds.push_back({client.fd.get(), POLLIN, 0});
  if (poll(fds.data(), fds.size(), 0) <= 0) return;
  for (std::size_t i = clients_.size(); i-- > 0;) {
    if (!still_connected(clients_[i], fds[i].revents)) drop_client(i, "disconnected");
  }
}

void SocketSink::deliver(std::vector<QueuedEvent>& batch) {
  accept_clients();
  reap_gone_clients();
  if (clients_.empty() && !hold_without_client_) {
    without_client_ += batch.size();
    counters_.delivered += batch.size();
    batch.clear();
    return;
  }
  for (auto& item : batch) window_.push_back(std::move(item));
  batch.clear();
  for (std::size_t i = clients_.size(); i-- > 0;) {
    if (!write_client(clients_[i])) drop_client(i, "disconnected");
  }
  trim_window();
}

bool SocketSink::ready() const {
  if (clients_.empty() && hold_without_client_) return false;
  return std::all_of(clients_.begin(), clients_.end(),
                     [this](const Client& c) { return backlog(c) < kClientBacklog; });
}

bool SocketSink::has_pending() const {
  return !window_.empty();
}

void SocketSink::wait(int queue_fd, int timeout_ms) {
  std::vector<pollfd> fds;
  fds.push_back({listen_fd_.get(), POLLIN, 0});
  fds.push_back({queue_fd, POLLIN, 0});
  for (const auto& client : clients_) {
    fds.push_back(
        {client.fd.get(), static_cast<short>(POLLIN | (backlog(client) == 0 ? 0 : POLLOUT)), 0});
  }
  if (poll(fds.data(), fds.size(), timeout_ms) <= 0) return;
  if (fds[0].revents & POLLIN) accept_clients();
  // Clients occupy fds[2..]; new ones accepted above are at the end.
  for (std::size_t i = std::min(clients_.size(), fds.size() - 2); i-- > 0;) {
    const short events = fds[i + 2].revents;
    bool alive = still_connected(clients_[i], events);
    if (alive && (events & POLLOUT)) alive = write_client(clients_[i]);
    if (!alive) drop_client(i, "disconnected");
  }
  trim_window();
}

void SocketSink::stop(std::vector<QueuedEvent>* held) {
  for (std::size_t i = clients_.size(); i-- > 0;) {
    if (!write_client(clients_[i])) drop_client(i, "disconnected");
  }
  trim_window();
  // What remains is not yet sent whole to some client: back to the route.
  if (held) {
    for (auto& item : window_) held->push_back(std::move(item));
  } else {
    counters_.lost += window_.size();
  }
  window_start_ += window_.size();
  window_.clear();
  clients_.clear();  // closes them
  connected_ = 0;
  if (listen_fd_) {
    listen_fd_.reset();
    struct stat info {};
    if (lstat(config_.path.c_str(), &info) == 0 && S_ISSOCK(info.st_mode))
      unlink(config_.path.c_str());
  }
}

std::string SocketSink::report() const {
  ReportLines lines;
  lines.add("clients", connected_.load())
      .add("clients_accepted", accepted_.load())
      .add("clients_rejected", rejected_.load())
      .add("clients_disconnected", disconnected_.load())
      .add("events_without_client", without_client_.load());
  std::lock_guard lock(error_mutex_);
  return lines.add_nonempty("last_event", last_error_).text();
}

}  // namespace audisp_contid

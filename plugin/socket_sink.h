// sink = socket: a unix stream socket at `path` (mode/owner/group applied)
// serving any number of clients. A client gets the route's events from when
// it is accepted (new connections are accepted before each batch), each
// event whole and in order. Peers are checked with SO_PEERCRED against
// allow_uid / allow_gid (either list matching admits; both empty admits
// anyone the socket's mode lets connect). A client that falls
// kClientBacklog events behind holds the route's queue (whose overflow
// policy then applies); clients never see another route's events.
#pragma once

#include <atomic>
#include <cstdint>
#include <deque>
#include <memory>
#include <mutex>
#include <string>
#include <sys/types.h>
#include <vector>

#include "route_config.h"
#include "sink.h"

namespace audisp_contid {

class SocketSink : public Sink {
 public:
  static constexpr std::size_t kClientBacklog = 4096;

  explicit SocketSink(SocketSinkConfig config) : config_(std::move(config)) {}
  ~SocketSink() override;

  bool start(std::string* error) override;
  void deliver(std::vector<QueuedEvent>& batch) override;
  bool ready() const override;
  void wait(int queue_fd, int timeout_ms) override;
  bool has_pending() const override;
  void stop() override;
  std::string report() const override;

 private:
  struct Client {
    int fd = -1;
    pid_t pid = 0;
    uid_t uid = 0;
    gid_t gid = 0;
    std::deque<std::shared_ptr<const std::string>> pending;
    std::size_t offset = 0;  // bytes of pending.front() already sent
    std::uint64_t sent = 0;
  };

  void accept_clients();
  bool admitted(uid_t uid, gid_t gid) const;
  // Writes what the client's socket takes now; false when the client is gone.
  bool write_client(Client& client);
  void drop_client(std::size_t index, const char* reason);

  const SocketSinkConfig config_;
  int listen_fd_ = -1;
  std::vector<Client> clients_;
  std::atomic<std::uint64_t> accepted_{0};
  std::atomic<std::uint64_t> rejected_{0};
  std::atomic<std::uint64_t> disconnected_{0};
  std::atomic<std::uint64_t> without_client_{0};
  std::atomic<std::uint64_t> connected_{0};
  mutable std::mutex error_mutex_;
  std::string last_error_;
};

}  // namespace audisp_contid

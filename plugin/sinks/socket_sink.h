// SPDX-License-Identifier: GPL-2.0-or-later
// sink = socket: a unix stream socket at `path` (mode/owner/group applied)
// serving any number of clients. A client gets the route's events from when
// it is accepted (new connections are accepted before each batch), each
// event whole and in order. Peers are checked with SO_PEERCRED against
// allow_uid / allow_gid (either list matching admits; both empty admits
// anyone the socket's mode lets connect). A client that falls
// kClientBacklog events behind holds the route's queue (whose overflow
// policy then applies); clients never see another route's events.
// The sink keeps one window of events not yet sent to every client; an
// event leaves it (delivered) once each client connected when it came has
// been sent all of it (it is in the client's socket buffer), or when no
// client was connected. A client that disconnects loses what it was not
// sent (counted per client). stop() hands back the window from the oldest
// event some client still lacks: a client ahead of the slowest may see
// those events again from the next run.
// With hold_without_client (overflow = spill) events are never given up for
// want of a client: while none is connected the sink is not ready (the
// route's queue and spill file keep the events), the last client's unsent
// events stay in the window, and the next client to connect gets all of
// them first.
#pragma once

#include <sys/types.h>
#include <atomic>
#include <cstdint>
#include <deque>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "config/route_config.h"
#include "sinks/sink.h"
#include "unique_fd.h"

namespace audisp_contid {

class SocketSink : public Sink {
 public:
  static constexpr std::size_t kClientBacklog = 4096;

  SocketSink(SocketSinkConfig config, bool hold_without_client)
      : config_(std::move(config)), hold_without_client_(hold_without_client) {}
  ~SocketSink() override;

  bool start(std::string* error) override;
  void deliver(std::vector<QueuedEvent>& batch) override;
  bool ready() const override;
  void wait(int queue_fd, int timeout_ms) override;
  bool has_pending() const override;
  void stop(std::vector<QueuedEvent>* held) override;
  std::string report() const override;

 private:
  struct Client {
    UniqueFd fd;
    pid_t pid = 0;
    uid_t uid = 0;
    gid_t gid = 0;
    std::uint64_t next = 0;  // window index (absolute) of the next event to send
    std::size_t offset = 0;  // bytes of that event already sent
    std::uint64_t sent = 0;
  };

  void accept_clients();
  // Drops clients that have hung up (checked without waiting), so events
  // that come later are not counted as lost for them.
  void reap_gone_clients();
  // After poll() reported `revents` for the client: false when it is gone.
  bool still_connected(Client& client, short revents);
  bool admitted(uid_t uid, gid_t gid) const;
  // Writes what the client's socket takes now; false when the client is gone.
  bool write_client(Client& client);
  void drop_client(std::size_t index, const char* reason);
  std::uint64_t window_end() const { return window_start_ + window_.size(); }
  std::uint64_t backlog(const Client& client) const { return window_end() - client.next; }
  // Forgets the events every client has been sent (counted delivered).
  void trim_window();

  const SocketSinkConfig config_;
  const bool hold_without_client_;
  UniqueFd listen_fd_;
  std::vector<Client> clients_;
  std::deque<QueuedEvent> window_;  // events some client has not been sent whole
  std::uint64_t window_start_ = 0;  // absolute index of window_.front()
  std::atomic<std::uint64_t> accepted_{0};
  std::atomic<std::uint64_t> rejected_{0};
  std::atomic<std::uint64_t> disconnected_{0};
  std::atomic<std::uint64_t> without_client_{0};
  std::atomic<std::uint64_t> connected_{0};
  mutable std::mutex error_mutex_;
  std::string last_error_;
};

}  // namespace audisp_contid

// SPDX-License-Identifier: GPL-2.0-or-later
#include "sinks/sink_factory.h"

#include "sinks/exec_sink.h"
#include "sinks/file_sink.h"
#include "sinks/socket_sink.h"
#include "sinks/syslog_sink.h"

namespace audisp_contid {

std::unique_ptr<Sink> make_sink(const RouteConfig& route) {
  switch (route.sink) {
    case SinkType::kFile:
      return std::make_unique<FileSink>(route.name, route.file);
    case SinkType::kSocket:
      return std::make_unique<SocketSink>(route.socket, route.overflow == OverflowPolicy::kSpill);
    case SinkType::kExec:
      return std::make_unique<ExecSink>(route.exec);
    case SinkType::kSyslog:
      return std::make_unique<SyslogSink>(route.name, route.syslog);
  }
  return nullptr;
}

}  // namespace audisp_contid

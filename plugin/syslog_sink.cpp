#include "syslog_sink.h"

#include <syslog.h>

#include <string_view>

namespace audisp_contid {

bool SyslogSink::start(std::string*) { return true; }

void SyslogSink::deliver(std::vector<QueuedEvent>& batch) {
  for (const auto& item : batch) {
    std::string_view text = *item.text;
    while (!text.empty()) {
      const auto end = text.find('\n');
      const std::string_view line = text.substr(0, end);
      syslog(config_.facility | config_.priority, "%.*s", static_cast<int>(line.size()),
             line.data());
      if (end == std::string_view::npos) break;
      text.remove_prefix(end + 1);
    }
    ++counters_.delivered;
  }
  batch.clear();
}

}  // namespace audisp_contid

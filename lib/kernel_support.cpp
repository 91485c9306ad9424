// SPDX-License-Identifier: GPL-2.0-or-later
#include "contid/kernel_support.h"

#include <libaudit.h>
#include <poll.h>
#include <sys/utsname.h>
#include <unistd.h>

namespace contid {
namespace {

// The status reply's feature bitmap, or nullopt when the kernel does not
// answer (no CONFIG_AUDIT, no CAP_AUDIT_CONTROL: an error reply).
std::optional<bool> read_feature_bit() {
  const int fd = audit_open();
  if (fd < 0) return std::nullopt;
  std::optional<bool> bit;
  if (audit_request_status(fd) > 0) {
    // The kernel answers with the status and an ack, or with an error.
    for (int replies = 0; replies < 4 && !bit; ++replies) {
      pollfd p{fd, POLLIN, 0};
      if (poll(&p, 1, 1000) <= 0) break;
      audit_reply reply{};
      if (audit_get_reply(fd, &reply, GET_REPLY_NONBLOCKING, 0) <= 0) break;
      if (reply.type == AUDIT_GET && reply.status != nullptr) {
        bit = (reply.status->feature_bitmap & kFeatureBitmapContainerId) != 0;
      } else if (reply.type == NLMSG_ERROR && reply.error != nullptr && reply.error->error != 0) {
        break;
      }
    }
  }
  audit_close(fd);
  return bit;
}

}  // namespace

KernelSupport probe_kernel_support() {
  KernelSupport support;
  support.proc_interface = access("/proc/self/audit_containerid", F_OK) == 0;
  if (!support.proc_interface) support.feature_bit = read_feature_bit();
  utsname name{};
  if (uname(&name) == 0) support.kernel_release = name.release;
  return support;
}

std::string describe_missing_support(const KernelSupport& support) {
  if (support.supported()) return "";
  std::string text = "the running kernel";
  if (!support.kernel_release.empty()) text += " (" + support.kernel_release + ")";
  text += " has no audit container id support (no /proc/self/audit_containerid";
  if (support.feature_bit) text += ", no feature bit 0x80 in the audit status";
  text +=
      "), so every event is a host event. For container ids, boot a kernel with the audit "
      "container id series (kernel/README.md of audit-contid) and let the container runtime "
      "write /proc/PID/audit_containerid";
  return text;
}

}  // namespace contid

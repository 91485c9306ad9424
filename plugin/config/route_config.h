// SPDX-License-Identifier: GPL-2.0-or-later
// One route: which events (contid selector, optional ausearch expression),
// in which format, through which bounded queue, to which sink. A route is
// one file ROUTES_DIR/NAME.conf; NAME is the route's name (%r).
#pragma once

#include <sys/types.h>
#include <syslog.h>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "config/config_file.h"
#include "contid/contid_selector.h"

namespace audisp_contid {

// owner/group of a file or socket left as the plugin creates it.
inline constexpr uid_t kKeepOwner = static_cast<uid_t>(-1);
inline constexpr gid_t kKeepGroup = static_cast<gid_t>(-1);

// How a route writes each event: raw (its records, as ausearch --raw) or
// json; the two of contid::OutputFormat a route can use.
enum class RouteFormat { kRaw, kJson };
enum class OverflowPolicy { kDropOldest, kSpill };
// Which methods attribute events (audisp-contid.conf(5) `attribution`):
// kernel ids only, the cgroup of the pid only, or kernel ids and, for events
// without them, the cgroup.
enum class AttributionMode { kKernel, kCgroup, kKernelThenCgroup };
enum class SinkType { kFile, kSocket, kExec, kSyslog };
enum class FlushMode { kNone, kIncremental, kData, kSync };

struct FileSinkConfig {
  std::string path_template;  // may hold %c (container id), %n (container name), %r (route)
  unsigned mode = 0600;
  // Resolved when the route file is read (the sink never looks names up).
  uid_t owner = kKeepOwner;
  gid_t group = kKeepGroup;
  std::uint64_t max_file_size_mb = 0;  // 0 = no rotation
  std::uint64_t num_files = 5;
  FlushMode flush = FlushMode::kIncremental;
  bool operator==(const FileSinkConfig&) const = default;
};

struct SocketSinkConfig {
  std::string path;
  unsigned mode = 0600;
  uid_t owner = kKeepOwner;  // resolved when the route file is read
  gid_t group = kKeepGroup;
  std::vector<uid_t> allow_uid;  // empty with allow_gid empty = any peer
  std::vector<gid_t> allow_gid;
  bool operator==(const SocketSinkConfig&) const = default;
};

struct ExecSinkConfig {
  std::string path;               // absolute path of the program
  std::vector<std::string> args;  // argv[1..]
  double restart_min_seconds = 0.5;
  double restart_max_seconds = 30;
  bool operator==(const ExecSinkConfig&) const = default;
};

struct SyslogSinkConfig {
  int facility = LOG_USER;  // LOG_USER etc. (already shifted)
  int priority = LOG_INFO;
  bool operator==(const SyslogSinkConfig&) const = default;
};

struct RouteConfig {
  std::string name;
  std::string source_file;
  std::string contid_text;  // as written, for reports
  contid::ContidSelector selector;
  bool contid_given = false;  // contid = was in the file (else: any container)
  // container = GLOB[, GLOB...]: fnmatch(3) patterns one of which the
  // event's container name must match (empty = no condition).
  std::vector<std::string> containers;
  AttributionMode attribution = AttributionMode::kKernelThenCgroup;
  bool attribution_given = false;  // else the global attribution is used
  bool nested = true;
  std::string expression;  // ausearch-expression(5); empty = none
  RouteFormat format = RouteFormat::kRaw;
  std::uint64_t queue_depth = 0;  // 0 = the global q_depth
  OverflowPolicy overflow = OverflowPolicy::kDropOldest;
  std::string spill_dir;  // empty = the global spill_dir
  // Where path and spill_dir were set (for --check; 0 = not in the route
  // file: spill_dir_file then names the main config, or is empty for the default).
  std::uint64_t path_line = 0;
  std::uint64_t spill_dir_line = 0;
  std::string spill_dir_file;
  SinkType sink = SinkType::kFile;
  FileSinkConfig file;
  SocketSinkConfig socket;
  ExecSinkConfig exec;
  SyslogSinkConfig syslog;

  // True when a running route with `other`'s settings can keep running
  // unchanged (used by reload to keep queues and connections).
  bool same_settings(const RouteConfig& other) const;
};

struct RouteParse;  // route_config.cpp: the file, route and errors being parsed

// One key of a route file, as audit-userspace's kw_pair tables and
// fluent-bit's config maps: its name, the sinks it applies to (a bit per
// SinkType; all four for the common keys), how its value is parsed (null
// for `sink`, read before the others), its default as documented and a
// one-line description.
struct RouteKey {
  const char* name;
  unsigned sinks;
  void (*parse)(RouteParse& parse, const ConfigEntry& entry);
  const char* default_value;
  const char* doc;

  bool applies_to(SinkType sink) const;
};

// Every route key, in the order of audisp-contid.conf(5).
std::span<const RouteKey> route_keys();

// Parses one route file. The route name is the file's base name without
// ".conf"; it must consist of [A-Za-z0-9_.-]. Adds every problem to
// *errors; returns false if any was found in this file.
bool parse_route_file(const std::string& path, RouteConfig* out, ConfigErrors* errors);

// Parses "kernel", "cgroup" or "kernel,cgroup" (blanks around items ignored).
bool parse_attribution_mode(const std::string& value, AttributionMode* out);
const char* to_string(AttributionMode mode);
// True when the mode may look up cgroups.
inline bool uses_cgroup(AttributionMode mode) {
  return mode != AttributionMode::kKernel;
}

const char* to_string(SinkType type);
const char* to_string(OverflowPolicy policy);
const char* to_string(RouteFormat format);

}  // namespace audisp_contid

// SPDX-License-Identifier: GPL-2.0-or-later
#include "config/route_config.h"

#include <syslog.h>

#include <filesystem>
#include <map>
#include <utility>

#include "contid/accounts.h"
#include "routing/expression_filter.h"

namespace audisp_contid {

// The context of one route file being parsed: what each key's parser
// writes to and reports to.
struct RouteParse {
  const std::string& file;
  RouteConfig& route;
  ConfigErrors& errors;

  void error(const ConfigEntry& entry, std::string message) {
    errors.add(file, entry.line, entry.key, std::move(message));
  }
};

namespace {

bool valid_route_name(const std::string& name) {
  if (name.empty()) return false;
  for (char c : name) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                    c == '_' || c == '-' || c == '.';
    if (!ok) return false;
  }
  return true;
}

const std::map<std::string, int> kFacilities = {
    {"auth", LOG_AUTH},     {"authpriv", LOG_AUTHPRIV}, {"daemon", LOG_DAEMON},
    {"user", LOG_USER},     {"syslog", LOG_SYSLOG},     {"local0", LOG_LOCAL0},
    {"local1", LOG_LOCAL1}, {"local2", LOG_LOCAL2},     {"local3", LOG_LOCAL3},
    {"local4", LOG_LOCAL4}, {"local5", LOG_LOCAL5},     {"local6", LOG_LOCAL6},
    {"local7", LOG_LOCAL7}};
const std::map<std::string, int> kPriorities = {
    {"emerg", LOG_EMERG},     {"alert", LOG_ALERT},   {"crit", LOG_CRIT}, {"err", LOG_ERR},
    {"warning", LOG_WARNING}, {"notice", LOG_NOTICE}, {"info", LOG_INFO}, {"debug", LOG_DEBUG}};

std::string without_blanks(const std::string& text) {
  std::string out;
  for (char c : text) {
    if (c != ' ' && c != '\t') out += c;
  }
  return out;
}

std::string strip_prefix(std::string text, const std::string& prefix) {
  if (text.rfind(prefix, 0) == 0) text.erase(0, prefix.size());
  return text;
}

// A key whose value is one of a few words ("expected a, b or c, got 'x'").
template <typename T>
bool pick(RouteParse& p, const ConfigEntry& entry,
          std::initializer_list<std::pair<const char*, T>> choices, T* out) {
  for (const auto& [name, value] : choices) {
    if (entry.value == name) {
      *out = value;
      return true;
    }
  }
  std::string expected;
  std::size_t i = 0;
  for (const auto& choice : choices) {
    if (i > 0) expected += i + 1 == choices.size() ? " or " : ", ";
    expected += choice.first;
    ++i;
  }
  p.error(entry, "expected " + expected + ", got '" + entry.value + "'");
  return false;
}

void require_absolute(RouteParse& p, const ConfigEntry& entry) {
  if (entry.value.empty() || entry.value[0] != '/') p.error(entry, "must be an absolute path");
}

// facility/priority: a syslog name, with or without LOG_, in any case.
void pick_syslog_name(RouteParse& p, const ConfigEntry& entry,
                      const std::map<std::string, int>& names, const char* what, int* out) {
  std::string lower;
  for (char c : strip_prefix(entry.value, "LOG_")) {
    lower += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  if (auto it = names.find(lower); it != names.end())
    *out = it->second;
  else
    p.error(entry, std::string("unknown syslog ") + what + " '" + entry.value + "'");
}

void parse_contid(RouteParse& p, const ConfigEntry& entry) {
  p.route.contid_text = entry.value;
  p.route.contid_given = true;
  std::string error;
  if (entry.value.empty()) {
    p.error(entry, "empty; expected ID[, ID...], any or unset");
  } else if (!contid::add_contid_selector_items(without_blanks(entry.value), &p.route.selector,
                                                &error)) {
    p.error(entry, strip_prefix(error, "--contid: "));
  }
}

void parse_container(RouteParse& p, const ConfigEntry& entry) {
  for (const auto& item : split_list(entry.value)) p.route.containers.push_back(item);
  if (p.route.containers.empty()) p.error(entry, "empty; expected NAME-GLOB[, NAME-GLOB...]");
}

void parse_route_attribution(RouteParse& p, const ConfigEntry& entry) {
  p.route.attribution_given = true;
  if (!parse_attribution_mode(entry.value, &p.route.attribution))
    p.error(entry, "expected kernel, cgroup or kernel,cgroup, got '" + entry.value + "'");
}

void parse_expression(RouteParse& p, const ConfigEntry& entry) {
  std::string error;
  if (!ExpressionFilter::validate(entry.value, &error)) {
    p.error(entry, "invalid ausearch expression: " + error);
  }
  p.route.expression = entry.value;
}

void parse_spill_dir(RouteParse& p, const ConfigEntry& entry) {
  require_absolute(p, entry);
  p.route.spill_dir = entry.value;
  p.route.spill_dir_line = entry.line;
  p.route.spill_dir_file = p.file;
}

void parse_path(RouteParse& p, const ConfigEntry& entry) {
  RouteConfig& route = p.route;
  route.path_line = entry.line;
  require_absolute(p, entry);
  const std::string& value = entry.value;
  switch (route.sink) {
    case SinkType::kFile:
      route.file.path_template = value;
      for (std::size_t i = 0; i < value.size(); ++i) {
        if (value[i] != '%') continue;
        const char next = i + 1 < value.size() ? value[i + 1] : '\0';
        if (next != 'c' && next != 'n' && next != 'r' && next != '%') {
          p.error(entry, "unknown template '%" + std::string(1, next) +
                             "' (only %c, %n, %r and %% are allowed)");
          break;
        }
        ++i;
      }
      break;
    case SinkType::kSocket:
      route.socket.path = value;
      break;
    case SinkType::kExec:
      route.exec.path = value;
      break;
    case SinkType::kSyslog:
      break;
  }
}

void parse_mode(RouteParse& p, const ConfigEntry& entry) {
  unsigned mode = 0;
  if (parse_file_mode(p.file, entry, &mode, &p.errors)) {
    (p.route.sink == SinkType::kSocket ? p.route.socket.mode : p.route.file.mode) = mode;
  }
}

void parse_owner(RouteParse& p, const ConfigEntry& entry) {
  const auto uid = contid::user_id_of(entry.value);
  if (!uid)
    p.error(entry, "unknown user '" + entry.value + "'");
  else
    (p.route.sink == SinkType::kSocket ? p.route.socket.owner : p.route.file.owner) = *uid;
}

void parse_group(RouteParse& p, const ConfigEntry& entry) {
  const auto gid = contid::group_id_of(entry.value);
  if (!gid)
    p.error(entry, "unknown group '" + entry.value + "'");
  else
    (p.route.sink == SinkType::kSocket ? p.route.socket.group : p.route.file.group) = *gid;
}

void parse_allow_uid(RouteParse& p, const ConfigEntry& entry) {
  for (const auto& item : split_list(entry.value)) {
    if (const auto uid = contid::user_id_of(item))
      p.route.socket.allow_uid.push_back(*uid);
    else
      p.error(entry, "unknown user '" + item + "'");
  }
}

void parse_allow_gid(RouteParse& p, const ConfigEntry& entry) {
  for (const auto& item : split_list(entry.value)) {
    if (const auto gid = contid::group_id_of(item))
      p.route.socket.allow_gid.push_back(*gid);
    else
      p.error(entry, "unknown group '" + item + "'");
  }
}

constexpr unsigned kFile = 1u << static_cast<unsigned>(SinkType::kFile);
constexpr unsigned kSocket = 1u << static_cast<unsigned>(SinkType::kSocket);
constexpr unsigned kExec = 1u << static_cast<unsigned>(SinkType::kExec);
constexpr unsigned kSyslog = 1u << static_cast<unsigned>(SinkType::kSyslog);
constexpr unsigned kAnySink = kFile | kSocket | kExec | kSyslog;

// Every key of a route file, in the order audisp-contid.conf(5) documents
// them: the sinks it applies to, its parser, its default and what it does.
const RouteKey kRouteKeys[] = {
    {"contid", kAnySink, parse_contid, "any", "ID[, ID...], any or unset"},
    {"container", kAnySink, parse_container, "",
     "NAME-GLOB[, ...]: the container name must match one (%n)"},
    {"attribution", kAnySink, parse_route_attribution, "attribution",
     "kernel, cgroup or kernel,cgroup (the global attribution)"},
    {"nested", kAnySink,
     [](RouteParse& p, const ConfigEntry& e) {
       parse_yes_no(p.file, e, &p.route.nested, &p.errors);
     },
     "yes", "an outer id also takes the events of its nested containers"},
    {"scope", kAnySink,
     [](RouteParse& p, const ConfigEntry& e) {
       pick(p, e,
            {{"subject", contid::ContidScope::kSubject},
             {"anywhere", contid::ContidScope::kAnywhere}},
            &p.route.selector.scope);
     },
     "anywhere", "subject: match only the acting task's container chain"},
    {"expression", kAnySink, parse_expression, "", "an ausearch-expression(5) events must match"},
    {"format", kAnySink,
     [](RouteParse& p, const ConfigEntry& e) {
       pick(p, e, {{"raw", RouteFormat::kRaw}, {"json", RouteFormat::kJson}}, &p.route.format);
     },
     "raw", "raw (records as ausearch --raw) or json (one object per event)"},
    {"queue_depth", kAnySink,
     [](RouteParse& p, const ConfigEntry& e) {
       parse_unsigned(p.file, e, 1, 100000000, &p.route.queue_depth, &p.errors);
     },
     "q_depth", "events the route's queue holds"},
    {"overflow", kAnySink,
     [](RouteParse& p, const ConfigEntry& e) {
       pick(p, e, {{"drop_oldest", OverflowPolicy::kDropOldest}, {"spill", OverflowPolicy::kSpill}},
            &p.route.overflow);
     },
     "drop_oldest", "what a full queue does: drop_oldest or spill"},
    {"spill_dir", kAnySink, parse_spill_dir, "spill_dir", "directory of the route's spill file"},
    {"sink", kAnySink, nullptr, "(required)", "file, socket, exec or syslog (read first)"},
    {"path", kFile | kSocket | kExec, parse_path, "(required)",
     "file template (%c, %n, %r, %%), socket path or program"},
    {"mode", kFile | kSocket, parse_mode, "0600", "octal mode of the files or the socket"},
    {"owner", kFile | kSocket, parse_owner, "", "user (name or id) owning the files or the socket"},
    {"group", kFile | kSocket, parse_group, "", "group (name or id) of the files or the socket"},
    {"max_file_size", kFile,
     [](RouteParse& p, const ConfigEntry& e) {
       parse_unsigned(p.file, e, 0, 1000000, &p.route.file.max_file_size_mb, &p.errors);
     },
     "0", "rotate a file at this many MB (0: never)"},
    {"num_files", kFile,
     [](RouteParse& p, const ConfigEntry& e) {
       parse_unsigned(p.file, e, 1, 999, &p.route.file.num_files, &p.errors);
     },
     "5", "files kept by rotation"},
    {"flush", kFile,
     [](RouteParse& p, const ConfigEntry& e) {
       pick(p, e,
            {{"none", FlushMode::kNone},
             {"incremental", FlushMode::kIncremental},
             {"data", FlushMode::kData},
             {"sync", FlushMode::kSync}},
            &p.route.file.flush);
     },
     "incremental", "when files are written: none, incremental, data or sync"},
    {"allow_uid", kSocket, parse_allow_uid, "", "users whose clients are admitted"},
    {"allow_gid", kSocket, parse_allow_gid, "", "groups whose clients are admitted"},
    {"args", kExec,
     [](RouteParse& p, const ConfigEntry& e) { p.route.exec.args = split_list(e.value); }, "",
     "the program's arguments"},
    {"restart_min", kExec,
     [](RouteParse& p, const ConfigEntry& e) {
       parse_seconds(p.file, e, 0.01, 3600, &p.route.exec.restart_min_seconds, &p.errors);
     },
     "0.5", "first restart delay in seconds (doubling)"},
    {"restart_max", kExec,
     [](RouteParse& p, const ConfigEntry& e) {
       parse_seconds(p.file, e, 0.01, 3600, &p.route.exec.restart_max_seconds, &p.errors);
     },
     "30", "longest restart delay in seconds"},
    {"facility", kSyslog,
     [](RouteParse& p, const ConfigEntry& e) {
       pick_syslog_name(p, e, kFacilities, "facility", &p.route.syslog.facility);
     },
     "user", "syslog facility"},
    {"priority", kSyslog,
     [](RouteParse& p, const ConfigEntry& e) {
       pick_syslog_name(p, e, kPriorities, "priority", &p.route.syslog.priority);
     },
     "info", "syslog priority"},
};

const RouteKey* find_key(const std::string& name) {
  for (const auto& key : kRouteKeys) {
    if (name == key.name) return &key;
  }
  return nullptr;
}

}  // namespace

bool RouteKey::applies_to(SinkType sink) const {
  return (sinks & (1u << static_cast<unsigned>(sink))) != 0;
}

std::span<const RouteKey> route_keys() {
  return kRouteKeys;
}

bool RouteConfig::same_settings(const RouteConfig& other) const {
  return name == other.name && contid_text == other.contid_text && nested == other.nested &&
         containers == other.containers && attribution == other.attribution &&
         selector.scope == other.selector.scope && expression == other.expression &&
         format == other.format && queue_depth == other.queue_depth && overflow == other.overflow &&
         spill_dir == other.spill_dir && sink == other.sink && file == other.file &&
         socket == other.socket && exec == other.exec && syslog == other.syslog;
}

bool parse_route_file(const std::string& path, RouteConfig* out, ConfigErrors* errors) {
  const std::size_t errors_before = errors->count();
  ConfigFile file;
  if (!read_config_file(path, &file, errors)) return false;
  RouteConfig route;
  route.source_file = path;
  route.name = std::filesystem::path(path).stem().string();
  if (!valid_route_name(route.name)) {
    errors->add(path, 0, "",
                "route name '" + route.name +
                    "' (the file name) may only use letters, digits, '_', '-', '.'");
  }

  std::map<std::string, const ConfigEntry*> by_key;
  for (const auto& entry : file.entries) by_key[entry.key] = &entry;

  // The sink type decides which other keys are valid, so read it first.
  RouteParse parse{path, route, *errors};
  bool sink_known = false;
  if (auto it = by_key.find("sink"); it == by_key.end()) {
    errors->add(path, 0, "sink", "missing (file, socket, exec or syslog)");
  } else {
    sink_known = pick(parse, *it->second,
                      {{"file", SinkType::kFile},
                       {"socket", SinkType::kSocket},
                       {"exec", SinkType::kExec},
                       {"syslog", SinkType::kSyslog}},
                      &route.sink);
  }
  for (const auto& entry : file.entries) {
    const RouteKey* key = find_key(entry.key);
    const bool common = key != nullptr && key->sinks == kAnySink;
    if (!common) {
      if (!sink_known) continue;  // cannot judge sink keys without a sink
      if (key == nullptr || !key->applies_to(route.sink)) {
        errors->add(path, entry.line, entry.key,
                    key != nullptr ? std::string("not valid for sink = ") + to_string(route.sink)
                                   : std::string("unknown key"));
        continue;
      }
    }
    if (key->parse != nullptr) key->parse(parse, entry);
  }

  if (!route.contid_given && route.containers.empty()) {
    errors->add(path, 0, "contid", "missing (ID[, ID...], any or unset), and no container =");
  }
  if (!route.contid_given) {
    route.selector.any = true;
    route.contid_text = "any";
  }
  if (route.attribution_given && route.attribution == AttributionMode::kCgroup &&
      !route.selector.ids.empty()) {
    errors->add(path, 0, "contid",
                "container ids need kernel attribution; attribution = cgroup has only names");
  }
  if (sink_known && route.sink != SinkType::kSyslog && !by_key.contains("path")) {
    errors->add(path, 0, "path",
                std::string("missing; sink = ") + to_string(route.sink) + " needs a path");
  }
  if (route.sink == SinkType::kExec &&
      route.exec.restart_max_seconds < route.exec.restart_min_seconds) {
    errors->add(path, 0, "restart_max", "smaller than restart_min");
  }
  route.selector.exact = !route.nested;
  if (errors->count() != errors_before) return false;
  *out = std::move(route);
  return true;
}

bool parse_attribution_mode(const std::string& value, AttributionMode* out) {
  const std::string compact = without_blanks(value);
  if (compact == "kernel")
    *out = AttributionMode::kKernel;
  else if (compact == "cgroup")
    *out = AttributionMode::kCgroup;
  else if (compact == "kernel,cgroup")
    *out = AttributionMode::kKernelThenCgroup;
  else
    return false;
  return true;
}

const char* to_string(AttributionMode mode) {
  switch (mode) {
    case AttributionMode::kKernel:
      return "kernel";
    case AttributionMode::kCgroup:
      return "cgroup";
    case AttributionMode::kKernelThenCgroup:
      return "kernel,cgroup";
  }
  return "?";
}

const char* to_string(SinkType type) {
  switch (type) {
    case SinkType::kFile:
      return "file";
    case SinkType::kSocket:
      return "socket";
    case SinkType::kExec:
      return "exec";
    case SinkType::kSyslog:
      return "syslog";
  }
  return "?";
}

const char* to_string(OverflowPolicy policy) {
  return policy == OverflowPolicy::kSpill ? "spill" : "drop_oldest";
}

const char* to_string(RouteFormat format) {
  return format == RouteFormat::kJson ? "json" : "raw";
}

}  // namespace audisp_contid

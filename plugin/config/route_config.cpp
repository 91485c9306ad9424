#include "config/route_config.h"

#include <syslog.h>

#include <filesystem>
#include <map>
#include <set>

#include "contid/accounts.h"
#include "routing/expression_filter.h"

namespace audisp_contid {
namespace {

const std::set<std::string> kCommonKeys = {"contid",   "nested",      "scope",
                                           "expression", "format", "queue_depth",
                                           "overflow", "spill_dir", "sink"};
const std::map<SinkType, std::set<std::string>> kSinkKeys = {
    {SinkType::kFile,
     {"path", "mode", "owner", "group", "max_file_size", "num_files", "flush"}},
    {SinkType::kSocket, {"path", "mode", "owner", "group", "allow_uid", "allow_gid"}},
    {SinkType::kExec, {"path", "args", "restart_min", "restart_max"}},
    {SinkType::kSyslog, {"facility", "priority"}},
};

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
    {"emerg", LOG_EMERG},     {"alert", LOG_ALERT}, {"crit", LOG_CRIT},
    {"err", LOG_ERR},         {"warning", LOG_WARNING}, {"notice", LOG_NOTICE},
    {"info", LOG_INFO},       {"debug", LOG_DEBUG}};

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

}  // namespace

bool RouteConfig::same_settings(const RouteConfig& other) const {
  return name == other.name && contid_text == other.contid_text && nested == other.nested &&
         selector.scope == other.selector.scope &&
         expression == other.expression && format == other.format &&
         queue_depth == other.queue_depth && overflow == other.overflow &&
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
    errors->add(path, 0, "", "route name '" + route.name +
                                 "' (the file name) may only use letters, digits, '_', '-', '.'");
  }

  std::map<std::string, const ConfigEntry*> by_key;
  for (const auto& entry : file.entries) by_key[entry.key] = &entry;

  // The sink type decides which other keys are valid, so read it first.
  bool sink_known = false;
  if (auto it = by_key.find("sink"); it == by_key.end()) {
    errors->add(path, 0, "sink", "missing (file, socket, exec or syslog)");
  } else {
    const std::string& value = it->second->value;
    sink_known = true;
    if (value == "file") route.sink = SinkType::kFile;
    else if (value == "socket") route.sink = SinkType::kSocket;
    else if (value == "exec") route.sink = SinkType::kExec;
    else if (value == "syslog") route.sink = SinkType::kSyslog;
    else {
      sink_known = false;
      errors->add(path, it->second->line, "sink",
                  "expected file, socket, exec or syslog, got '" + value + "'");
    }
  }

  bool have_contid = false;
  for (const auto& entry : file.entries) {
    const std::string& key = entry.key;
    const std::string& value = entry.value;
    if (!kCommonKeys.contains(key)) {
      if (!sink_known) continue;  // cannot judge sink keys without a sink
      if (!kSinkKeys.at(route.sink).contains(key)) {
        bool known_elsewhere = false;
        for (const auto& [type, keys] : kSinkKeys) known_elsewhere |= keys.contains(key);
        errors->add(path, entry.line, key,
                    known_elsewhere
                        ? std::string("not valid for sink = ") + to_string(route.sink)
                        : std::string("unknown key"));
        continue;
      }
    }
    if (key == "sink") continue;
    if (key == "contid") {
      have_contid = true;
      route.contid_text = value;
      std::string error;
      if (value.empty()) {
        errors->add(path, entry.line, key, "empty; expected ID[, ID...], any or unset");
      } else if (!contid::add_contid_selector_items(without_blanks(value), &route.selector,
                                                    &error)) {
        errors->add(path, entry.line, key, strip_prefix(error, "--contid: "));
      }
    } else if (key == "nested") {
      parse_yes_no(path, entry, &route.nested, errors);
    } else if (key == "scope") {
      if (value == "anywhere") route.selector.scope = contid::ContidScope::kAnywhere;
      else if (value == "subject") route.selector.scope = contid::ContidScope::kSubject;
      else errors->add(path, entry.line, key, "expected subject or anywhere, got '" + value + "'");
    } else if (key == "expression") {
      std::string error;
      if (!ExpressionFilter::validate(value, &error)) {
        errors->add(path, entry.line, key, "invalid ausearch expression: " + error);
      }
      route.expression = value;
    } else if (key == "format") {
      if (value == "raw") route.format = RouteFormat::kRaw;
      else if (value == "json") route.format = RouteFormat::kJson;
      else errors->add(path, entry.line, key, "expected raw or json, got '" + value + "'");
    } else if (key == "queue_depth") {
      parse_unsigned(path, entry, 1, 100000000, &route.queue_depth, errors);
    } else if (key == "overflow") {
      if (value == "drop_oldest") route.overflow = OverflowPolicy::kDropOldest;
      else if (value == "spill") route.overflow = OverflowPolicy::kSpill;
      else errors->add(path, entry.line, key, "expected drop_oldest or spill, got '" + value + "'");
    } else if (key == "spill_dir") {
      if (value.empty() || value[0] != '/') {
        errors->add(path, entry.line, key, "must be an absolute path");
      }
      route.spill_dir = value;
      route.spill_dir_line = entry.line;
      route.spill_dir_file = path;
    } else if (key == "path") {
      route.path_line = entry.line;
      if (value.empty() || value[0] != '/') {
        errors->add(path, entry.line, key, "must be an absolute path");
      }
      switch (route.sink) {
        case SinkType::kFile: {
          route.file.path_template = value;
          for (std::size_t i = 0; i < value.size(); ++i) {
            if (value[i] != '%') continue;
            const char next = i + 1 < value.size() ? value[i + 1] : '\0';
            if (next != 'c' && next != 'r' && next != '%') {
              errors->add(path, entry.line, key,
                          "unknown template '%" + std::string(1, next) +
                              "' (only %c, %r and %% are allowed)");
              break;
            }
            ++i;
          }
          break;
        }
        case SinkType::kSocket: route.socket.path = value; break;
        case SinkType::kExec: route.exec.path = value; break;
        case SinkType::kSyslog: break;
      }
    } else if (key == "mode") {
      unsigned mode = 0;
      if (parse_file_mode(path, entry, &mode, errors)) {
        (route.sink == SinkType::kSocket ? route.socket.mode : route.file.mode) = mode;
      }
    } else if (key == "owner") {
      const auto uid = contid::user_id_of(value);
      if (!uid) errors->add(path, entry.line, key, "unknown user '" + value + "'");
      else (route.sink == SinkType::kSocket ? route.socket.owner : route.file.owner) = *uid;
    } else if (key == "group") {
      const auto gid = contid::group_id_of(value);
      if (!gid) errors->add(path, entry.line, key, "unknown group '" + value + "'");
      else (route.sink == SinkType::kSocket ? route.socket.group : route.file.group) = *gid;
    } else if (key == "max_file_size") {
      parse_unsigned(path, entry, 0, 1000000, &route.file.max_file_size_mb, errors);
    } else if (key == "num_files") {
      parse_unsigned(path, entry, 1, 999, &route.file.num_files, errors);
    } else if (key == "flush") {
      if (value == "none") route.file.flush = FlushMode::kNone;
      else if (value == "incremental") route.file.flush = FlushMode::kIncremental;
      else if (value == "data") route.file.flush = FlushMode::kData;
      else if (value == "sync") route.file.flush = FlushMode::kSync;
      else errors->add(path, entry.line, key, "expected none, incremental, data or sync, got '" + value + "'");
    } else if (key == "allow_uid") {
      for (const auto& item : split_list(value)) {
        if (const auto uid = contid::user_id_of(item)) route.socket.allow_uid.push_back(*uid);
        else errors->add(path, entry.line, key, "unknown user '" + item + "'");
      }
    } else if (key == "allow_gid") {
      for (const auto& item : split_list(value)) {
        if (const auto gid = contid::group_id_of(item)) route.socket.allow_gid.push_back(*gid);
        else errors->add(path, entry.line, key, "unknown group '" + item + "'");
      }
    } else if (key == "args") {
      route.exec.args = split_list(value);
    } else if (key == "restart_min") {
      parse_seconds(path, entry, 0.01, 3600, &route.exec.restart_min_seconds, errors);
    } else if (key == "restart_max") {
      parse_seconds(path, entry, 0.01, 3600, &route.exec.restart_max_seconds, errors);
    } else if (key == "facility") {
      const std::string name = strip_prefix(value, "LOG_");
      std::string lower;
      for (char c : name) lower += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      if (auto it = kFacilities.find(lower); it != kFacilities.end()) route.syslog.facility = it->second;
      else errors->add(path, entry.line, key, "unknown syslog facility '" + value + "'");
    } else if (key == "priority") {
      const std::string name = strip_prefix(value, "LOG_");
      std::string lower;
      for (char c : name) lower += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      if (auto it = kPriorities.find(lower); it != kPriorities.end()) route.syslog.priority = it->second;
      else errors->add(path, entry.line, key, "unknown syslog priority '" + value + "'");
    }
  }

  if (!have_contid) errors->add(path, 0, "contid", "missing (ID[, ID...], any or unset)");
  if (sink_known && route.sink != SinkType::kSyslog && !by_key.contains("path")) {
    errors->add(path, 0, "path", std::string("missing; sink = ") + to_string(route.sink) +
                                     " needs a path");
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

const char* to_string(SinkType type) {
  switch (type) {
    case SinkType::kFile: return "file";
    case SinkType::kSocket: return "socket";
    case SinkType::kExec: return "exec";
    case SinkType::kSyslog: return "syslog";
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

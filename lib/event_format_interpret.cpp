// SPDX-License-Identifier: GPL-2.0-or-later
// ausearch -i: each record re-parsed by libauparse (public API:
// auparse_new_buffer + auparse_interpret_field per field) and printed with
// the layout of output_interpreted / output_interpreted_record in
// src/ausearch-report.c v3.0.9. Container records are printed by us.
#include <auparse.h>
#include <libaudit.h>

#include <algorithm>
#include <cstdio>
#include <ctime>
#include <vector>

#include "contid/container_id.h"
#include "contid/event_format.h"
#include "contid/record.h"
#include "event_format_internal.h"
#include "text.h"

namespace contid {
namespace {

class InterpretFormatter final : public EventFormatter {
 public:
  InterpretFormatter() {
    au_ = auparse_init(AUSOURCE_BUFFER, "");
    if (au_ != nullptr) auparse_set_escape_mode(au_, AUPARSE_ESC_TTY);
  }
  ~InterpretFormatter() override {
    if (au_ != nullptr) auparse_destroy(au_);
  }
  InterpretFormatter(const InterpretFormatter&) = delete;
  InterpretFormatter& operator=(const InterpretFormatter&) = delete;

  void format(const Event& event, const Attribution&, std::string* out) override {
    const auto records = event.records();
    out->append("----\n");
    if (records.empty()) return;
    append_stamp(event.key());
    const Record& last = records.back();
    // As ausearch: a daemon record is printed alone.
    if (last.type >= AUDIT_DAEMON_START && last.type < AUDIT_SYSCALL) {
      append_record(last, out);
      return;
    }
    for (std::size_t i = records.size(); i-- > 0;) append_record(records[i], out);
  }

 private:
  // " msg=audit(11/23/26 23:38:39.858:5065) : " for the event's key.
  void append_stamp(const EventKey& key) {
    const std::time_t seconds = static_cast<std::time_t>(key.seconds);
    std::tm tm_storage{};
    char date[40];
    if (localtime_r(&seconds, &tm_storage) == nullptr ||
        std::strftime(date, sizeof(date), "%x %T", &tm_storage) == 0)
      std::snprintf(date, sizeof(date), "?");
    char stamp[96];
    std::snprintf(stamp, sizeof(stamp), " msg=audit(%s.%03u:%llu) : ", date, key.milliseconds,
                  static_cast<unsigned long long>(key.serial));
    stamp_ = stamp;
  }

  void append_record(const Record& record, std::string* out) {
    if (!record.key.node.empty()) {
      out->append("node=");
      out->append(record.key.node);
      out->push_back(' ');
    }
    out->append("type=");
    out->append(display_type_name(record));
    out->append(stamp_);
    if (record.is_container_record())
      append_container_fields(record, out);
    else if (!append_interpreted_fields(record, out))
      append_tty_escaped(record.body, out);
    out->push_back('\n');
  }

  void append_container_fields(const Record& record, std::string* out) {
    for_each_field(record.body, [&](std::string_view name, std::string_view value) {
      out->append(name);
      out->push_back('=');
      if (name == "contid" || name == "old-contid") {
        std::vector<ContainerChain> chains;
        std::string error;
        if (parse_contid_list(value, &chains, &error))
          out->append(format_contid_list(chains));
        else
          append_tty_escaped(value, out);
      } else {
        append_tty_escaped(unquote(value), out);
      }
      out->push_back(' ');
      return true;
    });
  }

  struct InterpretedField {
    std::string name;
    std::string value;
    int type = 0;
  };

  // libauparse's fields of the record, interpreted; false if it can't parse it.
  bool load_interpreted_fields(const Record& record) {
    fields_.clear();
    if (au_ == nullptr) return false;
    line_.assign(record.line);
    line_.push_back('\n');
    if (auparse_new_buffer(au_, line_.data(), line_.size()) != 0) return false;
    if (auparse_next_event(au_) <= 0) return false;
    if (auparse_first_field(au_) <= 0) return false;
    do {
      const char* name = auparse_get_field_name(au_);
      if (name == nullptr) continue;
      const char* value = auparse_interpret_field(au_);
      fields_.push_back({name, value ? value : "", auparse_get_field_type(au_)});
    } while (auparse_next_field(au_) > 0);
    return true;
  }

  // The interpreted value of the next field called `name`, searching
  // forward from the cursor (ausearch's walk and auparse's fields are in
  // the same order; words without '=' exist only in the walk).
  const InterpretedField* take_field(std::string_view name) {
    for (std::size_t i = cursor_; i < fields_.size(); ++i) {
      if (fields_[i].name == name) {
        cursor_ = i + 1;
        return &fields_[i];
      }
    }
    return nullptr;
  }

  static bool is_mac_label(std::string_view name) {
    return name == "subj" || name == "obj" || name == "scontext" || name == "tcontext" ||
           name == "new-context" || name == "old-context" || name == "vm-ctx" ||
           name == "img-ctx" || name == "new_context" || name == "old_context";
  }

  // Walks the record text as ausearch's output_interpreted_record does (the
  // text up to each '=' is printed as is, so words inside msg='...' and the
  // quotes survive), printing libauparse's interpretation for each value.
  bool append_interpreted_fields(const Record& record, std::string* out) {
    if (!load_interpreted_fields(record)) return false;
    cursor_ = 0;
    std::string_view rest = record.body;
    bool comma = false;
    while (!rest.empty()) {
      const std::size_t eq = rest.find('=');
      if (eq == std::string_view::npos) break;
      const std::size_t space = rest.rfind(' ', eq);
      std::string_view name = space == std::string_view::npos
                                  ? rest.substr(0, eq)
                                  : rest.substr(space + 1, eq - space - 1);
      const bool at_start = space == std::string_view::npos;
      append_tty_escaped(rest.substr(0, eq + 1), out);
      rest.remove_prefix(eq + 1);
      comma = false;
      if (at_start && name == "msg") continue;  // user records: fields follow inside msg='
      while (!name.empty() && (name.front() == '\'' || name.front() == '(')) name.remove_prefix(1);

      std::string_view value;
      if (!rest.empty() && (rest.front() == '\'' || rest.front() == '"')) {
        const std::size_t close = rest.find(rest.front(), 1);
        if (close == std::string_view::npos) {
          value = rest;
          rest = {};
        } else {
          value = rest.substr(0, close + 1);
          rest.remove_prefix(std::min(close + 2, rest.size()));
        }
      } else {
        const std::size_t c = rest.find(',');
        const std::size_t v = rest.find(' ');
        if (c != std::string_view::npos && (v == std::string_view::npos || c < v) &&
            !is_mac_label(name)) {
          value = rest.substr(0, c);
          rest.remove_prefix(c + 1);
          comma = true;
        } else if (v != std::string_view::npos) {
          value = rest.substr(0, v);
          rest.remove_prefix(v + 1);
        } else {
          value = rest;
          rest = {};
        }
      }
      append_value(name, value, comma, out);
    }
    if (comma) append_tty_escaped(rest, out);
    return true;
  }

  void append_value(std::string_view name, std::string_view raw, bool comma, std::string* out) {
    const InterpretedField* field = take_field(name);
    if (field == nullptr) {
      append_tty_escaped(raw, out);
      out->push_back(comma ? ',' : ' ');
      return;
    }
    if (name == "key") {
      // libauparse's public interpretation stops at the first \x01; ausearch
      // prints every key of a hex-encoded list.
      append_keys(decoded_key(raw, field->value), out);
      return;
    }
    std::string_view value = field->value;
    // ausearch interprets only the part before a comma; the rest follows raw.
    if (comma) value = value.substr(0, value.find(','));
    out->append(value);
    // The closing quote of msg='...' is part of ausearch's last value.
    if (raw.size() > 1 && raw.back() == '\'' && raw.front() != '\'' &&
        (field->value.empty() || field->value.back() != '\''))
      out->push_back('\'');
    if (comma)
      out->push_back(',');
    else if (field->type != AUPARSE_TYPE_TTY_DATA)
      out->push_back(' ');
  }

  // The key list of a raw key= value: quotes removed, hex decoded; else
  // libauparse's interpretation.
  static std::string decoded_key(std::string_view raw, const std::string& interpreted) {
    return decode_hex(raw).value_or(interpreted);
  }

  // Several rule keys travel in one key= field separated by \x01; ausearch
  // prints each as its own key=.
  static void append_keys(std::string_view value, std::string* out) {
    bool first = true;
    while (true) {
      std::size_t sep = value.find(static_cast<char>(AUDIT_KEY_SEPARATOR));
      if (!first) out->append(" key=");
      first = false;
      out->append(value.substr(0, sep));
      if (sep == std::string_view::npos) break;
      value.remove_prefix(sep + 1);
    }
    out->push_back(' ');
  }

  std::vector<InterpretedField> fields_;
  std::size_t cursor_ = 0;
  auparse_state_t* au_ = nullptr;
  std::string line_;
  std::string stamp_;
};

}  // namespace

namespace detail {
std::unique_ptr<EventFormatter> make_interpret_formatter() {
  return std::make_unique<InterpretFormatter>();
}
}  // namespace detail

}  // namespace contid

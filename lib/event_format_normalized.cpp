// SPDX-License-Identifier: GPL-2.0-or-later
// ausearch --format csv|text: each matched event's records are fed to a
// libauparse feed and every event it yields is normalized (auparse_normalize)
// into a CSV row or an English sentence, with the layout of csv_event /
// text_event in src/ausearch-report.c v3.0.9.
#include <auparse.h>
#include <libaudit.h>

#include <cstdlib>
#include <cstring>
#include <ctime>

#include "contid/container_records.h"
#include "contid/event_format.h"
#include "event_format_internal.h"

namespace contid {
namespace {

const char* or_empty(const char* s) {
  return s ? s : "";
}

bool result_is_success(auparse_state_t* au) {
  const char* item = auparse_interpret_field(au);
  if (item == nullptr) return false;
  if (std::strcmp(item, "yes") == 0 || std::strncmp(item, "suc", 3) == 0) return true;
  return auparse_get_field_type(au) == AUPARSE_TYPE_SECCOMP && std::strcmp(item, "allow") == 0;
}

void append_time(const char* format, const std::tm* tv, std::string* out) {
  if (tv == nullptr) return;
  char tmp[32];
  std::size_t n = std::strftime(tmp, sizeof(tmp), format, tv);
  out->append(tmp, n);
}

void csv_row(auparse_state_t* au, std::string* out) {
  const std::time_t t = auparse_get_time(au);
  std::tm tm_storage{};
  const std::tm* tv = localtime_r(&t, &tm_storage);

  // NODE
  if (const char* node = auparse_get_node(au)) {
    out->append(or_empty(auparse_interpret_field(au)));
    std::free(const_cast<char*>(node));
  }
  out->push_back(',');
  // EVENT
  const char* type = auparse_get_type_name(au);
  out->append(or_empty(type));
  out->push_back(',');

  const int normalized = auparse_normalize(au, NORM_OPT_NO_ATTRS);
  append_time("%x", tv, out);
  out->push_back(',');
  append_time("%T", tv, out);
  out->push_back(',');
  out->append(std::to_string(auparse_get_serial(au)));
  out->push_back(',');
  if (normalized != 0) {
    out->append(",,,,,,,,,\n");
    return;
  }
  const char* kind = auparse_normalize_get_event_kind(au);
  out->append(kind ? kind : "unknown");
  out->push_back(',');
  if (auparse_normalize_session(au) == 1) out->append(or_empty(auparse_interpret_field(au)));
  out->push_back(',');
  if (auparse_normalize_subject_primary(au) == 1) {
    const char* subject = or_empty(auparse_interpret_field(au));
    out->append(std::strcmp(subject, "unset") == 0 ? "system" : subject);
  }
  out->push_back(',');
  if (auparse_normalize_subject_secondary(au) == 1)
    out->append(or_empty(auparse_interpret_field(au)));
  out->push_back(',');
  out->append(or_empty(auparse_normalize_subject_kind(au)));
  out->push_back(',');
  const char* action = auparse_normalize_get_action(au);
  out->append(action ? action : "did-unknown");
  out->push_back(',');
  if (auparse_normalize_get_results(au) == 1)
    out->append(result_is_success(au) ? "success" : "failed");
  out->push_back(',');
  if (auparse_normalize_object_primary(au) == 1) {
    const char* value = nullptr;
    if (auparse_get_field_type(au) == AUPARSE_TYPE_ESCAPED_FILE)
      value = auparse_interpret_realpath(au);
    else if (auparse_get_type(au) == AUDIT_CONFIG_CHANGE && action &&
             (std::strcmp(action, "set") == 0 || std::strcmp(action, "seccomp-logging") == 0))
      value = auparse_get_field_name(au);
    else
      value = auparse_interpret_field(au);
    out->append(or_empty(value));
  }
  out->push_back(',');
  if (auparse_normalize_object_secondary(au) == 1)
    out->append(or_empty(auparse_interpret_field(au)));
  out->push_back(',');
  out->append(or_empty(auparse_normalize_object_kind(au)));
  out->push_back(',');
  out->append(or_empty(auparse_normalize_how(au)));
  out->push_back('\n');
}

void text_sentence(auparse_state_t* au, std::string* out) {
  const std::time_t t = auparse_get_time(au);
  std::tm tm_storage{};
  const std::tm* tv = localtime_r(&t, &tm_storage);
  std::string when;
  if (tv)
    append_time("%T %x", tv, &when);
  else
    when = "?";
  const int type = auparse_get_type(au);
  auparse_normalize(au, NORM_OPT_NO_ATTRS);
  if (const char* node = auparse_get_node(au)) {
    out->append("On ");
    out->append(or_empty(auparse_interpret_field(au)));
    out->append(" at ");
    std::free(const_cast<char*>(node));
  } else {
    out->append("At ");
  }
  out->append(when);
  out->push_back(' ');

  int id = -2;
  if (auparse_normalize_subject_primary(au) == 1) {
    const char* subject = or_empty(auparse_interpret_field(au));
    id = auparse_get_field_int(au);
    out->append(std::strcmp(subject, "unset") == 0 ? "system" : subject);
  }
  if (auparse_normalize_subject_secondary(au) == 1) {
    const int uid = auparse_get_field_int(au);
    if (uid != id && id != -2 && uid != -1) {
      out->append(", acting as ");
      out->append(or_empty(auparse_interpret_field(au)));
      out->push_back(',');
    }
  }
  if (auparse_normalize_get_results(au) == 1) {
    out->append(result_is_success(au) ? " successfully " : " unsuccessfully ");
  } else {
    out->push_back(' ');
  }
  const char* action = auparse_normalize_get_action(au);
  out->append(action ? action : "did-unknown");
  out->push_back(' ');

  if (auparse_normalize_object_primary(au) == 1) {
    const char* value = nullptr;
    if (action && std::strstr(action, "violated")) value = "accessing ";
    const int field_type = auparse_get_field_type(au);
    if (field_type == AUPARSE_TYPE_ESCAPED_FILE) {
      value = auparse_interpret_realpath(au);
    } else if (field_type == AUPARSE_TYPE_SOCKADDR) {
      value = auparse_interpret_sock_address(au);
      if (value == nullptr) value = auparse_interpret_sock_family(au);
    } else if (type == AUDIT_CONFIG_CHANGE) {
      if (action &&
          (std::strcmp(action, "set") == 0 || std::strcmp(action, "seccomp-logging") == 0))
        value = auparse_get_field_name(au);
      else
        value = auparse_interpret_field(au);
    }
    if (value == nullptr) value = auparse_interpret_field(au);
    out->append(or_empty(value));
    out->push_back(' ');
  }
  if (auparse_normalize_object_primary2(au) == 1) {
    const char* value = auparse_get_field_type(au) == AUPARSE_TYPE_ESCAPED_FILE
                            ? auparse_interpret_realpath(au)
                            : auparse_interpret_field(au);
    out->append("to ");
    out->append(or_empty(value));
    out->push_back(' ');
  }
  const char* how = auparse_normalize_how(au);
  if (how && action && *action != 'e') {
    out->append("using ");
    out->append(how);
  }
  out->push_back('\n');
}

class NormalizedFormatter final : public EventFormatter {
 public:
  explicit NormalizedFormatter(OutputFormat format) : csv_(format == OutputFormat::kCsv) {
    au_ = auparse_init(AUSOURCE_FEED, nullptr);
    if (au_ != nullptr) {
      auparse_set_escape_mode(au_, AUPARSE_ESC_TTY);
      auparse_add_callback(au_, &NormalizedFormatter::on_event, this, nullptr);
    }
  }
  ~NormalizedFormatter() override {
    if (au_ != nullptr) auparse_destroy(au_);
  }
  NormalizedFormatter(const NormalizedFormatter&) = delete;
  NormalizedFormatter& operator=(const NormalizedFormatter&) = delete;

  void format(const Event& event, const Attribution&, std::string* out) override {
    if (au_ == nullptr) return;
    if (csv_ && !header_done_) {
      out->append(
          "NODE,EVENT,DATE,TIME,SERIAL_NUM,EVENT_KIND,SESSION,SUBJ_PRIME,SUBJ_SEC,SUBJ_KIND,"
          "ACTION,RESULT,OBJ_PRIME,OBJ_SEC,OBJ_KIND,HOW\n");
      header_done_ = true;
    }
    out_ = out;
    bool fed = false;
    for (const Record& record : event.records()) {
      if (record.is_container_record()) continue;
      feed(record);
      fed = true;
    }
    if (!fed)  // only container records: let libauparse see them as they are
      for (const Record& record : event.records()) feed(record);
    auparse_flush_feed(au_);
    out_ = nullptr;
  }

 private:
  void feed(const Record& record) {
    line_.assign(record.line);
    line_.push_back('\n');
    auparse_feed(au_, line_.data(), line_.size());
  }

  static void on_event(auparse_state_t* au, auparse_cb_event_t type, void* self_ptr) {
    auto* self = static_cast<NormalizedFormatter*>(self_ptr);
    if (type != AUPARSE_CB_EVENT_READY || self->out_ == nullptr) return;
    if (self->csv_)
      csv_row(au, self->out_);
    else
      text_sentence(au, self->out_);
  }

  bool csv_;
  bool header_done_ = false;
  auparse_state_t* au_ = nullptr;
  std::string* out_ = nullptr;
  std::string line_;
};

}  // namespace

namespace detail {
std::unique_ptr<EventFormatter> make_normalized_formatter(OutputFormat format) {
  return std::make_unique<NormalizedFormatter>(format);
}
}  // namespace detail

}  // namespace contid

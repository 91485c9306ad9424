// ausearch -i: each record re-parsed by libauparse (public API:
// auparse_new_buffer + auparse_interpret_field per field) and printed with
// the layout of output_interpreted / output_interpreted_record in
// src/ausearch-report.c v3.0.9. Container records are printed by us.
#include <auparse.h>
#include <libaudit.h>

#include <cstdio>
#include <ctime>

#include "contid/container_id.h"
#include "contid/event_format.h"
#include "contid/record.h"

namespace contid {
namespace {

std::string_view unquoted(std::string_view value) {
  if (value.size() >= 2 && value.front() == '"' && value.back() == '"')
    return value.substr(1, value.size() - 2);
  return value;
}

class InterpretFormatter final : public EventFormatter {
 public:
  explicit InterpretFormatter(const ContainerRecordNumbers& numbers) : numbers_(numbers) {
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
    out->append(display_type_name(record, numbers_));
    out->append(stamp_);
    if (classify(record, numbers_) != ContainerRecordKind::kNone)
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
        append_tty_escaped(unquoted(value), out);
      }
      out->push_back(' ');
      return true;
    });
  }

  // False when libauparse could not parse the record.
  bool append_interpreted_fields(const Record& record, std::string* out) {
    if (au_ == nullptr) return false;
    line_.assign(record.line);
    line_.push_back('\n');
    if (auparse_new_buffer(au_, line_.data(), line_.size()) != 0) return false;
    if (auparse_next_event(au_) <= 0) return false;
    if (auparse_first_field(au_) <= 0) return false;
    do {
      const char* name = auparse_get_field_name(au_);
      if (name == nullptr) continue;
      // The record's own header fields are already printed.
      if (std::string_view(name) == "type" || std::string_view(name) == "node") continue;
      const char* value = auparse_interpret_field(au_);
      if (value == nullptr) value = "";
      out->append(name);
      out->push_back('=');
      const int field_type = auparse_get_field_type(au_);
      if (std::string_view(name) == "key") {
        append_keys(value, out);
      } else {
        out->append(value);
        if (field_type != AUPARSE_TYPE_TTY_DATA) out->push_back(' ');
      }
    } while (auparse_next_field(au_) > 0);
    return true;
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

  ContainerRecordNumbers numbers_;
  auparse_state_t* au_ = nullptr;
  std::string line_;
  std::string stamp_;
};

}  // namespace

namespace detail {
std::unique_ptr<EventFormatter> make_interpret_formatter(const ContainerRecordNumbers& numbers) {
  return std::make_unique<InterpretFormatter>(numbers);
}
}  // namespace detail

}  // namespace contid

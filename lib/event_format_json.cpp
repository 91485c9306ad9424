// JSON output: one object per event per line, container ids as strings.
#include <cstdio>

#include "contid/container_id.h"
#include "contid/event_format.h"
#include "contid/record.h"
#include "text.h"

namespace contid {
namespace {

// Length of the valid UTF-8 sequence starting at text[i], or 0.
std::size_t utf8_sequence_length(std::string_view text, std::size_t i) {
  const auto b0 = static_cast<unsigned char>(text[i]);
  std::size_t length = 0;
  if (b0 >= 0xC2 && b0 <= 0xDF)
    length = 2;
  else if (b0 >= 0xE0 && b0 <= 0xEF)
    length = 3;
  else if (b0 >= 0xF0 && b0 <= 0xF4)
    length = 4;
  else
    return 0;
  if (i + length > text.size()) return 0;
  for (std::size_t k = 1; k < length; ++k)
    if ((static_cast<unsigned char>(text[i + k]) & 0xC0) != 0x80) return 0;
  return length;
}

void append_id(ContainerId id, std::string* out) {
  out->push_back('"');
  out->append(format_container_id(id));
  out->push_back('"');
}

void append_chain(const ContainerChain& chain, std::string* out) {
  out->push_back('[');
  for (std::size_t i = 0; i < chain.ids.size(); ++i) {
    if (i) out->push_back(',');
    append_id(chain.ids[i], out);
  }
  out->push_back(']');
}

void append_chains(const std::vector<ContainerChain>& chains, std::string* out) {
  out->push_back('[');
  for (std::size_t i = 0; i < chains.size(); ++i) {
    if (i) out->push_back(',');
    append_chain(chains[i], out);
  }
  out->push_back(']');
}

void append_fields(std::string_view body, std::string* out) {
  out->push_back('{');
  bool first = true;
  for_each_field(body, [&](std::string_view name, std::string_view value) {
    if (!first) out->push_back(',');
    first = false;
    append_json_string(name, out);
    out->push_back(':');
    append_json_string(unquote(value), out);
    return true;
  });
  out->push_back('}');
}

class JsonFormatter final : public EventFormatter {
 public:
  void format(const Event& event, const Attribution& attribution, std::string* out) override {
    const EventKey& key = event.key();
    char when[48];
    std::snprintf(when, sizeof(when), "%lld.%03u", static_cast<long long>(key.seconds),
                  key.milliseconds);
    out->append("{\"node\":");
    if (key.node.empty())
      out->append("null");
    else
      append_json_string(key.node, out);
    out->append(",\"time\":\"");
    out->append(when);
    out->append("\",\"serial\":");
    out->append(std::to_string(key.serial));
    out->append(",\"records\":[");
    bool first = true;
    for (const Record& record : event.records()) {
      if (!first) out->push_back(',');
      first = false;
      out->append("{\"type\":");
      append_json_string(display_type_name(record), out);
      out->append(",\"number\":");
      out->append(std::to_string(record.type));
      out->append(",\"fields\":");
      append_fields(record.body, out);
      if (!record.enriched.empty()) {
        out->append(",\"enriched\":");
        append_fields(record.enriched, out);
      }
      out->push_back('}');
    }
    out->append("],\"containers\":");
    append_attribution_json(attribution, out);
    out->append("}\n");
  }
};

}  // namespace

void append_json_string(std::string_view text, std::string* out) {
  static constexpr char kHex[] = "0123456789abcdef";
  out->push_back('"');
  for (std::size_t i = 0; i < text.size(); ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c == '"' || c == '\\') {
      out->push_back('\\');
      out->push_back(static_cast<char>(c));
    } else if (c == '\n') {
      out->append("\\n");
    } else if (c == '\t') {
      out->append("\\t");
    } else if (c < 0x20 || c == 0x7F) {
      out->append("\\u00");
      out->push_back(kHex[c >> 4]);
      out->push_back(kHex[c & 15]);
    } else if (c < 0x80) {
      out->push_back(static_cast<char>(c));
    } else if (std::size_t n = utf8_sequence_length(text, i)) {
      out->append(text.substr(i, n));
      i += n - 1;
    } else {
      out->append("\\u00");
      out->push_back(kHex[c >> 4]);
      out->push_back(kHex[c & 15]);
    }
  }
  out->push_back('"');
}

void append_attribution_json(const Attribution& attribution, std::string* out) {
  out->append("{\"subject\":");
  if (attribution.subject)
    append_chain(*attribution.subject, out);
  else
    out->append("null");
  out->append(",\"targets\":[");
  for (std::size_t i = 0; i < attribution.targets.size(); ++i) {
    const TargetContainer& target = attribution.targets[i];
    if (i) out->push_back(',');
    out->append("{\"pid\":");
    out->append(target.pid ? std::to_string(*target.pid) : "null");
    out->append(",\"chain\":");
    append_chain(target.chain, out);
    out->push_back('}');
  }
  out->append("],\"netns\":");
  append_chains(attribution.netns, out);
  out->append(",\"operations\":[");
  for (std::size_t i = 0; i < attribution.operations.size(); ++i) {
    const ContainerOperation& op = attribution.operations[i];
    if (i) out->push_back(',');
    out->append("{\"op\":");
    append_json_string(op.op, out);
    out->append(",\"opid\":");
    out->append(op.opid ? std::to_string(*op.opid) : "null");
    out->append(",\"contid\":");
    append_id(op.contid, out);
    out->append(",\"old_contid\":");
    append_chains(op.old_contid, out);
    out->append(",\"success\":");
    out->append(op.success ? (*op.success ? "true" : "false") : "null");
    out->append(",\"exit\":");
    out->append(op.exit ? std::to_string(*op.exit) : "null");
    out->push_back('}');
  }
  out->push_back(']');
  if (!attribution.problems.empty()) {
    out->append(",\"problems\":[");
    for (std::size_t i = 0; i < attribution.problems.size(); ++i) {
      if (i) out->push_back(',');
      append_json_string(attribution.problems[i], out);
    }
    out->push_back(']');
  }
  out->push_back('}');
}

namespace detail {
std::unique_ptr<EventFormatter> make_json_formatter() {
  return std::make_unique<JsonFormatter>();
}
}  // namespace detail

}  // namespace contid

// SPDX-License-Identifier: GPL-2.0-or-later
// JSON output: one object per event per line, container ids as strings.
#include <cstdio>

#include "contid/container_id.h"
#include "contid/event_format.h"
#include "contid/json_writer.h"
#include "contid/record.h"
#include "event_format_internal.h"
#include "text.h"

namespace contid {
namespace {

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

void append_cgroup_container_json(const CgroupContainer& container, std::string* out) {
  out->append("{\"runtime\":");
  append_json_string(container.runtime, out);
  out->append(",\"id\":");
  append_json_string(container.id, out);
  out->append(",\"pod\":");
  if (container.pod.empty())
    out->append("null");
  else
    append_json_string(container.pod, out);
  out->push_back('}');
}

// ,"attribution":{"method":"cgroup","container":{...}|null,"outer":[...],
// "cgroup":"/path"|null,"note":"..."|null}
void append_origin_json(const AttributionOrigin& origin, std::string* out) {
  out->append(",\"attribution\":{\"method\":");
  append_json_string(to_string(origin.method), out);
  out->append(",\"container\":");
  if (origin.container)
    append_cgroup_container_json(*origin.container, out);
  else
    out->append("null");
  out->append(",\"outer\":[");
  for (std::size_t i = 0; i < origin.outer.size(); ++i) {
    if (i) out->push_back(',');
    append_cgroup_container_json(origin.outer[i], out);
  }
  out->append("],\"cgroup\":");
  if (origin.cgroup.empty())
    out->append("null");
  else
    append_json_string(origin.cgroup, out);
  out->append(",\"note\":");
  if (origin.note.empty())
    out->append("null");
  else
    append_json_string(origin.note, out);
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

  bool needs_attribution() const override { return true; }
};

}  // namespace

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
  if (attribution.origin) append_origin_json(*attribution.origin, out);
  out->push_back('}');
}

namespace detail {
std::unique_ptr<EventFormatter> make_json_formatter() {
  return std::make_unique<JsonFormatter>();
}
}  // namespace detail

}  // namespace contid

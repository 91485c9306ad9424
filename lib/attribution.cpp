// SPDX-License-Identifier: GPL-2.0-or-later
#include "contid/attribution.h"

#include <algorithm>
#include <map>

#include "text.h"

namespace contid {

namespace {

constexpr int kSyscall = 1300;       // AUDIT_SYSCALL
constexpr int kObjPid = 1318;        // AUDIT_OBJ_PID
constexpr int kNetfilterPkt = 1324;  // AUDIT_NETFILTER_PKT

// A record sent from user space (AUDIT_USER and the user ranges) is followed
// by the sender's CONTAINER_ID with record=1.
bool is_user_message(int type) {
  return type == 1005 || (type >= 1100 && type <= 1199) || (type >= 2100 && type <= 2999);
}

std::optional<std::uint64_t> record_link(const Record& record) {
  // record=N is the last field the kernel appends (after key=): look at the
  // end of the body first, then scan (a CONTAINER_ID starts with it).
  std::optional<std::string_view> value;
  std::size_t at = record.body.rfind(" record=");
  if (at != std::string_view::npos && record.body.find(' ', at + 1) == std::string_view::npos) {
    value = record.body.substr(at + 8);
  } else {
    value = record.field("record");
  }
  if (!value) return std::nullopt;
  auto n = parse_integer<std::int64_t>(*value);
  if (!n || *n < 0) return std::nullopt;
  return static_cast<std::uint64_t>(*n);
}

}  // namespace

const char* to_string(AttributionMethod method) {
  switch (method) {
    case AttributionMethod::kKernel:
      return "kernel";
    case AttributionMethod::kCgroup:
      return "cgroup";
    case AttributionMethod::kCgroupViaParent:
      return "cgroup-via-parent";
    case AttributionMethod::kNone:
      return "none";
  }
  return "?";
}

bool Attribution::has_container() const {
  return subject.has_value() || !targets.empty() || !netns.empty() || !operations.empty();
}

std::vector<ContainerId> Attribution::all_ids() const {
  std::vector<ContainerId> ids;
  auto add_chain = [&](const ContainerChain& chain) {
    ids.insert(ids.end(), chain.ids.begin(), chain.ids.end());
  };
  if (subject) add_chain(*subject);
  for (const auto& t : targets) add_chain(t.chain);
  for (const auto& c : netns) add_chain(c);
  for (const auto& op : operations) {
    if (op.contid != kUnsetContainerId) ids.push_back(op.contid);
    for (const auto& c : op.old_contid) add_chain(c);
  }
  std::sort(ids.begin(), ids.end());
  ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
  return ids;
}

std::vector<ContainerId> Attribution::innermost_ids() const {
  std::vector<ContainerId> ids;
  if (subject) ids.push_back(subject->innermost());
  for (const auto& t : targets) ids.push_back(t.chain.innermost());
  for (const auto& c : netns) ids.push_back(c.innermost());
  for (const auto& op : operations)
    if (op.contid != kUnsetContainerId) ids.push_back(op.contid);
  std::sort(ids.begin(), ids.end());
  ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
  return ids;
}

Attribution attribute(const Event& event) {
  Attribution result;
  const auto records = event.records();

  // Pass 1: which record claims each record=N, and the writer's result.
  enum class Claim { kSubject, kTarget, kNetns };
  struct Claimant {
    Claim claim;
    const Record* record;
  };
  std::map<std::uint64_t, Claimant> claims;
  bool any_container_record = false;
  bool has_user_message = false;
  std::optional<bool> success;
  std::optional<std::int64_t> exit_code;
  for (const Record& r : records) {
    if (r.container_kind != ContainerRecordKind::kNone) {
      any_container_record = true;
      break;
    }
  }
  if (!any_container_record) return result;  // the common case: nothing to parse
  for (const Record& r : records) {
    if (r.type == kSyscall) {
      if (auto v = r.field("success")) success = (*v == "yes");
      if (auto v = r.field("exit"))
        if (auto e = parse_integer<std::int64_t>(*v)) exit_code = e;
    }
    if (is_user_message(r.type)) has_user_message = true;
  }
  for (const Record& r : records) {
    if (r.type != kSyscall && r.type != kObjPid && r.type != kNetfilterPkt) continue;
    auto link = record_link(r);
    if (!link) continue;
    Claim claim = r.type == kSyscall  ? Claim::kSubject
                  : r.type == kObjPid ? Claim::kTarget
                                      : Claim::kNetns;
    claims.emplace(*link, Claimant{claim, &r});
  }

  auto add_subject = [&](std::vector<ContainerChain>&& chains) {
    if (result.subject) {
      result.problems.push_back("event has a second subject CONTAINER_ID; kept the first");
      return;
    }
    result.subject = std::move(chains.front());
    if (chains.size() > 1)
      result.problems.push_back("subject CONTAINER_ID lists several chains; kept the first");
  };
  auto add_target = [&](const Record* obj_pid, std::vector<ContainerChain>&& chains) {
    TargetContainer target;
    if (obj_pid) {
      if (auto v = obj_pid->field("opid")) target.pid = parse_integer<std::int64_t>(*v);
    }
    target.chain = std::move(chains.front());
    result.targets.push_back(std::move(target));
  };

  // Pass 2: the container records themselves.
  const Record* previous = nullptr;
  for (const Record& r : records) {
    const ContainerRecordKind kind = r.container_kind;
    if (kind == ContainerRecordKind::kContainerId) {
      std::vector<ContainerChain> chains;
      std::string error;
      auto contid = r.field("contid");
      if (!contid || !parse_contid_list(*contid, &chains, &error) || chains.empty()) {
        result.problems.push_back(!contid ? "CONTAINER_ID without contid="
                                  : chains.empty() && error.empty()
                                      ? "CONTAINER_ID with an unset contid"
                                      : "CONTAINER_ID: " + error);
        previous = &r;
        continue;
      }
      auto link = record_link(r);
      if (link) {
        auto it = claims.find(*link);
        if (it == claims.end()) {
          // USER messages carry no record= themselves: an unclaimed record=1
          // is the sender's.
          if (!has_user_message)
            result.problems.push_back("CONTAINER_ID record=" + std::to_string(*link) +
                                      " is linked to no record; taken as the subject's");
          add_subject(std::move(chains));
        } else if (it->second.claim == Claim::kSubject) {
          add_subject(std::move(chains));
        } else if (it->second.claim == Claim::kTarget) {
          add_target(it->second.record, std::move(chains));
        } else {
          for (auto& c : chains) result.netns.push_back(std::move(c));
        }
      } else if (previous && previous->type == kObjPid) {  // v9 and older: position
        add_target(previous, std::move(chains));
      } else if (previous && previous->type == kNetfilterPkt) {
        for (auto& c : chains) result.netns.push_back(std::move(c));
      } else {
        add_subject(std::move(chains));
      }
    } else if (kind == ContainerRecordKind::kContainerOp) {
      ContainerOperation op;
      if (auto v = r.field("op")) op.op = std::string(*v);
      if (auto v = r.field("opid")) op.opid = parse_integer<std::int64_t>(*v);
      std::string error;
      if (auto v = r.field("contid")) {
        // v9-v11 print the new id raw (%llu); v8 printed a chain.
        std::vector<ContainerChain> chains;
        if (auto id = parse_container_id(*v, &error)) {
          op.contid = *id;
        } else if (parse_contid_list(*v, &chains, &error) && !chains.empty()) {
          op.contid = chains.front().innermost();
        } else {
          result.problems.push_back("CONTAINER_OP contid: " + error);
        }
      }
      if (auto v = r.field("old-contid")) {
        if (!parse_contid_list(*v, &op.old_contid, &error))
          result.problems.push_back("CONTAINER_OP old-contid: " + error);
      }
      op.success = success;
      op.exit = exit_code;
      result.operations.push_back(std::move(op));
    }
    previous = &r;
  }
  return result;
}

}  // namespace contid

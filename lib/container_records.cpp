// SPDX-License-Identifier: GPL-2.0-or-later
#include "contid/container_records.h"

#include "contid/event.h"
#include "text.h"

namespace contid {

namespace {

bool parse_type_number(std::string_view text, int* out) {
  auto value = parse_integer<std::int64_t>(text);
  if (!value || *value <= 0 || *value >= 100000) return false;
  *out = static_cast<int>(*value);
  return true;
}

}  // namespace

bool parse_record_numbers(std::string_view text, ContainerRecordNumbers* out, std::string* error) {
  ContainerRecordNumbers numbers;
  if (text == "default" || text == "v12") {
    *out = numbers;
    return true;
  }
  if (text == "v11" || text == "v10" || text == "v9") {
    numbers.container_id = 1336;
    *out = numbers;
    return true;
  }
  if (text == "v8") {
    numbers.container_id = 1335;
    *out = numbers;
    return true;
  }
  if (text == "v7") {
    numbers.container_id = 1334;
    *out = numbers;
    return true;
  }
  std::size_t comma = text.find(',');
  if (comma == std::string_view::npos ||
      !parse_type_number(text.substr(0, comma), &numbers.container_op) ||
      !parse_type_number(text.substr(comma + 1), &numbers.container_id)) {
    *error = "record numbers '" + std::string(text) +
             "' are not CONTAINER_OP,CONTAINER_ID (e.g. 1020,1340) or one of default, v11, v10, "
             "v9, v8, v7";
    return false;
  }
  *out = numbers;
  return true;
}

ContainerRecordKind container_record_kind(int type, std::string_view body,
                                          const ContainerRecordNumbers& numbers) {
  if (type == numbers.container_id && (body.starts_with("record=") || body.starts_with("contid=")))
    return ContainerRecordKind::kContainerId;
  if (type == numbers.container_op && body.starts_with("op=") &&
      body.find("contid=") != std::string_view::npos)
    return ContainerRecordKind::kContainerOp;
  if (type == numbers.set_capcontid && body.find("capcontid=") != std::string_view::npos)
    return ContainerRecordKind::kSetCapContid;
  return ContainerRecordKind::kNone;
}

bool carries_container_record(const Event& event) {
  for (const Record& record : event.records())
    if (record.container_kind != ContainerRecordKind::kNone) return true;
  return false;
}

std::string display_type_name(const Record& record) {
  switch (record.container_kind) {
    case ContainerRecordKind::kContainerOp:
      return "CONTAINER_OP";
    case ContainerRecordKind::kContainerId:
      return "CONTAINER_ID";
    case ContainerRecordKind::kSetCapContid:
      return "SET_CAPCONTID";
    case ContainerRecordKind::kNone:
      break;
  }
  return record_type_name(record.type);
}

}  // namespace contid

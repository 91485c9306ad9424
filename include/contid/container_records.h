// SPDX-License-Identifier: GPL-2.0-or-later
// Recognising the container records: their configured numbers, their kind
// (decided when a line is parsed) and the name they are printed with.
// What they say about an event is attribution.h's.
//
// Container records are recognised by number (configurable: the kernel
// series moved the aux record from 1332 to 1336, which mainline later gave to
// URINGOP; this project's kernel uses 1340) AND by field shape, so a URINGOP
// record is never taken for a CONTAINER_ID.
#pragma once

#include <string>
#include <string_view>

namespace contid {

class Event;
struct Record;

struct ContainerRecordNumbers {
  int container_op = 1020;
  int container_id = 1340;
  int set_capcontid = 1022;
};

// The record type numbers of the container records; the reader parses every
// record with them (parse_record), so a name and a number mean one thing.
// Parses "1020,1340" (CONTAINER_OP,CONTAINER_ID) or a preset name:
// "default" (1020,1340), "v11" / "v10" / "v9" (1020,1336), "v8" (1020,1335),
// "v7" (1020,1334). False with *error on anything else.
bool parse_record_numbers(std::string_view text, ContainerRecordNumbers* out, std::string* error);

// Which container record a record is. Decided once, when the line is parsed
// (parse_record sets Record::container_kind), and read from then on.
enum class ContainerRecordKind { kNone, kContainerOp, kContainerId, kSetCapContid };

// The rule parse_record applies: the type must equal the configured number
// and the body must have the shape (CONTAINER_ID: starts with record= or
// contid=; CONTAINER_OP: starts with op= and has contid=; SET_CAPCONTID: has
// capcontid=), so that a URINGOP record is never a CONTAINER_ID.
ContainerRecordKind container_record_kind(int type, std::string_view body,
                                          const ContainerRecordNumbers& numbers);

// True when any record of `event` is a container record (of any kind).
bool carries_container_record(const Event& event);

// Type name for printing: CONTAINER_OP / CONTAINER_ID / SET_CAPCONTID for a
// recognised container record, else the name libaudit gives the number.
std::string display_type_name(const Record& record);

}  // namespace contid

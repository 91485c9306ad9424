// SPDX-License-Identifier: GPL-2.0-or-later
// EventReader::read_file_selective: the one-pass fast path (see event_reader.h).
//
// Each line's event key is cut out as text without parsing numbers. Lines
// whose type is a container type are parsed and, if they may select their
// event, their key becomes a candidate. A line is decided once the reader is
// kLag bytes past it: candidates go through the full pipeline, the rest are
// only counted.
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cstring>
#include <deque>
#include <string>
#include <unordered_set>

#include "contid/event_reader.h"
#include "contid/log_input.h"

namespace contid {

namespace {

constexpr std::size_t kLag = 1u << 20;  // look-ahead for trailing container records

// A line's event identity and type, cut from its header.
struct LineHeader {
  std::string_view node;
  std::string_view type_name;
  std::string_view stamp;  // "sec.ms:serial"
};

// Cuts the header; false if it is not well formed in the ways parse_record()
// checks (the caller then lets the full parser report the line).
bool cut_header(std::string_view line, LineHeader* out) {
  const char* p = line.data();
  const char* end = p + line.size();
  if (line.starts_with("node=")) {
    const char* space = static_cast<const char*>(std::memchr(p, ' ', line.size()));
    if (!space) return false;
    out->node = std::string_view(p + 5, space - p - 5);
    p = space + 1;
  } else {
    out->node = {};
  }
  if (end - p < 5 || std::memcmp(p, "type=", 5) != 0) return false;
  p += 5;
  const char* space = static_cast<const char*>(std::memchr(p, ' ', end - p));
  if (!space || space == p) return false;
  out->type_name = std::string_view(p, space - p);
  p = space + 1;
  if (end - p < 10 || std::memcmp(p, "msg=audit(", 10) != 0) return false;
  p += 10;
  const char* close = static_cast<const char*>(std::memchr(p, ')', end - p));
  if (!close || close + 1 >= end || close[1] != ':') return false;
  // digits '.' digits(<=3) ':' digits, as parse_record() demands.
  const char* q = p;
  auto digits = [&](std::size_t max) {
    const char* start = q;
    while (q < close && static_cast<unsigned>(*q - '0') <= 9) ++q;
    return q > start && static_cast<std::size_t>(q - start) <= max;
  };
  if (!digits(19) || q == close || *q++ != '.') return false;
  if (!digits(3) || q == close || *q++ != ':') return false;
  if (!digits(20) || q != close) return false;
  out->stamp = std::string_view(p, close - p);
  return true;
}

// A cheap hash for short keys: 8-byte words mixed by multiplication.
struct KeyHash {
  using is_transparent = void;
  std::size_t operator()(std::string_view s) const noexcept {
    std::uint64_t h = 0x9e3779b97f4a7c15ULL ^ s.size();
    std::size_t i = 0;
    for (; i + 8 <= s.size(); i += 8) {
      std::uint64_t word;
      std::memcpy(&word, s.data() + i, 8);
      h = (h ^ word) * 0xff51afd7ed558ccdULL;
      h ^= h >> 32;
    }
    std::uint64_t tail = 0;
    std::memcpy(&tail, s.data() + i, s.size() - i);
    h = (h ^ tail) * 0xc4ceb9fe1a85ec53ULL;
    return static_cast<std::size_t>(h ^ (h >> 29));
  }
};

std::string_view key_of(const LineHeader& h, std::string* scratch) {
  if (h.node.empty()) return h.stamp;
  scratch->assign(h.node);
  scratch->push_back('|');
  scratch->append(h.stamp);
  return *scratch;
}

// The type names under which the configured container numbers can appear.
std::vector<std::string> container_type_names(const ContainerRecordNumbers& numbers) {
  std::vector<std::string> names = {"CONTAINER_OP", "CONTAINER_ID", "SET_CAPCONTID"};
  for (int n : {numbers.container_op, numbers.container_id, numbers.set_capcontid}) {
    names.push_back(record_type_name(n));
    names.push_back("UNKNOWN[" + std::to_string(n) + "]");
    names.push_back(std::to_string(n));
  }
  return names;
}

struct PendingLine {
  std::size_t offset;
  std::uint32_t length;
  bool well_formed;  // header cut; decided by the candidate set
  bool too_long;
  std::uint64_t number;
  LineHeader header;  // views into the mapping, when well_formed
};

}  // namespace

bool EventReader::read_file_selective(const std::string& path,
                                      const std::function<bool(const Record&)>& may_select) {
  if (stopped_) return true;
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  struct stat st {};
  if (fd < 0 || ::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
    if (fd >= 0) ::close(fd);
    return read_file(path);  // reports the problem, or reads a non-regular file normally
  }
  const std::size_t size = static_cast<std::size_t>(st.st_size);
  if (size == 0) {
    ::close(fd);
    return true;
  }
  void* mapped = ::mmap(nullptr, size, PROT_READ, MAP_PRIVATE, fd, 0);
  ::close(fd);
  if (mapped == MAP_FAILED) return read_file(path);
  ::madvise(mapped, size, MADV_SEQUENTIAL);
  const char* data = static_cast<const char*>(mapped);
  const std::size_t page = static_cast<std::size_t>(::sysconf(_SC_PAGESIZE));
  std::size_t released = 0;

  const std::vector<std::string> container_names = container_type_names(numbers_);
  std::uint64_t container_name_lengths = 0;  // bit n: some name has length n
  for (const auto& name : container_names)
    if (name.size() < 64) container_name_lengths |= 1ULL << name.size();
  auto is_container_type_name = [&](std::string_view name) {
    if (name.size() >= 64 || !(container_name_lengths >> name.size() & 1)) return false;
    return std::find(container_names.begin(), container_names.end(), name) != container_names.end();
  };
  std::unordered_set<std::string, KeyHash, std::equal_to<>> candidates;
  // A 64 Kibit filter in front of the set: most lines are rejected by one bit.
  std::vector<std::uint64_t> candidate_bits(1024, 0);
  auto add_candidate = [&](std::string_view key) {
    std::size_t h = KeyHash{}(key)&0xffff;
    candidate_bits[h >> 6] |= 1ULL << (h & 63);
    candidates.emplace(key);
  };
  auto is_candidate = [&](std::string_view key) {
    std::size_t h = KeyHash{}(key)&0xffff;
    if (!(candidate_bits[h >> 6] >> (h & 63) & 1)) return false;
    return candidates.count(key) > 0;
  };
  std::deque<PendingLine> pending;
  std::string scratch;
  // Events whose registration the log lost but the store kept are candidates
  // by that record.
  // The others are counted as restorable when their event is skipped (so
  // the tools can tell lost registrations from kept ones).
  std::unordered_set<std::string, KeyHash, std::equal_to<>> restorable;
  if (store_) {
    store_->for_each([&](const Record& record) {
      LineHeader h;
      if (!cut_header(record.line, &h)) return;
      if (may_select(record))
        add_candidate(key_of(h, &scratch));
      else
        restorable.emplace(key_of(h, &scratch));
    });
  }

  auto decide = [&](const PendingLine& p) {
    std::string_view line(data + p.offset, p.length);
    SourceLocation where{path, p.number};
    if (p.too_long) {
      ++lines_;
      if (diagnostics_)
        diagnostics_->report(
            where, "line-too-long",
            "line longer than " + std::to_string(kMaxLineLength) + " bytes skipped");
      return;
    }
    if (p.well_formed) {
      std::string_view key = key_of(p.header, &scratch);
      if (!is_candidate(key)) {
        ++lines_;  // a well-formed record of an event that cannot match
        ++records_;
        if (!restorable.empty()) {
          auto it = restorable.find(key);
          if (it != restorable.end()) {
            restorable.erase(it);
            ++restored_;
          }
        }
        return;
      }
    }
    add_line(line, where);
  };

  std::uint64_t line_number = 0;
  std::size_t pos = 0;
  while (pos < size) {
    const void* nl = std::memchr(data + pos, '\n', size - pos);
    std::size_t stop = nl ? static_cast<const char*>(nl) - data : size;
    std::string_view line(data + pos, stop - pos);
    PendingLine p{
        pos,           static_cast<std::uint32_t>(std::min(line.size(), kMaxLineLength + 1)),
        false,         line.size() > kMaxLineLength,
        ++line_number, {}};
    if (!nl && diagnostics_)
      diagnostics_->report(SourceLocation{path, line_number}, "truncated-line",
                           "last line has no newline (file still being written?)");
    LineHeader& h = p.header;
    if (!p.too_long && cut_header(line, &h)) {
      p.well_formed = true;
      if (is_container_type_name(h.type_name)) {
        Record record;
        std::string error;
        if (parse_record(line, numbers_, &record, &error) && may_select(record))
          add_candidate(key_of(h, &scratch));
      }
    }
    pending.push_back(p);
    // Decide the lines the reader is now far enough past.
    while (!pending.empty() && pending.front().offset + kLag < stop) {
      decide(pending.front());
      pending.pop_front();
      if (stopped_) {  // the sink has seen enough: read no further
        ::munmap(mapped, size);
        return true;
      }
    }
    // Give back pages already decided.
    std::size_t decided_to = pending.empty() ? stop : pending.front().offset;
    if (decided_to >= released + (8u << 20)) {
      std::size_t release_end = (decided_to / page) * page;
      ::madvise(static_cast<char*>(mapped) + released, release_end - released, MADV_DONTNEED);
      released = release_end;
    }
    pos = stop + 1;
  }
  for (const PendingLine& p : pending) {
    decide(p);
    if (stopped_) break;
  }
  ::munmap(mapped, size);
  return true;
}

}  // namespace contid

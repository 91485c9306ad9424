// SPDX-License-Identifier: GPL-2.0-or-later
// libFuzzer target: line splitter + reader + assembler + attribution + chain grammar.
// Any input must yield events and diagnostics, never a crash, a leak or UB.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "contid/attribution.h"
#include "contid/container_id.h"
#include "contid/contid_selector.h"
#include "contid/event_reader.h"
#include "contid/line_splitter.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  contid::Diagnostics diagnostics(16);
  contid::ContidSelector selector;
  selector.ids = {1, 2, 4};
  selector.unset = true;
  std::uint64_t events = 0;
  contid::ReaderOptions options;
  options.max_open_events = 64;
  contid::EventReader reader(
      options,
      [&](contid::Event&& event) {
        ++events;
        auto attribution = contid::attribute(event);
        (void)selector.matches(attribution);
        (void)selector.matching_ids(attribution);
        (void)attribution.all_ids();
      },
      &diagnostics);
  // Fed in two pieces cut where the first byte says, as a stream arrives.
  contid::LineSplitter lines("fuzz", &diagnostics,
                             [&](std::string_view line, const contid::SourceLocation& where) {
                               reader.add_line(line, where);
                             });
  const std::size_t cut = text.empty() ? 0 : static_cast<unsigned char>(text[0]) % text.size();
  lines.feed(text.substr(0, cut));
  lines.feed(text.substr(cut));
  lines.finish();
  reader.finish();
  // The chain grammar on its own, on the first line.
  std::vector<contid::ContainerChain> chains;
  std::string error;
  if (contid::parse_contid_list(text.substr(0, text.find('\n')), &chains, &error))
    (void)contid::format_contid_list(chains);
  return 0;
}

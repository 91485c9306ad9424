#include "contid/option_values.h"

#include <charconv>

namespace contid {

bool parse_eoe_timeout(std::string_view where, std::string_view value, unsigned* seconds,
                       std::string* error) {
  unsigned n = 0;
  auto result = std::from_chars(value.data(), value.data() + value.size(), n);
  if (value.empty() || result.ec != std::errc() || result.ptr != value.data() + value.size() ||
      n < 1 || n > kMaxEoeTimeoutSeconds) {
    if (error) {
      *error = "'" + std::string(where) + " " + std::string(value) +
               "' is not a whole number of seconds in 1.." + std::to_string(kMaxEoeTimeoutSeconds);
    }
    return false;
  }
  *seconds = n;
  return true;
}

}  // namespace contid

#include "contid/option_values.h"

#include "text.h"

namespace contid {

bool parse_eoe_timeout(std::string_view where, std::string_view value, unsigned* seconds,
                       std::string* error) {
  const auto n = parse_integer<unsigned>(value);
  if (!n || *n < 1 || *n > kMaxEoeTimeoutSeconds) {
    if (error) {
      *error = "'" + std::string(where) + " " + std::string(value) +
               "' is not a whole number of seconds in 1.." + std::to_string(kMaxEoeTimeoutSeconds);
    }
    return false;
  }
  *seconds = *n;
  return true;
}

}  // namespace contid

// Values that command lines and configuration files share, parsed one way
// in every program.
#pragma once

#include <string>
#include <string_view>

namespace contid {

// Upper bound of the end-of-event timeout, in seconds.
inline constexpr unsigned kMaxEoeTimeoutSeconds = 3600;

// The end-of-event timeout (ausearch-ext and aureport-ext --eoe-timeout,
// audisp-contid's eoe_timeout): whole seconds, 1..kMaxEoeTimeoutSeconds.
// ausearch and aureport 3.0.9 take any non-zero decimal (strtoul); the upper
// bound keeps a typo from holding events open for days. On error, names
// `where` (an option or a file:line key) and the value.
bool parse_eoe_timeout(std::string_view where, std::string_view value, unsigned* seconds,
                       std::string* error);

}  // namespace contid

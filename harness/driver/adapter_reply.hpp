#pragma once
// One line an adapter wrote on stdout, read as a section-9 answer: a JSON object with a boolean
// "ok". Anything else is garbage, and the error quotes the start of the line. (Whether an ok:false
// answer carries "error" is for the checks to judge, not for the driver.)
#include <string_view>

#include "harness/driver/device_driver.hpp"
#include "reference/core/result.hpp"

namespace syncsuite::driver {

// The answer, or Error{"garbage"} saying what is wrong ("not JSON", "not a JSON object", "no
// boolean \"ok\"") and quoting the line's start.
Result<Json> parse_adapter_reply(std::string_view line);

}  // namespace syncsuite::driver

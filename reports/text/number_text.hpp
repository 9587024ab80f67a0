#pragma once
// Numbers in reports: fixed decimals, independent of the process locale, so golden files are
// stable.
#include <string>

namespace syncsuite::reports::text {

// `value` with exactly `decimals` digits after the point, e.g. fixed(12.345, 1) == "12.3".
std::string fixed(double value, int decimals);

}  // namespace syncsuite::reports::text

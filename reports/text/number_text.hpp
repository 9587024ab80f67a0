#pragma once
// Numbers in reports: fixed decimals, independent of the process locale, so golden files are
// stable.
#include <string>

namespace syncsuite::reports::text {

// `value` with exactly `decimals` digits after the point, e.g. fixed(12.345, 1) == "12.3".
std::string fixed(double value, int decimals);

// `value` with at most `decimals` digits after the point and no trailing zeros:
// compact(250, 3) == "250", compact(0.1, 3) == "0.1", compact(212.4567, 2) == "212.46".
std::string compact(double value, int decimals);

}  // namespace syncsuite::reports::text

#pragma once
// Reading the fields of a section-9 request (contract 9) with errors that name the op and the
// field: "put: field \"table\" must be a string". No other logic.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "harness/driver/device_driver.hpp"
#include "reference/core/result.hpp"

namespace syncsuite::driver {

// A required string field.
Result<std::string> string_field(const Json& request, std::string_view op, std::string_view name);
// An optional string field: nullopt when absent or null.
Result<std::optional<std::string>> optional_string(const Json& request, std::string_view op,
                                                   std::string_view name);
// A required JSON object field.
Result<Json> object_field(const Json& request, std::string_view op, std::string_view name);
// An optional boolean field: `fallback` when absent.
Result<bool> optional_bool(const Json& request, std::string_view op, std::string_view name,
                           bool fallback);
// An optional integer field within [min, max]: nullopt when absent.
Result<std::optional<std::int64_t>> optional_int(const Json& request, std::string_view op,
                                                 std::string_view name, std::int64_t min,
                                                 std::int64_t max);

}  // namespace syncsuite::driver

#include "harness/driver/request_fields.hpp"

namespace syncsuite::driver {
namespace {

Error bad_field(std::string_view op, std::string_view name, std::string_view rule) {
  return make_error("bad_request",
                    std::string(op) + ": field \"" + std::string(name) + "\" " + std::string(rule));
}

const Json* find(const Json& request, std::string_view name) {
  const auto it = request.find(std::string(name));
  return it == request.end() || it->is_null() ? nullptr : &*it;
}

}  // namespace

Result<std::string> string_field(const Json& request, std::string_view op, std::string_view name) {
  const Json* value = find(request, name);
  if (value == nullptr) return bad_field(op, name, "is missing");
  if (!value->is_string()) return bad_field(op, name, "must be a string");
  return value->get<std::string>();
}

Result<std::optional<std::string>> optional_string(const Json& request, std::string_view op,
                                                   std::string_view name) {
  const Json* value = find(request, name);
  if (value == nullptr) return std::optional<std::string>();
  if (!value->is_string()) return bad_field(op, name, "must be a string");
  return std::optional<std::string>(value->get<std::string>());
}

Result<Json> object_field(const Json& request, std::string_view op, std::string_view name) {
  const Json* value = find(request, name);
  if (value == nullptr) return bad_field(op, name, "is missing");
  if (!value->is_object()) return bad_field(op, name, "must be a JSON object");
  return *value;
}

Result<bool> optional_bool(const Json& request, std::string_view op, std::string_view name,
                           bool fallback) {
  const Json* value = find(request, name);
  if (value == nullptr) return fallback;
  if (!value->is_boolean()) return bad_field(op, name, "must be true or false");
  return value->get<bool>();
}

Result<std::optional<std::int64_t>> optional_int(const Json& request, std::string_view op,
                                                 std::string_view name, std::int64_t min,
                                                 std::int64_t max) {
  const Json* value = find(request, name);
  if (value == nullptr) return std::optional<std::int64_t>();
  const std::string range = std::to_string(min) + " to " + std::to_string(max);
  if (!value->is_number_integer()) return bad_field(op, name, "must be an integer, " + range);
  const auto n = value->get<std::int64_t>();
  if (n < min || n > max) return bad_field(op, name, "must be " + range);
  return std::optional<std::int64_t>(n);
}

}  // namespace syncsuite::driver

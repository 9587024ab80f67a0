#pragma once
// Paths into a JSON body, as scenarios write them: "results[0].server.version", "records[-1].id"
// (negative indexes count from the end), "cursor"; "" is the whole value.
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include <nlohmann/json.hpp>

namespace syncsuite::scenario {

using PathPart = std::variant<std::string, long long>;  // member name or array index

// nullopt when `path` is malformed ("a..b", "a[x]", "a[").
std::optional<std::vector<PathPart>> parse_json_path(std::string_view path);
bool valid_json_path(std::string_view path);

// The value at `path`, or nullptr when a part does not exist (or the path is malformed).
const nlohmann::json* find_json(const nlohmann::json& root, std::string_view path);

}  // namespace syncsuite::scenario

#pragma once
// The request target: its path (matched exactly) and its query string, percent-decoded.
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "reference/core/result.hpp"

namespace syncsuite::server {

// "/api/v1/sync/pull/?since=c4" -> "/api/v1/sync/pull/"
std::string_view target_path(std::string_view target);

using QueryParams = std::vector<std::pair<std::string, std::string>>;

// Name-value pairs in order; '+' is a space and %XX a byte. A bad %-escape is an error.
Result<QueryParams> parse_query(std::string_view target);

// The last value of `name` (as Django's QueryDict.get), nullopt when absent.
std::optional<std::string> query_value(const QueryParams& params, std::string_view name);

}  // namespace syncsuite::server

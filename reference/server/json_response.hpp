#pragma once
// Building responses: every body is JSON with Content-Type application/json; errors carry
// {"detail": "..."} naming the field and the rule.
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "reference/core/result.hpp"
#include "reference/protocol/http_message.hpp"

namespace syncsuite::server {

protocol::HttpResponse json_response(int status, const nlohmann::json& body);
// A body already written as JSON text (json_text.hpp).
protocol::HttpResponse json_text_response(int status, std::string body);
protocol::HttpResponse error_response(int status, std::string_view detail);
// A database failure: 503 (with Retry-After) when the write lock stayed busy, else 500.
protocol::HttpResponse store_failure(const Error& error);
// Now, as the contract's RFC 3339 millisecond text.
std::string server_time();

}  // namespace syncsuite::server

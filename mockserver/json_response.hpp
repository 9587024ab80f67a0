#pragma once
// JSON answers made by the mock server itself (front-end errors, injected faults, control
// endpoint), shaped like the contract's errors: a JSON object with "detail".
#include <string_view>

#include <nlohmann/json.hpp>

#include "reference/protocol/http_message.hpp"

namespace syncsuite::mockserver {

protocol::HttpResponse json_response(int status, const nlohmann::json& body);
// {"detail": detail}
protocol::HttpResponse json_error(int status, std::string_view detail);

}  // namespace syncsuite::mockserver

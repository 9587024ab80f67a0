#include "mockserver/json_response.hpp"

#include <string>

namespace syncsuite::mockserver {

protocol::HttpResponse json_response(int status, const nlohmann::json& body) {
  protocol::HttpResponse response;
  response.status = status;
  response.headers.push_back({"Content-Type", "application/json"});
  // Replace invalid UTF-8 rather than throw: details may quote what a client sent.
  response.body = body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  return response;
}

protocol::HttpResponse json_error(int status, std::string_view detail) {
  return json_response(status, {{"detail", std::string(detail)}});
}

}  // namespace syncsuite::mockserver

#include "reference/server/json_response.hpp"

#include <utility>

#include "reference/core/timestamp.hpp"
#include "reference/store/sqlite.hpp"

namespace syncsuite::server {

protocol::HttpResponse json_text_response(int status, std::string body) {
  protocol::HttpResponse response;
  response.status = status;
  response.headers.push_back({"Content-Type", "application/json"});
  response.body = std::move(body);
  return response;
}

protocol::HttpResponse json_response(int status, const nlohmann::json& body) {
  // replace: a stray invalid UTF-8 byte in a message must not turn into an exception here.
  return json_text_response(status,
                            body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
}

protocol::HttpResponse error_response(int status, std::string_view detail) {
  return json_response(status, nlohmann::json{{"detail", detail}});
}

protocol::HttpResponse store_failure(const Error& error) {
  if (store::sqlite::is_busy(error)) {
    auto response = error_response(503, "database busy, retry later: " + error.message);
    response.headers.push_back({"Retry-After", "1"});
    return response;
  }
  return error_response(500, "internal error: " + error.message);
}

std::string server_time() { return timestamp::system_now_text(); }

}  // namespace syncsuite::server

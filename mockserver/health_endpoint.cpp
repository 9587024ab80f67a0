#include "mockserver/health_endpoint.hpp"

#include "reference/server/json_response.hpp"

namespace syncsuite::mockserver {

bool is_health_target(std::string_view target) {
  const auto path = target.substr(0, target.find('?'));
  return path == kHealthPath;
}

protocol::HttpResponse handle_health(const protocol::HttpRequest& request) {
  if (request.method != "GET" && request.method != "HEAD") {
    auto response = server::error_response(405, "Method \"" + request.method + "\" not allowed; use GET, HEAD");
    response.headers.push_back({"Allow", "GET, HEAD"});
    return response;
  }
  protocol::HttpResponse response;
  response.status = 200;
  response.headers.push_back({"Content-Type", "application/json"});
  response.body = R"({"status":"ok"})";
  return response;
}

}  // namespace syncsuite::mockserver

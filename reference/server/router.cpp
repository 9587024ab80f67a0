#include "reference/server/router.hpp"

#include <array>

#include "reference/protocol/limits.hpp"
#include "reference/server/key_handler.hpp"
#include "reference/server/pull_handler.hpp"
#include "reference/server/push_handler.hpp"
#include "reference/server/query.hpp"
#include "reference/server/resolve_handler.hpp"
#include "reference/server/status_handler.hpp"

namespace syncsuite::server {

std::span<const Route> routes() {
  static const std::array<Route, 5> table = {{
      {protocol::kPushPath, "POST", &handle_push},
      {protocol::kPullPath, "GET", &handle_pull},
      {protocol::kResolvePath, "POST", &handle_resolve},
      {protocol::kStatusPath, "GET", &handle_status},
      {protocol::kKeyPath, "PUT", &handle_key},
  }};
  return table;
}

RouteMatch match_route(std::string_view method, std::string_view target) {
  const std::string_view path = target_path(target);
  RouteMatch match;
  for (const auto& route : routes()) {
    if (route.path != path) continue;
    if (route.method == method) {
      match.kind = RouteMatch::Kind::found;
      match.handler = route.handler;
      return match;
    }
    match.kind = RouteMatch::Kind::wrong_method;
    if (!match.allow.empty()) match.allow += ", ";
    match.allow += route.method;
  }
  return match;
}

}  // namespace syncsuite::server

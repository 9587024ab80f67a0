#pragma once
// Path and method to handler. Paths match exactly, trailing slash included; the query string
// plays no part here.
#include <span>
#include <string>
#include <string_view>

#include "reference/server/request_context.hpp"

namespace syncsuite::server {

struct Route {
  std::string_view path;
  std::string_view method;
  Handler handler;
};

// The service's endpoints, one row each.
std::span<const Route> routes();

struct RouteMatch {
  enum class Kind { found, unknown_path, wrong_method };
  Kind kind = Kind::unknown_path;
  Handler handler = nullptr;  // when found
  std::string allow;          // when wrong_method: the path's methods, "GET, PUT"
};

RouteMatch match_route(std::string_view method, std::string_view target);

}  // namespace syncsuite::server

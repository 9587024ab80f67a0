#include "reference/server/router.hpp"

#include <gtest/gtest.h>

#include <set>

namespace syncsuite::server {
namespace {

TEST(Router, EveryContractPathHasOneHandler) {
  std::set<std::string_view> paths;
  for (const auto& route : routes()) {
    EXPECT_TRUE(paths.insert(route.path).second) << route.path;
    EXPECT_NE(route.handler, nullptr);
    EXPECT_EQ(route.path.back(), '/');
    EXPECT_EQ(match_route(route.method, route.path).kind, RouteMatch::Kind::found);
    EXPECT_EQ(match_route(route.method, std::string(route.path) + "?a=b").handler, route.handler);
  }
  EXPECT_EQ(paths.size(), 5u);
}

TEST(Router, WrongMethodNamesTheAllowedOne) {
  const auto match = match_route("GET", "/api/v1/sync/push/");
  EXPECT_EQ(match.kind, RouteMatch::Kind::wrong_method);
  EXPECT_EQ(match.allow, "POST");
  EXPECT_EQ(match_route("get", "/api/v1/sync/pull/").kind, RouteMatch::Kind::wrong_method)
      << "methods are case-sensitive";
}

TEST(Router, PathsMatchExactly) {
  for (const char* target : {"/api/v1/sync/push", "/api/v1/sync/push//", "api/v1/sync/push/",
                             "/API/v1/sync/push/", "/api/v1/sync/push/%2F", ""}) {
    EXPECT_EQ(match_route("POST", target).kind, RouteMatch::Kind::unknown_path) << target;
  }
}

}  // namespace
}  // namespace syncsuite::server

#include "mockserver/health_endpoint.hpp"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "mockserver/fault_plan.hpp"
#include "tests/unit/mockserver/server_fixture.hpp"

namespace syncsuite::mockserver {
namespace {

protocol::HttpRequest request(std::string method, std::string target) {
  protocol::HttpRequest out;
  out.method = std::move(method);
  out.target = std::move(target);
  return out;
}

TEST(HealthTarget, IsTheHealthzPathWithOrWithoutAQuery) {
  EXPECT_TRUE(is_health_target("/healthz"));
  EXPECT_TRUE(is_health_target("/healthz?probe=lb"));
  EXPECT_FALSE(is_health_target("/healthz/"));
  EXPECT_FALSE(is_health_target("/healthzz"));
  EXPECT_FALSE(is_health_target("/api/v1/sync/status/"));
}

TEST(HealthEndpoint, GetAndHeadAnswerOk) {
  for (const char* method : {"GET", "HEAD"}) {
    const auto response = handle_health(request(method, "/healthz"));
    EXPECT_EQ(response.status, 200) << method;
    EXPECT_EQ(response.header("Content-Type"), "application/json");
    EXPECT_EQ(nlohmann::json::parse(response.body)["status"], "ok");
  }
}

TEST(HealthEndpoint, OtherMethodsAre405NamingTheAllowedOnes) {
  const auto response = handle_health(request("POST", "/healthz"));
  EXPECT_EQ(response.status, 405);
  EXPECT_EQ(response.header("Allow"), "GET, HEAD");
  EXPECT_TRUE(nlohmann::json::parse(response.body).contains("detail"));
}

using HealthServer = testing::ServerFixture;

// Over HTTP: no token needed, keep-alive, never journaled nor faulted (a plan that drops every
// request leaves it alone).
TEST_F(HealthServer, AnswersWithoutTokenJournalOrFaults) {
  auto server = start();
  ASSERT_TRUE(server);
  server->faults().install(parse_fault_plan(R"({"rules": [{"action": "drop"}]})").value());
  testing::TestClient client;
  ASSERT_FALSE(client.connect(server->port()));
  for (int i = 0; i < 2; ++i) {
    testing::beast::error_code ec;
    auto response = client.roundtrip(testing::make_request(testing::http::verb::get, "/healthz"), ec);
    ASSERT_FALSE(ec) << ec.message();
    EXPECT_EQ(response.result_int(), 200u);
    EXPECT_TRUE(response.keep_alive());
    EXPECT_EQ(nlohmann::json::parse(response.body())["status"], "ok");
  }
  EXPECT_TRUE(server->journal().entries().empty());
  EXPECT_EQ(server->faults().rules()[0].matched, 0u);
}

}  // namespace
}  // namespace syncsuite::mockserver

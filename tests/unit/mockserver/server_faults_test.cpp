// Each fault action acted out by a real server on a real connection, with its effect on the
// store (was the request handled?) and its journal entry.
#include <gtest/gtest.h>

#include <string>

#include "mockserver/server.hpp"
#include "tests/unit/mockserver/server_fixture.hpp"

namespace syncsuite::mockserver::testing {
namespace {

class ServerFaults : public ServerFixture {
 protected:
  void SetUp() override {
    server_ = start();
    ASSERT_TRUE(server_);
    token_ = new_token(*server_);
  }

  void install(const std::string& plan_json) {
    auto plan = parse_fault_plan(plan_json);
    ASSERT_TRUE(plan.ok()) << plan.error().message;
    server_->faults().install(std::move(plan).value());
  }

  Request push(const std::string& id) {
    return make_request(http::verb::post, "/api/v1/sync/push/", token_, push_body(id));
  }

  JournalEntry first_entry() {
    const auto entries = server_->journal().entries();
    EXPECT_FALSE(entries.empty());
    return entries.empty() ? JournalEntry{} : entries.front();
  }

  std::unique_ptr<Server> server_;
  std::string token_;
};

TEST_F(ServerFaults, DelayStillAnswers) {
  install(R"({"rules": [{"action": "delay", "delay_ms": 50}]})");
  TestClient client;
  ASSERT_FALSE(client.connect(server_->port()));
  beast::error_code ec;
  auto response = client.roundtrip(push("r1"), ec);
  ASSERT_FALSE(ec) << ec.message();
  EXPECT_EQ(response.result_int(), 200u);
  EXPECT_EQ(record_count(server_->port(), token_), 1);
  const auto entry = first_entry();
  EXPECT_EQ(entry.fault, "delay");
  EXPECT_EQ(entry.outcome, Outcome::answered);
  EXPECT_TRUE(entry.handled);
}

TEST_F(ServerFaults, StatusAnswersWithoutHandling) {
  install(R"({"rules": [{"method": "POST", "action": "status", "status": 503}]})");
  TestClient client;
  ASSERT_FALSE(client.connect(server_->port()));
  beast::error_code ec;
  auto response = client.roundtrip(push("r1"), ec);
  ASSERT_FALSE(ec) << ec.message();
  EXPECT_EQ(response.result_int(), 503u);
  EXPECT_EQ(response[http::field::content_type], "application/json");
  EXPECT_TRUE(nlohmann::json::parse(response.body()).contains("detail"));
  EXPECT_TRUE(response.keep_alive());
  EXPECT_EQ(record_count(server_->port(), token_), 0);
  const auto entry = first_entry();
  EXPECT_EQ(entry.status, 503);
  EXPECT_EQ(entry.fault, "status");
  EXPECT_FALSE(entry.handled);
}

TEST_F(ServerFaults, StatusWithACustomBody) {
  install(R"({"rules": [{"action": "status", "status": 429, "body": {"detail": "slow down"}}]})");
  TestClient client;
  ASSERT_FALSE(client.connect(server_->port()));
  beast::error_code ec;
  auto response = client.roundtrip(push("r1"), ec);
  ASSERT_FALSE(ec);
  EXPECT_EQ(response.result_int(), 429u);
  EXPECT_EQ(nlohmann::json::parse(response.body())["detail"], "slow down");
}

TEST_F(ServerFaults, DropClosesBeforeHandling) {
  install(R"({"rules": [{"method": "POST", "action": "drop"}]})");
  TestClient client;
  ASSERT_FALSE(client.connect(server_->port()));
  beast::error_code ec;
  client.roundtrip(push("r1"), ec);
  EXPECT_EQ(ec, http::error::end_of_stream) << ec.message();
  EXPECT_EQ(record_count(server_->port(), token_), 0);
  const auto entry = first_entry();
  EXPECT_EQ(entry.outcome, Outcome::dropped);
  EXPECT_EQ(entry.status, 0);
  EXPECT_FALSE(entry.handled);
}

TEST_F(ServerFaults, DropAfterCommitStoresButNeverAnswers) {
  install(R"({"rules": [{"method": "POST", "nth": 1, "action": "drop-after-commit"}]})");
  {
    TestClient client;
    ASSERT_FALSE(client.connect(server_->port()));
    beast::error_code ec;
    client.roundtrip(push("r1"), ec);
    EXPECT_EQ(ec, http::error::end_of_stream) << ec.message();
  }
  EXPECT_EQ(record_count(server_->port(), token_), 1);
  const auto entries = server_->journal().entries();
  ASSERT_FALSE(entries.empty());
  EXPECT_EQ(entries.front().outcome, Outcome::dropped_after_commit);
  EXPECT_EQ(entries.front().status, 200);
  EXPECT_TRUE(entries.front().handled);

  // The client's retry of the same push is an idempotent retry (contract 4.2), and is answered.
  TestClient retry;
  ASSERT_FALSE(retry.connect(server_->port()));
  beast::error_code ec;
  auto response = retry.roundtrip(push("r1"), ec);
  ASSERT_FALSE(ec) << ec.message();
  ASSERT_EQ(response.result_int(), 200u);
  const auto result = nlohmann::json::parse(response.body())["results"][0];
  EXPECT_EQ(result["status"], "accepted");
  EXPECT_EQ(result["version"], 1);
}

TEST_F(ServerFaults, ResetAbortsTheConnectionBeforeHandling) {
  install(R"({"rules": [{"action": "reset"}]})");
  TestClient client;
  ASSERT_FALSE(client.connect(server_->port()));
  beast::error_code ec;
  client.roundtrip(push("r1"), ec);
  EXPECT_EQ(ec, net::error::connection_reset) << ec.message();
  server_->faults().clear();
  EXPECT_EQ(record_count(server_->port(), token_), 0);
  EXPECT_EQ(first_entry().outcome, Outcome::reset);
}

TEST_F(ServerFaults, TruncateSendsOnlyTheFirstBytes) {
  install(R"({"rules": [{"method": "POST", "action": "truncate", "truncate_bytes": 12}]})");
  TestClient client;
  ASSERT_FALSE(client.connect(server_->port()));
  auto request = push("r1");
  ASSERT_FALSE(client.write(request));
  beast::error_code ec;
  const std::string received = client.read_to_end(ec);
  EXPECT_EQ(ec, net::error::eof);
  EXPECT_EQ(received, "HTTP/1.1 200");
  EXPECT_EQ(record_count(server_->port(), token_), 1);
  const auto entry = first_entry();
  EXPECT_EQ(entry.outcome, Outcome::truncated);
  EXPECT_TRUE(entry.handled);
}

TEST_F(ServerFaults, TruncateByDefaultCutsTheResponseInHalf) {
  install(R"({"rules": [{"action": "truncate"}]})");
  TestClient client;
  ASSERT_FALSE(client.connect(server_->port()));
  beast::error_code ec;
  client.roundtrip(push("r1"), ec);
  EXPECT_EQ(ec, http::error::partial_message) << ec.message();
}

TEST_F(ServerFaults, NthRuleHitsOnlyTheNthRequest) {
  install(R"({"rules": [{"method": "POST", "nth": 2, "action": "drop"}]})");
  for (int i = 1; i <= 3; ++i) {
    TestClient client;
    ASSERT_FALSE(client.connect(server_->port()));
    beast::error_code ec;
    auto response = client.roundtrip(push("r" + std::to_string(i)), ec);
    if (i == 2) {
      EXPECT_EQ(ec, http::error::end_of_stream) << "request " << i;
    } else {
      EXPECT_FALSE(ec) << "request " << i << ": " << ec.message();
      EXPECT_EQ(response.result_int(), 200u);
    }
  }
  EXPECT_EQ(record_count(server_->port(), token_), 2);
}

TEST_F(ServerFaults, ControlRequestsAreNeverFaulted) {
  ServerOptions options;
  options.control = true;
  auto server = start(options, "control");
  ASSERT_TRUE(server);
  server->faults().install(parse_fault_plan(R"({"rules": [{"action": "drop"}]})").value());
  TestClient client;
  ASSERT_FALSE(client.connect(server->port()));
  beast::error_code ec;
  auto removed =
      client.roundtrip(make_request(http::verb::delete_, "/__syncsuite/control/faults/"), ec);
  ASSERT_FALSE(ec) << ec.message();
  EXPECT_EQ(removed.result_int(), 200u);
  auto status = client.roundtrip(make_request(http::verb::get, "/api/v1/sync/status/"), ec);
  ASSERT_FALSE(ec) << ec.message();
  EXPECT_EQ(status.result_int(), 401u);
}

}  // namespace
}  // namespace syncsuite::mockserver::testing

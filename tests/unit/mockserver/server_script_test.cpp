// The mock server as the client-conformance runner uses it: whole exchanges in the journal
// (ServerOptions::journal_exchanges) and a request handler put in front of the core
// (ServerOptions::handler).
#include "mockserver/server.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <string>

#include "tests/unit/mockserver/server_fixture.hpp"

namespace syncsuite::mockserver::testing {
namespace {

using ServerScriptTest = ServerFixture;

std::string header_of(const JournalEntry& entry, std::string_view name) {
  for (const auto& h : entry.headers) {
    if (h.name == name) return h.value;
  }
  return "<none>";
}

TEST_F(ServerScriptTest, JournalKeepsWholeExchangesWithoutTheToken) {
  ServerOptions options;
  options.journal_exchanges = true;
  auto server = start(options);
  ASSERT_TRUE(server);
  const auto token = new_token(*server);
  TestClient client;
  ASSERT_FALSE(client.connect(server->port()));
  beast::error_code ec;
  const std::string body = push_body("r1");
  auto answer = client.roundtrip(make_request(http::verb::post, "/api/v1/sync/push/", token, body), ec);
  ASSERT_FALSE(ec);
  const auto entries = server->journal().entries();
  ASSERT_EQ(entries.size(), 1u);
  EXPECT_EQ(entries[0].request_body, body);
  EXPECT_EQ(entries[0].response_body, answer.body());
  EXPECT_EQ(header_of(entries[0], "Authorization"), "Token " + device_label("Token " + token));
  EXPECT_EQ(header_of(entries[0], "Content-Type"), "application/json");
  const auto json = server->journal().to_json().dump();
  EXPECT_EQ(json.find(token), std::string::npos);
  EXPECT_NE(json.find("request_body"), std::string::npos);
}

TEST_F(ServerScriptTest, JournalKeepsNoBodiesByDefault) {
  auto server = start();
  ASSERT_TRUE(server);
  const auto token = new_token(*server);
  TestClient client;
  ASSERT_FALSE(client.connect(server->port()));
  beast::error_code ec;
  client.roundtrip(make_request(http::verb::post, "/api/v1/sync/push/", token, push_body("r1")), ec);
  ASSERT_FALSE(ec);
  const auto entries = server->journal().entries();
  ASSERT_EQ(entries.size(), 1u);
  EXPECT_TRUE(entries[0].request_body.empty());
  EXPECT_TRUE(entries[0].response_body.empty());
  EXPECT_TRUE(entries[0].headers.empty());
  EXPECT_GT(entries[0].request_bytes, 0u);
}

TEST_F(ServerScriptTest, JournalKeepsTheBodyOfAnAnswerAFaultDropped) {
  ServerOptions options;
  options.journal_exchanges = true;
  auto parsed = parse_fault_plan(R"({"rules":[{"path":"/api/v1/sync/push/","nth":1,"action":"drop-after-commit"}]})");
  ASSERT_TRUE(parsed.ok());
  options.faults = *parsed;
  auto server = start(options);
  ASSERT_TRUE(server);
  const auto token = new_token(*server);
  TestClient client;
  ASSERT_FALSE(client.connect(server->port()));
  beast::error_code ec;
  client.roundtrip(make_request(http::verb::post, "/api/v1/sync/push/", token, push_body("r1")), ec);
  EXPECT_TRUE(ec);  // the answer never came
  ASSERT_TRUE(eventually([&] { return server->journal().total() == 1; }));
  const auto entries = server->journal().entries();
  EXPECT_EQ(entries[0].outcome, Outcome::dropped_after_commit);
  EXPECT_NE(entries[0].response_body.find("accepted"), std::string::npos) << entries[0].response_body;
}

TEST_F(ServerScriptTest, HandlerAnswersInFrontOfTheCore) {
  std::atomic<int> calls{0};
  ServerOptions options;
  // A script: status requests get a prepared answer, everything else reaches the real core.
  options.handler = [&calls](const protocol::HttpRequest& request, server::SyncService& core) {
    ++calls;
    if (request.target == "/api/v1/sync/status/") {
      protocol::HttpResponse scripted;
      scripted.status = 503;
      scripted.headers.push_back({"Content-Type", "application/json"});
      scripted.body = R"({"detail":"scripted"})";
      return scripted;
    }
    return core.handle(request);
  };
  auto server = start(options);
  ASSERT_TRUE(server);
  const auto token = new_token(*server);
  TestClient client;
  ASSERT_FALSE(client.connect(server->port()));
  beast::error_code ec;
  auto status = client.roundtrip(make_request(http::verb::get, "/api/v1/sync/status/", token), ec);
  ASSERT_FALSE(ec);
  EXPECT_EQ(status.result_int(), 503u);
  EXPECT_EQ(status.body(), R"({"detail":"scripted"})");
  auto pushed = client.roundtrip(
      make_request(http::verb::post, "/api/v1/sync/push/", token, push_body("r1")), ec);
  ASSERT_FALSE(ec);
  EXPECT_EQ(pushed.result_int(), 200u) << pushed.body();
  EXPECT_EQ(calls.load(), 2);
  EXPECT_EQ(server->service().handle({"GET", "/api/v1/sync/status/", {{"Authorization", "Token " + token}}, ""})
                .status,
            200);
}

}  // namespace
}  // namespace syncsuite::mockserver::testing

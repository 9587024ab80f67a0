#include "mockserver/server.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <string>
#include <thread>
#include <vector>

#include "tests/unit/mockserver/server_fixture.hpp"

namespace syncsuite::mockserver::testing {
namespace {

using ServerTest = ServerFixture;

nlohmann::json json_of(const Response& response) {
  return nlohmann::json::parse(response.body(), nullptr, false);
}

TEST_F(ServerTest, StartsOnAFreePortAndNamesItsUrl) {
  auto server = start();
  ASSERT_TRUE(server);
  EXPECT_NE(server->port(), 0);
  EXPECT_EQ(server->url(), "http://127.0.0.1:" + std::to_string(server->port()));
}

TEST_F(ServerTest, AnswersThroughTheServerCore) {
  auto server = start();
  ASSERT_TRUE(server);
  const auto token = new_token(*server);
  TestClient client;
  ASSERT_FALSE(client.connect(server->port()));
  beast::error_code ec;
  auto ok = client.roundtrip(make_request(http::verb::get, "/api/v1/sync/status/", token), ec);
  ASSERT_FALSE(ec) << ec.message();
  EXPECT_EQ(ok.result_int(), 200u);
  EXPECT_EQ(json_of(ok)["record_count"], 0);
  auto denied = client.roundtrip(make_request(http::verb::get, "/api/v1/sync/status/"), ec);
  ASSERT_FALSE(ec) << ec.message();
  EXPECT_EQ(denied.result_int(), 401u);
  EXPECT_TRUE(json_of(denied).contains("detail"));
}

TEST_F(ServerTest, KeepAliveServesTwoRequestsOnOneConnection) {
  auto server = start();
  ASSERT_TRUE(server);
  const auto token = new_token(*server);
  TestClient client;
  ASSERT_FALSE(client.connect(server->port()));
  beast::error_code ec;
  auto first = client.roundtrip(
      make_request(http::verb::post, "/api/v1/sync/push/", token, push_body("r1")), ec);
  ASSERT_FALSE(ec) << ec.message();
  EXPECT_EQ(first.result_int(), 200u) << first.body();
  EXPECT_TRUE(first.keep_alive());
  auto second = client.roundtrip(make_request(http::verb::get, "/api/v1/sync/status/", token), ec);
  ASSERT_FALSE(ec) << ec.message();
  EXPECT_EQ(second.result_int(), 200u);
  EXPECT_EQ(json_of(second)["record_count"], 1);
  const auto entries = server->journal().entries();
  ASSERT_EQ(entries.size(), 2u);
  EXPECT_EQ(entries[0].connection, entries[1].connection);
}

TEST_F(ServerTest, ConnectionCloseIsHonoured) {
  auto server = start();
  ASSERT_TRUE(server);
  TestClient client;
  ASSERT_FALSE(client.connect(server->port()));
  auto request = make_request(http::verb::get, "/api/v1/sync/status/");
  request.keep_alive(false);
  beast::error_code ec;
  auto response = client.roundtrip(request, ec);
  ASSERT_FALSE(ec);
  EXPECT_FALSE(response.keep_alive());
  client.read_to_end(ec);
  EXPECT_EQ(ec, net::error::eof);
}

TEST_F(ServerTest, BodyOverTheContractLimitGets413AndTheServerGoesOn) {
  auto server = start();  // the default limit: the contract's 16 MiB
  ASSERT_TRUE(server);
  const auto token = new_token(*server);
  {
    TestClient client;
    ASSERT_FALSE(client.connect(server->port()));
    auto request = make_request(http::verb::post, "/api/v1/sync/push/", token,
                                std::string(16u * 1024 * 1024 + 1, 'x'));
    beast::error_code ec;
    auto response = client.roundtrip(request, ec);
    ASSERT_FALSE(ec) << ec.message();
    EXPECT_EQ(response.result_int(), 413u);
    EXPECT_EQ(response[http::field::content_type], "application/json");
    EXPECT_TRUE(json_of(response).contains("detail"));
    EXPECT_FALSE(response.keep_alive());
  }
  EXPECT_EQ(record_count(server->port(), token), 0);
  const auto entries = server->journal().entries();
  ASSERT_FALSE(entries.empty());
  EXPECT_EQ(entries[0].status, 413);
  EXPECT_EQ(entries[0].outcome, Outcome::rejected);
  EXPECT_EQ(entries[0].target, "/api/v1/sync/push/");
  EXPECT_FALSE(entries[0].handled);
}

TEST_F(ServerTest, ChunkedBodyOverTheLimitGets413) {
  ServerOptions options;
  options.body_limit = 1000;
  auto server = start(options);
  ASSERT_TRUE(server);
  TestClient client;
  ASSERT_FALSE(client.connect(server->port()));
  auto request = make_request(http::verb::post, "/api/v1/sync/push/", "", std::string(5000, 'x'));
  request.chunked(true);
  beast::error_code ec = client.write(request);
  ASSERT_FALSE(ec) << ec.message();
  auto response = client.read(ec);
  ASSERT_FALSE(ec) << ec.message();
  EXPECT_EQ(response.result_int(), 413u);
  EXPECT_TRUE(json_of(response).contains("detail"));
}

TEST_F(ServerTest, MalformedRequestGets400ThenClose) {
  auto server = start();
  ASSERT_TRUE(server);
  TestClient client;
  ASSERT_FALSE(client.connect(server->port()));
  ASSERT_FALSE(client.write_raw("THIS IS NOT HTTP\r\n\r\n"));
  beast::error_code ec;
  auto response = client.read(ec);
  ASSERT_FALSE(ec) << ec.message();
  EXPECT_EQ(response.result_int(), 400u);
  EXPECT_NE(json_of(response)["detail"].get<std::string>().find("malformed"), std::string::npos);
  client.read_to_end(ec);
  EXPECT_EQ(ec, net::error::eof);
}

TEST_F(ServerTest, BadContentLengthGets400) {
  auto server = start();
  ASSERT_TRUE(server);
  TestClient client;
  ASSERT_FALSE(client.connect(server->port()));
  ASSERT_FALSE(client.write_raw(
      "POST /api/v1/sync/push/ HTTP/1.1\r\nHost: x\r\nContent-Length: banana\r\n\r\n"));
  beast::error_code ec;
  auto response = client.read(ec);
  ASSERT_FALSE(ec) << ec.message();
  EXPECT_EQ(response.result_int(), 400u);
  EXPECT_TRUE(json_of(response).contains("detail"));
}

TEST_F(ServerTest, HeaderOverTheLimitGets431) {
  auto server = start();
  ASSERT_TRUE(server);
  TestClient client;
  ASSERT_FALSE(client.connect(server->port()));
  auto request = make_request(http::verb::get, "/api/v1/sync/status/");
  request.set("X-Padding", std::string(9000, 'p'));
  beast::error_code ec;
  auto response = client.roundtrip(request, ec);
  ASSERT_FALSE(ec) << ec.message();
  EXPECT_EQ(response.result_int(), 431u);
  EXPECT_TRUE(json_of(response).contains("detail"));
}

TEST_F(ServerTest, ExpectContinueGetsAnInterimAnswer) {
  auto server = start();
  ASSERT_TRUE(server);
  const auto token = new_token(*server);
  TestClient client;
  ASSERT_FALSE(client.connect(server->port()));
  const std::string body = push_body("r-continue");
  ASSERT_FALSE(client.write_raw("POST /api/v1/sync/push/ HTTP/1.1\r\nHost: x\r\n"
                                "Authorization: Token " + token + "\r\n"
                                "Content-Type: application/json\r\nExpect: 100-continue\r\n"
                                "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n"));
  beast::error_code ec;
  auto interim = client.read(ec);
  ASSERT_FALSE(ec) << ec.message();
  EXPECT_EQ(interim.result_int(), 100u);
  ASSERT_FALSE(client.write_raw(body));
  auto response = client.read(ec);
  ASSERT_FALSE(ec) << ec.message();
  EXPECT_EQ(response.result_int(), 200u) << response.body();
}

// Without a valid token the answer is 401 at once: no "100 Continue" invites the body first.
TEST_F(ServerTest, ExpectContinueWithoutAValidTokenGets401AtOnce) {
  auto server = start();
  ASSERT_TRUE(server);
  for (const std::string authorization : {"", "Authorization: Token unknown\r\n"}) {
    TestClient client;
    ASSERT_FALSE(client.connect(server->port()));
    ASSERT_FALSE(client.write_raw("POST /api/v1/sync/push/ HTTP/1.1\r\nHost: x\r\n" +
                                  authorization +
                                  "Content-Type: application/json\r\nExpect: 100-continue\r\n"
                                  "Content-Length: 100\r\n\r\n"));
    beast::error_code ec;
    auto response = client.read(ec);
    ASSERT_FALSE(ec) << ec.message();
    EXPECT_EQ(response.result_int(), 401u) << authorization;
    EXPECT_TRUE(json_of(response).contains("detail"));
    client.read_to_end(ec);
    EXPECT_EQ(ec, net::error::eof) << "the unread body ends the connection";
  }
  EXPECT_EQ(server->journal().total(), 2u);
}

// A HEAD is a wrong method (405) whose answer has a header and no body.
TEST_F(ServerTest, HeadIsAnsweredWithoutABody) {
  auto server = start();
  ASSERT_TRUE(server);
  const auto token = new_token(*server);
  TestClient client;
  ASSERT_FALSE(client.connect(server->port()));
  ASSERT_FALSE(client.write_raw("HEAD /api/v1/sync/status/ HTTP/1.1\r\nHost: x\r\n"
                                "Authorization: Token " + token + "\r\nConnection: close\r\n\r\n"));
  beast::error_code ec;
  const std::string wire = client.read_to_end(ec);
  EXPECT_EQ(ec, net::error::eof);
  ASSERT_EQ(wire.rfind("HTTP/1.1 405 ", 0), 0u) << wire;
  const auto end_of_header = wire.find("\r\n\r\n");
  ASSERT_NE(end_of_header, std::string::npos) << wire;
  EXPECT_EQ(wire.size(), end_of_header + 4) << "bytes after the header: " << wire;
  EXPECT_NE(wire.find("Content-Length: "), std::string::npos) << wire;
  EXPECT_EQ(wire.find("Content-Length: 0\r\n"), std::string::npos)
      << "the length of the body a GET-like answer would have: " << wire;
}

TEST_F(ServerTest, TransferEncodingOtherThanChunkedGets501) {
  auto server = start();
  ASSERT_TRUE(server);
  const auto token = new_token(*server);
  for (const std::string coding : {"gzip", "gzip, chunked", "identity"}) {
    TestClient client;
    ASSERT_FALSE(client.connect(server->port()));
    ASSERT_FALSE(client.write_raw("POST /api/v1/sync/push/ HTTP/1.1\r\nHost: x\r\n"
                                  "Authorization: Token " + token + "\r\n"
                                  "Transfer-Encoding: " + coding + "\r\n\r\n" +
                                  push_body("r-coded")));
    beast::error_code ec;
    auto response = client.read(ec);
    ASSERT_FALSE(ec) << ec.message();
    EXPECT_EQ(response.result_int(), 501u) << coding;
    EXPECT_TRUE(json_of(response).contains("detail")) << coding;
  }
  EXPECT_EQ(record_count(server->port(), token), 0);
}

// Part of a request, and then nothing until the read limit: 408 with a JSON detail, then the
// connection closes. An idle connection closes without a word.
TEST_F(ServerTest, IncompleteRequestGets408ThenClose) {
  ServerOptions options;
  options.io_timeout = std::chrono::milliseconds(200);
  auto server = start(options);
  ASSERT_TRUE(server);
  for (const std::string& partial :
       {std::string("GET /api/v1/sync/sta"),
        std::string("POST /api/v1/sync/push/ HTTP/1.1\r\nHost: x\r\nContent-Length: 50\r\n"
                    "\r\n{\"device_id\"")}) {
    TestClient client;
    ASSERT_FALSE(client.connect(server->port()));
    ASSERT_FALSE(client.write_raw(partial));
    beast::error_code ec;
    auto response = client.read(ec);
    ASSERT_FALSE(ec) << ec.message() << " after " << partial;
    EXPECT_EQ(response.result_int(), 408u) << partial;
    EXPECT_TRUE(json_of(response).contains("detail")) << partial;
    EXPECT_FALSE(response.keep_alive());
    client.read_to_end(ec);
    EXPECT_EQ(ec, net::error::eof);
  }
  TestClient idle;
  ASSERT_FALSE(idle.connect(server->port()));
  beast::error_code ec;
  EXPECT_EQ(idle.read_to_end(ec), "");
  EXPECT_EQ(ec, net::error::eof);
}

TEST_F(ServerTest, ServesSeveralClientsAtOnce) {
  ServerOptions options;
  options.threads = 4;
  auto server = start(options);
  ASSERT_TRUE(server);
  const auto token = new_token(*server);
  constexpr int kClients = 8;
  constexpr int kEach = 5;
  std::atomic<int> ok{0};
  std::vector<std::thread> clients;
  for (int c = 0; c < kClients; ++c) {
    clients.emplace_back([&, c] {
      TestClient client;
      if (client.connect(server->port())) {
        return;
      }
      for (int i = 0; i < kEach; ++i) {
        beast::error_code ec;
        const std::string id = "c" + std::to_string(c) + "-" + std::to_string(i);
        auto response = client.roundtrip(
            make_request(http::verb::post, "/api/v1/sync/push/", token, push_body(id)), ec);
        if (!ec && response.result_int() == 200) {
          ++ok;
        }
      }
    });
  }
  for (auto& thread : clients) {
    thread.join();
  }
  EXPECT_EQ(ok.load(), kClients * kEach);
  EXPECT_EQ(record_count(server->port(), token), kClients * kEach);
  EXPECT_EQ(server->journal().total(), static_cast<std::uint64_t>(kClients * kEach + 1));
}

TEST_F(ServerTest, JournalRecordsEachExchangeWithoutTheToken) {
  auto server = start();
  ASSERT_TRUE(server);
  const auto token = new_token(*server);
  TestClient client;
  ASSERT_FALSE(client.connect(server->port()));
  beast::error_code ec;
  const std::string body = push_body("r1");
  client.roundtrip(make_request(http::verb::post, "/api/v1/sync/push/", token, body), ec);
  ASSERT_FALSE(ec);
  client.roundtrip(make_request(http::verb::get, "/api/v1/sync/pull/?limit=5"), ec);
  ASSERT_FALSE(ec);
  const auto entries = server->journal().entries();
  ASSERT_EQ(entries.size(), 2u);
  EXPECT_EQ(entries[0].method, "POST");
  EXPECT_EQ(entries[0].target, "/api/v1/sync/push/");
  EXPECT_EQ(entries[0].status, 200);
  EXPECT_EQ(entries[0].request_bytes, body.size());
  EXPECT_GT(entries[0].response_bytes, 0u);
  EXPECT_EQ(entries[0].device, device_label("Token " + token));
  EXPECT_TRUE(entries[0].handled);
  EXPECT_EQ(entries[0].outcome, Outcome::answered);
  EXPECT_EQ(entries[0].fault, "");
  EXPECT_EQ(entries[0].received_at.size(), 24u);
  EXPECT_EQ(entries[1].target, "/api/v1/sync/pull/?limit=5");
  EXPECT_EQ(entries[1].status, 401);
  EXPECT_EQ(entries[1].device, "");
  EXPECT_EQ(server->journal().to_json().dump().find(token), std::string::npos);
}

TEST_F(ServerTest, ControlEndpointIsOffByDefault) {
  auto server = start();
  ASSERT_TRUE(server);
  const auto token = new_token(*server);
  TestClient client;
  ASSERT_FALSE(client.connect(server->port()));
  beast::error_code ec;
  auto response =
      client.roundtrip(make_request(http::verb::get, "/__syncsuite/control/journal/", token), ec);
  ASSERT_FALSE(ec);
  EXPECT_EQ(response.result_int(), 404u);
  auto post = client.roundtrip(make_request(http::verb::post, "/__syncsuite/control/faults/",
                                            token, R"({"rules": [{"action": "drop"}]})"),
                               ec);
  ASSERT_FALSE(ec);
  EXPECT_EQ(post.result_int(), 404u);
  EXPECT_TRUE(server->faults().rules().empty());
}

TEST_F(ServerTest, ControlEndpointInstallsFaultsAndShowsTheJournal) {
  ServerOptions options;
  options.control = true;
  auto server = start(options);
  ASSERT_TRUE(server);
  TestClient client;
  ASSERT_FALSE(client.connect(server->port()));
  beast::error_code ec;
  auto installed = client.roundtrip(
      make_request(http::verb::post, "/__syncsuite/control/faults/", "",
                   R"({"rules": [{"path": "/api/v1/sync/status/", "action": "status", "status": 503}]})"),
      ec);
  ASSERT_FALSE(ec);
  EXPECT_EQ(installed.result_int(), 200u) << installed.body();
  auto faulted = client.roundtrip(make_request(http::verb::get, "/api/v1/sync/status/"), ec);
  ASSERT_FALSE(ec);
  EXPECT_EQ(faulted.result_int(), 503u);
  EXPECT_TRUE(json_of(faulted).contains("detail"));
  auto journal =
      client.roundtrip(make_request(http::verb::get, "/__syncsuite/control/journal/"), ec);
  ASSERT_FALSE(ec);
  ASSERT_EQ(journal.result_int(), 200u);
  // Control requests are not journaled: only the faulted status request is.
  const auto entries = json_of(journal)["entries"];
  ASSERT_EQ(entries.size(), 1u);
  EXPECT_EQ(entries[0]["status"], 503);
  EXPECT_EQ(entries[0]["fault"], "status");
  EXPECT_EQ(entries[0]["handled"], false);
}

TEST_F(ServerTest, StopFinishesTheRequestInProgress) {
  auto server = start();
  ASSERT_TRUE(server);
  const auto token = new_token(*server);
  // A long delay holds the request in the server until stop() cuts the delay short.
  server->faults().install(
      parse_fault_plan(R"({"rules": [{"action": "delay", "delay_ms": 600000}]})").value());
  TestClient client;
  ASSERT_FALSE(client.connect(server->port()));
  auto request = make_request(http::verb::post, "/api/v1/sync/push/", token, push_body("r1"));
  ASSERT_FALSE(client.write(request));
  ASSERT_TRUE(eventually([&] { return server->faults().rules()[0].fired == 1; }));
  std::thread stopper([&] { server->stop(); });
  beast::error_code ec;
  auto response = client.read(ec);
  stopper.join();
  ASSERT_FALSE(ec) << ec.message();
  EXPECT_EQ(response.result_int(), 200u) << response.body();
  EXPECT_FALSE(response.keep_alive());
  client.read_to_end(ec);
  EXPECT_EQ(ec, net::error::eof);
}

TEST_F(ServerTest, StopClosesIdleKeepAliveConnections) {
  ServerOptions options;
  options.drain_timeout = std::chrono::minutes(10);  // a stop that waited for idle ones would hang
  auto server = start(options);
  ASSERT_TRUE(server);
  TestClient client;
  ASSERT_FALSE(client.connect(server->port()));
  beast::error_code ec;
  auto response = client.roundtrip(make_request(http::verb::get, "/api/v1/sync/status/"), ec);
  ASSERT_FALSE(ec);
  ASSERT_TRUE(response.keep_alive());
  TestClient silent;  // connected, never sent a byte
  ASSERT_FALSE(silent.connect(server->port()));
  // Accepted by the server, not just queued by the kernel (closing the listening socket resets
  // queued connections).
  ASSERT_TRUE(eventually([&] { return server->open_connections() == 2; }));
  server->stop();
  EXPECT_EQ(server->open_connections(), 0u);
  client.read_to_end(ec);
  EXPECT_EQ(ec, net::error::eof);
  silent.read_to_end(ec);
  EXPECT_EQ(ec, net::error::eof);
}

TEST_F(ServerTest, StoppedServerRefusesConnections) {
  auto server = start();
  ASSERT_TRUE(server);
  const auto port = server->port();
  server->stop();
  server->stop();  // idempotent
  TestClient client;
  EXPECT_EQ(client.connect(port), net::error::connection_refused);
}

TEST_F(ServerTest, StartFailsOnATakenPort) {
  auto first = start({}, "first");
  ASSERT_TRUE(first);
  ServerOptions options;
  options.port = first->port();
  options.db_path = dir() / "second.db";
  auto second = Server::start(options);
  ASSERT_FALSE(second.ok());
  EXPECT_EQ(second.error().code, "listen");
  EXPECT_NE(second.error().message.find(std::to_string(first->port())), std::string::npos);
  EXPECT_NE(second.error().message.find("in use"), std::string::npos) << second.error().message;
}

TEST_F(ServerTest, StartFailsOnBadOptions) {
  ServerOptions bad_db;
  bad_db.db_path = dir() / "missing-dir" / "deeper" / "sync.db";
  EXPECT_FALSE(Server::start(bad_db).ok());

  ServerOptions bad_mutant;
  bad_mutant.db_path = dir() / "m.db";
  bad_mutant.mutant = "no-such-mutant";
  EXPECT_FALSE(Server::start(bad_mutant).ok());

  ServerOptions bad_address;
  bad_address.db_path = dir() / "a.db";
  bad_address.address = "localhost";
  auto started = Server::start(bad_address);
  ASSERT_FALSE(started.ok());
  EXPECT_NE(started.error().message.find("address"), std::string::npos);

  ServerOptions no_db;
  auto missing = Server::start(no_db);
  ASSERT_FALSE(missing.ok());
  EXPECT_NE(missing.error().message.find("db_path"), std::string::npos);
}

TEST_F(ServerTest, StartsWithAMutant) {
  ASSERT_FALSE(server::mutants().empty());
  ServerOptions options;
  options.mutant = server::mutants().front().name;
  auto server = start(options);
  ASSERT_TRUE(server);
  EXPECT_NE(server->port(), 0);
}

}  // namespace
}  // namespace syncsuite::mockserver::testing

// RawConnection against the test server over real sockets: answers and their figures, keep-alive,
// a server that closes (answered, idle, or unanswered), timeouts, refused connects; and the
// status-only parser on framings the test server does not produce (chunked, until close).
#include "harness/net/raw_connection.hpp"

#include <gtest/gtest.h>

#include <boost/asio/ip/address.hpp>
#include <string>
#include <vector>

#include "harness/net/wire_message.hpp"
#include "tests/unit/harness/net/test_http_server.hpp"

namespace syncsuite::net {
namespace {

using testing::Received;
using testing::Reply;
using testing::run_until;
using testing::TestHttpServer;
using Clock = RawConnection::Clock;
using namespace std::chrono_literals;

struct Recorder final : RawConnection::Listener {
  std::vector<std::optional<Error>> opened;
  std::vector<RawConnection::Answer> answers;
  void raw_opened(RawConnection&, const std::optional<Error>& error) override { opened.push_back(error); }
  void raw_answered(RawConnection&, const RawConnection::Answer& answer) override { answers.push_back(answer); }
};

boost::asio::ip::tcp::endpoint loopback(std::uint16_t port) {
  return {boost::asio::ip::make_address("127.0.0.1"), port};
}

std::string request_bytes(std::uint16_t port, const std::string& target) {
  auto url = TargetUrl::parse("http://127.0.0.1:" + std::to_string(port));
  EXPECT_TRUE(url.ok());
  auto bytes = to_wire_bytes(*url, {"GET", target, {{"Authorization", "Token t1"}}, {}});
  EXPECT_TRUE(bytes.ok());
  return bytes.ok() ? *bytes : std::string();
}

class RawConnectionTest : public ::testing::Test {
 protected:
  // Sends once at `now` and runs the loop until the answer.
  RawConnection::Answer exchange(RawConnection& connection, const std::string& bytes,
                                 Clock::time_point now = Clock::now()) {
    const std::size_t before = recorder.answers.size();
    connection.send(bytes, now, now + 5s);
    EXPECT_TRUE(recorder.answers.size() == before) << "completed inside send()";
    EXPECT_TRUE(run_until(io, [&] { return recorder.answers.size() > before; }));
    return recorder.answers.empty() ? RawConnection::Answer{} : recorder.answers.back();
  }

  boost::asio::io_context io;
  Recorder recorder;
};

TEST_F(RawConnectionTest, AnswersOnOneKeptAliveConnection) {
  TestHttpServer server([](const Received& r) {
    return Reply{r.target == "/missing" ? 404 : 200, "twelve bytes", {}, Reply::Then::keep_open};
  });
  RawConnection connection(io, loopback(server.port()), "127.0.0.1", 1 << 20, recorder);
  connection.open(Clock::now() + 5s);
  ASSERT_TRUE(run_until(io, [&] { return !recorder.opened.empty(); }));
  EXPECT_FALSE(recorder.opened[0].has_value());
  const std::string healthz = request_bytes(server.port(), "/healthz");
  for (int i = 0; i < 3; ++i) {
    const auto answer = exchange(connection, healthz);
    EXPECT_FALSE(answer.error.has_value()) << answer.error->message;
    EXPECT_EQ(answer.status, 200);
    EXPECT_EQ(answer.body_bytes, 12u);
  }
  // Another status is an answer, not a failure: the caller judges it.
  const auto missing = exchange(connection, request_bytes(server.port(), "/missing"));
  EXPECT_FALSE(missing.error.has_value());
  EXPECT_EQ(missing.status, 404);
  EXPECT_EQ(server.connections(), 1);
  const auto received = server.received();
  ASSERT_EQ(received.size(), 4u);
  EXPECT_EQ(received[0].target, "/healthz");
  EXPECT_EQ(protocol::find_header(received[0].headers, "Authorization").value_or(""), "Token t1");
  EXPECT_EQ(protocol::find_header(received[0].headers, "User-Agent").value_or(""), "syncsuite/0.1");
  connection.close();
}

TEST_F(RawConnectionTest, ConnectsOnFirstSendWithoutOpen) {
  TestHttpServer server([](const Received&) { return Reply{200, "ok", {}, Reply::Then::keep_open}; });
  RawConnection connection(io, loopback(server.port()), "127.0.0.1", 1 << 20, recorder);
  const auto answer = exchange(connection, request_bytes(server.port(), "/healthz"));
  EXPECT_FALSE(answer.error.has_value());
  EXPECT_EQ(answer.status, 200);
  EXPECT_TRUE(recorder.opened.empty());  // open() was not called: no raw_opened either
  EXPECT_TRUE(connection.connected());
}

// A server that closes after its answer without saying so: back to back, the next request may meet
// the closed connection; after some idleness the peek notices it and the request goes out on a
// fresh connection.
TEST_F(RawConnectionTest, AnIdleConnectionTheServerClosedIsReplacedBeforeUse) {
  TestHttpServer server([](const Received&) { return Reply{200, "ok", {}, Reply::Then::answer_and_close}; });
  RawConnection connection(io, loopback(server.port()), "127.0.0.1", 1 << 20, recorder);
  const std::string bytes = request_bytes(server.port(), "/healthz");
  ASSERT_EQ(exchange(connection, bytes).status, 200);
  ASSERT_TRUE(testing::eventually([&] { return server.closed_by_server() == 1; }));
  const auto second = exchange(connection, bytes, Clock::now() + 1s);  // idle for "a second"
  EXPECT_FALSE(second.error.has_value()) << second.error->message;
  EXPECT_EQ(second.status, 200);
  EXPECT_EQ(server.connections(), 2);
}

TEST_F(RawConnectionTest, ConnectionCloseInTheAnswerMeansAFreshConnectionNext) {
  TestHttpServer server([](const Received&) {
    return Reply{200, "ok", {{"Connection", "close"}}, Reply::Then::answer_and_close};
  });
  RawConnection connection(io, loopback(server.port()), "127.0.0.1", 1 << 20, recorder);
  const std::string bytes = request_bytes(server.port(), "/healthz");
  ASSERT_EQ(exchange(connection, bytes).status, 200);
  EXPECT_FALSE(connection.connected());
  EXPECT_EQ(exchange(connection, bytes).status, 200);  // back to back: no peek needed
  EXPECT_EQ(server.connections(), 2);
}

TEST_F(RawConnectionTest, ACloseWithoutAnswerIsAnIoErrorAndNeverARetry) {
  TestHttpServer server([](const Received&) { return Reply{200, "", {}, Reply::Then::close_unanswered}; });
  RawConnection connection(io, loopback(server.port()), "127.0.0.1", 1 << 20, recorder);
  const auto answer = exchange(connection, request_bytes(server.port(), "/healthz"));
  ASSERT_TRUE(answer.error.has_value());
  EXPECT_EQ(answer.error->code, "io");
  EXPECT_NE(answer.error->message.find("127.0.0.1"), std::string::npos) << answer.error->message;
  EXPECT_EQ(answer.status, 0);
  EXPECT_EQ(server.received().size(), 1u);
}

TEST_F(RawConnectionTest, ExpireCutsARequestPastItsDeadline) {
  TestHttpServer server([](const Received&) { return Reply{200, "", {}, Reply::Then::never_answer}; });
  RawConnection connection(io, loopback(server.port()), "127.0.0.1", 1 << 20, recorder);
  const auto now = Clock::now();
  const std::string bytes = request_bytes(server.port(), "/slow");  // alive until the answer
  connection.send(bytes, now, now + 50ms);
  ASSERT_TRUE(run_until(io, [&] { return server.received().size() == 1; }));
  connection.expire(now + 40ms);  // not yet
  io.restart();
  io.run_for(20ms);
  EXPECT_TRUE(recorder.answers.empty());
  EXPECT_TRUE(connection.busy());
  connection.expire(now + 60ms);
  ASSERT_TRUE(run_until(io, [&] { return !recorder.answers.empty(); }));
  ASSERT_TRUE(recorder.answers[0].error.has_value());
  EXPECT_EQ(recorder.answers[0].error->code, "timeout");
  EXPECT_FALSE(connection.busy());
  EXPECT_FALSE(connection.connected());
}

TEST_F(RawConnectionTest, ARefusedConnectIsAConnectError) {
  const auto port = testing::unused_port();
  RawConnection connection(io, loopback(port), "127.0.0.1:" + std::to_string(port), 1 << 20, recorder);
  connection.open(Clock::now() + 5s);
  ASSERT_TRUE(run_until(io, [&] { return !recorder.opened.empty(); }));
  ASSERT_TRUE(recorder.opened[0].has_value());
  EXPECT_EQ(recorder.opened[0]->code, "connect");
  EXPECT_NE(recorder.opened[0]->message.find(std::to_string(port)), std::string::npos);
  const auto answer = exchange(connection, request_bytes(port, "/healthz"));
  ASSERT_TRUE(answer.error.has_value());
  EXPECT_EQ(answer.error->code, "connect");
}

TEST_F(RawConnectionTest, ABodyOverTheLimitIsAnIoError) {
  TestHttpServer server([](const Received&) { return Reply{200, std::string(100, 'x'), {}, Reply::Then::keep_open}; });
  RawConnection connection(io, loopback(server.port()), "127.0.0.1", 10, recorder);
  const auto answer = exchange(connection, request_bytes(server.port(), "/big"));
  ASSERT_TRUE(answer.error.has_value());
  EXPECT_EQ(answer.error->code, "io");
  EXPECT_NE(answer.error->message.find("limit of 10 bytes"), std::string::npos) << answer.error->message;
}

// ---- the parser alone ----

std::size_t feed(StatusOnlyParser& parser, std::string_view bytes, boost::system::error_code& ec) {
  parser.eager(true);
  return parser.put(boost::asio::buffer(bytes.data(), bytes.size()), ec);
}

TEST(StatusOnlyParserTest, ReadsStatusAndBodySizeOfAChunkedAnswer) {
  StatusOnlyParser parser;
  boost::system::error_code ec;
  const std::string_view answer =
      "HTTP/1.1 201 Created\r\nTransfer-Encoding: chunked\r\nX-A: b\r\n\r\n"
      "5\r\nhello\r\n3\r\nabc\r\n0\r\n\r\n";
  EXPECT_EQ(feed(parser, answer, ec), answer.size());
  EXPECT_FALSE(ec) << ec.message();
  EXPECT_TRUE(parser.is_done());
  EXPECT_EQ(parser.status(), 201);
  EXPECT_EQ(parser.body_bytes(), 8u);
  EXPECT_TRUE(parser.keep_alive());
}

TEST(StatusOnlyParserTest, AnAnswerUntilCloseEndsWithTheEof) {
  StatusOnlyParser parser;
  boost::system::error_code ec;
  const std::string_view answer = "HTTP/1.0 200 OK\r\n\r\nsome body";
  feed(parser, answer, ec);
  EXPECT_FALSE(parser.is_done());
  ec = {};
  parser.put_eof(ec);
  EXPECT_FALSE(ec) << ec.message();
  EXPECT_TRUE(parser.is_done());
  EXPECT_EQ(parser.body_bytes(), 9u);
  EXPECT_FALSE(parser.keep_alive());
}

// As RawConnection::parse feeds it: what was not consumed is offered again with more bytes.
TEST(StatusOnlyParserTest, AnAnswerSplitAnywhereIsParsedWhole) {
  const std::string answer = "HTTP/1.1 200 OK\r\nContent-Length: 4\r\n\r\nbody";
  for (std::size_t split = 1; split < answer.size(); ++split) {
    StatusOnlyParser parser;
    boost::system::error_code ec;
    std::string pending = answer.substr(0, split);
    pending.erase(0, feed(parser, pending, ec));
    if (ec == boost::beast::http::error::need_more) ec = {};
    ASSERT_FALSE(ec) << split << ": " << ec.message();
    EXPECT_FALSE(parser.is_done()) << split;
    pending += answer.substr(split);
    while (!pending.empty() && !ec && !parser.is_done()) pending.erase(0, feed(parser, pending, ec));
    EXPECT_FALSE(ec) << split << ": " << ec.message();
    EXPECT_TRUE(parser.is_done()) << split;
    EXPECT_EQ(parser.status(), 200);
    EXPECT_EQ(parser.body_bytes(), 4u) << split;
  }
}

}  // namespace
}  // namespace syncsuite::net

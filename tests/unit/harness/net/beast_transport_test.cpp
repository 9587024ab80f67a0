#include "harness/net/beast_transport.hpp"
#include "harness/net/tls_context.hpp"

#include <gtest/gtest.h>

#include <boost/asio/io_context.hpp>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "harness/net/blocking.hpp"
#include "tests/unit/harness/net/test_http_server.hpp"

namespace syncsuite::net {
namespace {

using testing::eventually;
using testing::Received;
using testing::Reply;
using testing::run_until;
using testing::TestHttpServer;

TargetUrl url_of(const std::string& text) {
  auto url = TargetUrl::parse(text);
  EXPECT_TRUE(url.ok()) << text;
  return url.value();
}

protocol::HttpRequest get(std::string target) { return {"GET", std::move(target), {}, {}}; }

TransportOptions options(int timeout_ms, TlsOptions tls = {}) {
  TransportOptions out;
  out.timeout = std::chrono::milliseconds(timeout_ms);
  out.tls = std::move(tls);
  return out;
}

Reply ok_reply(std::string body = "ok") { return Reply{200, std::move(body), {}, Reply::Then::keep_open}; }

TEST(BeastTransportTest, GetRoundtrip) {
  TestHttpServer server([](const Received&) {
    return Reply{200, R"({"detail":"hi"})", {{"Content-Type", "application/json"}, {"X-Test", "1"}}};
  });
  boost::asio::io_context io;
  BeastTransport transport(io, url_of(server.url()));
  protocol::HttpRequest request = get("/api/v1/sync/status/");
  request.headers.push_back({"Authorization", "Token abc"});
  auto response = send_blocking(io, transport, request);
  ASSERT_TRUE(response.ok()) << response.error().message;
  EXPECT_EQ(response->status, 200);
  EXPECT_EQ(response->body, R"({"detail":"hi"})");
  EXPECT_EQ(response->header("x-test").value_or(""), "1");
  EXPECT_EQ(response->header("Content-Type").value_or(""), "application/json");
  const auto received = server.received();
  ASSERT_EQ(received.size(), 1u);
  EXPECT_EQ(received[0].method, "GET");
  EXPECT_EQ(received[0].target, "/api/v1/sync/status/");
  EXPECT_EQ(protocol::find_header(received[0].headers, "Host").value_or(""), "127.0.0.1:" + std::to_string(server.port()));
  EXPECT_EQ(protocol::find_header(received[0].headers, "User-Agent").value_or(""), "syncsuite/0.1");
  EXPECT_EQ(protocol::find_header(received[0].headers, "Authorization").value_or(""), "Token abc");
  EXPECT_FALSE(protocol::find_header(received[0].headers, "Content-Length").has_value());
}

TEST(BeastTransportTest, PostRoundtrip) {
  TestHttpServer server([](const Received& r) { return Reply{201, "echo:" + r.body, {}}; });
  boost::asio::io_context io;
  BeastTransport transport(io, url_of(server.url()));
  const std::string body = R"({"device_id":"d1","records":[]})";
  auto response = send_blocking(io, transport,
                                {"POST", "/api/v1/sync/push/", {{"Content-Type", "application/json"}}, body});
  ASSERT_TRUE(response.ok()) << response.error().message;
  EXPECT_EQ(response->status, 201);
  EXPECT_EQ(response->body, "echo:" + body);
  const auto received = server.received();
  ASSERT_EQ(received.size(), 1u);
  EXPECT_EQ(received[0].method, "POST");
  EXPECT_EQ(received[0].body, body);
  EXPECT_EQ(protocol::find_header(received[0].headers, "Content-Length").value_or(""), std::to_string(body.size()));
  EXPECT_EQ(protocol::find_header(received[0].headers, "Content-Type").value_or(""), "application/json");
}

TEST(BeastTransportTest, EmptyPostCarriesContentLengthZero) {
  TestHttpServer server([](const Received&) { return ok_reply(); });
  boost::asio::io_context io;
  BeastTransport transport(io, url_of(server.url()));
  auto response = send_blocking(io, transport, {"POST", "/x/", {}, ""});
  ASSERT_TRUE(response.ok()) << response.error().message;
  const auto received = server.received();
  ASSERT_EQ(received.size(), 1u);
  EXPECT_EQ(protocol::find_header(received[0].headers, "Content-Length").value_or(""), "0");
}

TEST(BeastTransportTest, CallerHostAndContentLengthAreReplaced) {
  TestHttpServer server([](const Received&) { return ok_reply(); });
  boost::asio::io_context io;
  BeastTransport transport(io, url_of(server.url()));
  auto response = send_blocking(
      io, transport,
      {"POST", "/x/", {{"Host", "evil.example"}, {"Content-Length", "999"}, {"User-Agent", "custom/1"}}, "abc"});
  ASSERT_TRUE(response.ok()) << response.error().message;
  const auto received = server.received();
  ASSERT_EQ(received.size(), 1u);
  EXPECT_EQ(received[0].body, "abc");
  EXPECT_EQ(protocol::find_header(received[0].headers, "Host").value_or(""), "127.0.0.1:" + std::to_string(server.port()));
  EXPECT_EQ(protocol::find_header(received[0].headers, "Content-Length").value_or(""), "3");
  EXPECT_EQ(protocol::find_header(received[0].headers, "User-Agent").value_or(""), "custom/1");
}

TEST(BeastTransportTest, BasePathPrefixesTargets) {
  TestHttpServer server([](const Received&) { return ok_reply(); });
  boost::asio::io_context io;
  BeastTransport transport(io, url_of(server.url() + "/staging/sync/"));
  auto response = send_blocking(io, transport, get("/api/v1/sync/pull/?since=c1&limit=10"));
  ASSERT_TRUE(response.ok()) << response.error().message;
  const auto received = server.received();
  ASSERT_EQ(received.size(), 1u);
  EXPECT_EQ(received[0].target, "/staging/sync/api/v1/sync/pull/?since=c1&limit=10");
}

TEST(BeastTransportTest, KeepAliveReusesOneConnection) {
  TestHttpServer server([](const Received& r) { return ok_reply(r.target); });
  boost::asio::io_context io;
  BeastTransport transport(io, url_of(server.url()));
  for (int i = 0; i < 5; ++i) {
    auto response = send_blocking(io, transport, get("/r/" + std::to_string(i)));
    ASSERT_TRUE(response.ok()) << response.error().message;
    EXPECT_EQ(response->body, "/r/" + std::to_string(i));
  }
  EXPECT_EQ(server.connections(), 1);
  EXPECT_EQ(server.received().size(), 5u);
}

TEST(BeastTransportTest, QueuedRequestsRunInOrderOnOneConnection) {
  TestHttpServer server([](const Received& r) { return ok_reply(r.target); });
  boost::asio::io_context io;
  BeastTransport transport(io, url_of(server.url()));
  std::vector<std::string> completed;
  for (int i = 0; i < 5; ++i) {
    transport.send(get("/q/" + std::to_string(i)), [&completed](Result<protocol::HttpResponse> r) {
      completed.push_back(r ? r->body : "error: " + r.error().message);
    });
  }
  ASSERT_TRUE(run_until(io, [&] { return completed.size() == 5; }));
  const auto received = server.received();
  ASSERT_EQ(received.size(), 5u);
  for (int i = 0; i < 5; ++i) {
    EXPECT_EQ(completed[static_cast<std::size_t>(i)], "/q/" + std::to_string(i));
    EXPECT_EQ(received[static_cast<std::size_t>(i)].target, "/q/" + std::to_string(i));
  }
  EXPECT_EQ(server.connections(), 1);
}

TEST(BeastTransportTest, CompletionRunsOnTheIoContextNotInsideSend) {
  boost::asio::io_context io;
  // Even an immediate failure (a request that cannot be sent) completes later, on the io_context.
  BeastTransport transport(io, url_of("http://127.0.0.1:" + std::to_string(testing::unused_port())));
  int calls = 0;
  transport.send({"GET", "/bad target/", {}, {}}, [&calls](Result<protocol::HttpResponse> r) {
    EXPECT_FALSE(r.ok());
    ++calls;
  });
  EXPECT_EQ(calls, 0);
  ASSERT_TRUE(run_until(io, [&] { return calls == 1; }));
  io.restart();
  io.poll();
  EXPECT_EQ(calls, 1);
}

TEST(BeastTransportTest, UnsendableRequestIsRejectedBeforeAnythingIsSent) {
  TestHttpServer server([](const Received&) { return ok_reply(); });
  boost::asio::io_context io;
  BeastTransport transport(io, url_of(server.url()));
  auto bad_header = send_blocking(io, transport, {"GET", "/x/", {{"X-Evil", "a\r\nInjected: 1"}}, {}});
  ASSERT_FALSE(bad_header.ok());
  EXPECT_EQ(bad_header.error().code, "io");
  EXPECT_NE(bad_header.error().message.find("X-Evil"), std::string::npos) << bad_header.error().message;
  auto bad_method = send_blocking(io, transport, {"GE T", "/x/", {}, {}});
  ASSERT_FALSE(bad_method.ok());
  EXPECT_EQ(bad_method.error().code, "io");
  EXPECT_EQ(server.received().size(), 0u);
  auto good = send_blocking(io, transport, get("/x/"));
  EXPECT_TRUE(good.ok());
}

TEST(BeastTransportTest, ReconnectsAfterServerClosedIdleConnection) {
  TestHttpServer server([](const Received& r) {
    Reply reply = ok_reply(r.target);
    if (r.target == "/first") reply.then = Reply::Then::answer_and_close;
    return reply;
  });
  boost::asio::io_context io;
  BeastTransport transport(io, url_of(server.url()));
  auto first = send_blocking(io, transport, get("/first"));
  ASSERT_TRUE(first.ok()) << first.error().message;
  ASSERT_TRUE(eventually([&] { return server.closed_by_server() == 1; }));
  auto second = send_blocking(io, transport, get("/second"));
  ASSERT_TRUE(second.ok()) << second.error().message;
  EXPECT_EQ(second->body, "/second");
  EXPECT_EQ(server.connections(), 2);
  EXPECT_EQ(server.received().size(), 2u);  // the second request was sent once
}

TEST(BeastTransportTest, ConnectionCloseResponseIsNotReused) {
  TestHttpServer server([](const Received&) { return Reply{200, "bye", {{"Connection", "close"}}}; });
  boost::asio::io_context io;
  BeastTransport transport(io, url_of(server.url()));
  for (int i = 0; i < 3; ++i) {
    auto response = send_blocking(io, transport, get("/c"));
    ASSERT_TRUE(response.ok()) << response.error().message;
  }
  EXPECT_EQ(server.connections(), 3);
  EXPECT_EQ(server.received().size(), 3u);
}

TEST(BeastTransportTest, NeverResendsARequestThatMayHaveBeenProcessed) {
  TestHttpServer server([](const Received& r) {
    Reply reply = ok_reply();
    if (r.target == "/lost") reply.then = Reply::Then::close_unanswered;
    return reply;
  });
  boost::asio::io_context io;
  BeastTransport transport(io, url_of(server.url()));
  ASSERT_TRUE(send_blocking(io, transport, get("/warm")).ok());
  // On the reused connection: written, then the server read it and closed without an answer.
  auto lost = send_blocking(io, transport, {"POST", "/lost", {}, "payload"});
  ASSERT_FALSE(lost.ok());
  EXPECT_EQ(lost.error().code, "io");
  EXPECT_NE(lost.error().message.find("closed the connection"), std::string::npos) << lost.error().message;
  EXPECT_NE(lost.error().message.find("127.0.0.1:" + std::to_string(server.port())), std::string::npos);
  // On a fresh connection, the same.
  auto lost_again = send_blocking(io, transport, {"POST", "/lost", {}, "payload"});
  ASSERT_FALSE(lost_again.ok());
  EXPECT_EQ(lost_again.error().code, "io");
  const auto received = server.received();
  ASSERT_EQ(received.size(), 3u);
  EXPECT_EQ(received[1].target, "/lost");
  EXPECT_EQ(received[2].target, "/lost");
  // The transport recovers for the next request.
  EXPECT_TRUE(send_blocking(io, transport, get("/after")).ok());
}

TEST(BeastTransportTest, EarlyAnswerToAnOversizedBodyIsDelivered) {
  TestHttpServer server([](const Received&) { return ok_reply(); });
  server.set_body_limit(1024);
  boost::asio::io_context io;
  BeastTransport transport(io, url_of(server.url()));
  // Far more than the socket buffers hold: the server answers and closes mid-body.
  auto response = send_blocking(io, transport, {"POST", "/push/", {}, std::string(32u << 20, 'x')});
  ASSERT_TRUE(response.ok()) << response.error().message;
  EXPECT_EQ(response->status, 413);
  EXPECT_EQ(response->body, R"({"detail":"body too large"})");
  auto next = send_blocking(io, transport, {"POST", "/push/", {}, "small"});
  ASSERT_TRUE(next.ok()) << next.error().message;
  EXPECT_EQ(next->status, 200);
  EXPECT_EQ(server.connections(), 2);
}

TEST(BeastTransportTest, TimeoutOnServerThatNeverAnswers) {
  TestHttpServer server([](const Received&) { return Reply{200, "", {}, Reply::Then::never_answer}; });
  boost::asio::io_context io;
  BeastTransport transport(io, url_of(server.url()), options(200));
  std::optional<Result<protocol::HttpResponse>> outcome;
  transport.send(get("/slow"), [&](Result<protocol::HttpResponse> r) { outcome.emplace(std::move(r)); });
  ASSERT_TRUE(run_until(io, [&] { return outcome.has_value(); }));
  ASSERT_FALSE(outcome->ok());
  EXPECT_EQ(outcome->error().code, "timeout");
  EXPECT_NE(outcome->error().message.find("127.0.0.1:" + std::to_string(server.port())), std::string::npos)
      << outcome->error().message;
  EXPECT_NE(outcome->error().message.find("limit 200 ms"), std::string::npos) << outcome->error().message;
  EXPECT_TRUE(eventually([&] { return server.client_gone() == 1; }));  // the stuck connection was closed
}

TEST(BeastTransportTest, ConnectRefusedIsConnectError) {
  const std::uint16_t port = testing::unused_port();
  boost::asio::io_context io;
  BeastTransport transport(io, url_of("http://127.0.0.1:" + std::to_string(port)));
  auto response = send_blocking(io, transport, get("/"));
  ASSERT_FALSE(response.ok());
  EXPECT_EQ(response.error().code, "connect");
  EXPECT_NE(response.error().message.find("127.0.0.1:" + std::to_string(port)), std::string::npos)
      << response.error().message;
}

TEST(BeastTransportTest, ResponseOverBodyLimitIsIoError) {
  TestHttpServer server([](const Received&) { return ok_reply(std::string(2048, 'x')); });
  boost::asio::io_context io;
  TransportOptions options;
  options.body_limit = 1024;
  BeastTransport transport(io, url_of(server.url()), options);
  auto response = send_blocking(io, transport, get("/big"));
  ASSERT_FALSE(response.ok());
  EXPECT_EQ(response.error().code, "io");
  EXPECT_NE(response.error().message.find("limit of 1024 bytes"), std::string::npos) << response.error().message;
}

TEST(BeastTransportTest, HeadResponseHasNoBody) {
  TestHttpServer server([](const Received&) { return ok_reply("0123456789"); });
  boost::asio::io_context io;
  BeastTransport transport(io, url_of(server.url()), options(5000));
  auto head = send_blocking(io, transport, {"HEAD", "/h", {}, {}});
  ASSERT_TRUE(head.ok()) << head.error().message;
  EXPECT_EQ(head->body, "");
  EXPECT_EQ(head->header("Content-Length").value_or(""), "10");
  auto after = send_blocking(io, transport, get("/g"));
  ASSERT_TRUE(after.ok()) << after.error().message;
  EXPECT_EQ(after->body, "0123456789");
  EXPECT_EQ(server.connections(), 1);
}

TEST(BeastTransportTest, HundredTransportsOnOneThread) {
  TestHttpServer server([](const Received& r) { return ok_reply(r.target); });
  boost::asio::io_context io;
  constexpr int kTransports = 100;
  std::vector<std::unique_ptr<BeastTransport>> transports;
  for (int i = 0; i < kTransports; ++i) {
    transports.push_back(std::make_unique<BeastTransport>(io, url_of(server.url())));
  }
  int succeeded = 0;
  int failed = 0;
  for (int i = 0; i < kTransports; ++i) {
    BeastTransport& t = *transports[static_cast<std::size_t>(i)];
    const std::string target = "/d/" + std::to_string(i);
    // Two requests per device, the second sent from the first's completion.
    t.send(get(target + "/1"), [&, target](Result<protocol::HttpResponse> r) {
      if (!r || r->body != target + "/1") {
        ++failed;
        return;
      }
      t.send(get(target + "/2"), [&, target](Result<protocol::HttpResponse> r2) {
        (r2 && r2->body == target + "/2") ? ++succeeded : ++failed;
      });
    });
  }
  ASSERT_TRUE(run_until(io, [&] { return succeeded + failed == kTransports; }));
  EXPECT_EQ(succeeded, kTransports);
  EXPECT_EQ(server.connections(), kTransports);
  EXPECT_EQ(server.received().size(), 2u * kTransports);
}

TEST(BeastTransportTest, DestroyingTheTransportCompletesPendingRequests) {
  TestHttpServer server([](const Received&) { return Reply{200, "", {}, Reply::Then::never_answer}; });
  boost::asio::io_context io;
  auto transport = std::make_unique<BeastTransport>(io, url_of(server.url()));
  std::vector<Result<protocol::HttpResponse>> outcomes;
  for (int i = 0; i < 3; ++i) {
    transport->send(get("/p"), [&](Result<protocol::HttpResponse> r) { outcomes.push_back(std::move(r)); });
  }
  // Run until the first request is in flight on the server, then drop the transport.
  io.restart();
  for (int i = 0; i < 400 && server.received().empty(); ++i) io.run_for(std::chrono::milliseconds(10));
  ASSERT_EQ(server.received().size(), 1u);
  transport.reset();
  ASSERT_TRUE(run_until(io, [&] { return outcomes.size() == 3; }));
  io.restart();
  io.poll();
  ASSERT_EQ(outcomes.size(), 3u);  // exactly once each
  for (const auto& outcome : outcomes) {
    ASSERT_FALSE(outcome.ok());
    EXPECT_EQ(outcome.error().code, "io");
    EXPECT_NE(outcome.error().message.find("transport closed"), std::string::npos) << outcome.error().message;
  }
  EXPECT_TRUE(eventually([&] { return server.client_gone() == 1; }));
}

// HTTPS against a self-signed certificate made for this test.
class BeastTransportTlsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto files = testing::make_self_signed(dir_.path(), "IP:127.0.0.1,DNS:localhost");
    ASSERT_TRUE(files.has_value()) << "openssl could not make a certificate";
    files_ = *files;
    server_ = std::make_unique<TestHttpServer>([](const Received& r) {
      Reply reply = ok_reply("secure:" + r.target);
      if (r.target == "/close") reply.then = Reply::Then::answer_and_close;
      return reply;
    }, files_);
  }

  Result<protocol::HttpResponse> fetch(TlsOptions tls, const std::string& target = "/s") {
    BeastTransport transport(io_, url_of(server_->url()), options(5000, tls));
    return send_blocking(io_, transport, get(target));
  }

  testing::TempDir dir_;
  TestHttpServer::TlsFiles files_;
  std::unique_ptr<TestHttpServer> server_;
  boost::asio::io_context io_;
};

TEST_F(BeastTransportTlsTest, FailsVerificationByDefault) {
  auto response = fetch({});
  ASSERT_FALSE(response.ok());
  EXPECT_EQ(response.error().code, "tls");
  EXPECT_NE(response.error().message.find("127.0.0.1:" + std::to_string(server_->port())), std::string::npos)
      << response.error().message;
  EXPECT_NE(response.error().message.find("certificate verify failed"), std::string::npos) << response.error().message;
  EXPECT_EQ(server_->received().size(), 0u);
}

TEST_F(BeastTransportTlsTest, PassesWithCaFile) {
  auto response = fetch({files_.cert_file, false});
  ASSERT_TRUE(response.ok()) << response.error().message;
  EXPECT_EQ(response->body, "secure:/s");
}

TEST_F(BeastTransportTlsTest, PassesWhenInsecure) {
  auto response = fetch({std::nullopt, true});
  ASSERT_TRUE(response.ok()) << response.error().message;
  EXPECT_EQ(response->body, "secure:/s");
}

TEST_F(BeastTransportTlsTest, MissingCaFileIsTlsError) {
  auto response = fetch({(dir_.path() / "missing.pem").string(), false});
  ASSERT_FALSE(response.ok());
  EXPECT_EQ(response.error().code, "tls");
  EXPECT_NE(response.error().message.find("missing.pem"), std::string::npos) << response.error().message;
  EXPECT_EQ(server_->connections(), 0);
}

TEST_F(BeastTransportTlsTest, KeepAliveAndReconnectOverTls) {
  BeastTransport transport(io_, url_of(server_->url()), options(5000, {files_.cert_file, false}));
  for (int i = 0; i < 3; ++i) {
    auto response = send_blocking(io_, transport, get("/k"));
    ASSERT_TRUE(response.ok()) << response.error().message;
  }
  EXPECT_EQ(server_->connections(), 1);
  ASSERT_TRUE(send_blocking(io_, transport, get("/close")).ok());
  ASSERT_TRUE(eventually([&] { return server_->closed_by_server() == 1; }));
  auto after = send_blocking(io_, transport, get("/after"));
  ASSERT_TRUE(after.ok()) << after.error().message;
  EXPECT_EQ(server_->connections(), 2);
  EXPECT_EQ(server_->received().size(), 5u);
}

TEST_F(BeastTransportTlsTest, NewConnectionsResumeTheTlsSession) {
  const TlsOptions tls{files_.cert_file, false};
  auto first = std::make_unique<BeastTransport>(io_, url_of(server_->url()), options(5000, tls));
  // The context the transports share (equal options), with its session cache.
  auto context = make_tls_context(tls);
  ASSERT_TRUE(context.ok() && context->sessions);
  ASSERT_TRUE(send_blocking(io_, *first, get("/1")).ok());
  std::vector<std::unique_ptr<BeastTransport>> more;
  for (int i = 0; i < 3; ++i) {
    more.push_back(std::make_unique<BeastTransport>(io_, url_of(server_->url()), options(5000, tls)));
    auto response = send_blocking(io_, *more.back(), get("/n"));
    ASSERT_TRUE(response.ok()) << response.error().message;
  }
  EXPECT_EQ(server_->connections(), 4);
  EXPECT_EQ(context->sessions->handshakes(), 4u);
  EXPECT_EQ(context->sessions->resumed(), 3u) << "every connection after the first resumes";
}

TEST(BeastTransportTlsHostTest, RejectsCertificateForAnotherHost) {
  testing::TempDir dir;
  auto files = testing::make_self_signed(dir.path(), "DNS:other.example");
  ASSERT_TRUE(files.has_value());
  TestHttpServer server([](const Received&) { return ok_reply(); }, *files);
  boost::asio::io_context io;
  BeastTransport transport(io, url_of(server.url()), options(5000, {files->cert_file, false}));
  auto response = send_blocking(io, transport, get("/"));
  ASSERT_FALSE(response.ok());
  EXPECT_EQ(response.error().code, "tls");
  EXPECT_NE(response.error().message.find("mismatch"), std::string::npos) << response.error().message;
  EXPECT_EQ(server.received().size(), 0u);
}

TEST(BeastTransportTlsHostTest, PlainServerBehindHttpsUrlIsTlsError) {
  TestHttpServer server([](const Received&) { return ok_reply(); });
  boost::asio::io_context io;
  BeastTransport transport(io, url_of("https://127.0.0.1:" + std::to_string(server.port())),
                           options(5000, {std::nullopt, true}));
  auto response = send_blocking(io, transport, get("/"));
  ASSERT_FALSE(response.ok());
  EXPECT_EQ(response.error().code, "tls");
}

}  // namespace
}  // namespace syncsuite::net

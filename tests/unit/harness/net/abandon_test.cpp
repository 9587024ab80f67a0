#include "harness/net/abandon.hpp"

#include <gtest/gtest.h>

#include <boost/asio/io_context.hpp>
#include <optional>
#include <string>

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

Status abandon(boost::asio::io_context& io, const TargetUrl& url, const TlsOptions& tls, protocol::HttpRequest request) {
  std::optional<Status> outcome;
  send_and_abandon(io, url, tls, std::move(request), [&outcome](Status s) { outcome.emplace(std::move(s)); });
  EXPECT_FALSE(outcome.has_value()) << "done ran inside send_and_abandon";
  if (!run_until(io, [&] { return outcome.has_value(); })) return make_error("test", "done never ran");
  return std::move(*outcome);
}

TEST(SendAndAbandonTest, DeliversTheWholeRequestThenCloses) {
  TestHttpServer server([](const Received&) { return Reply{200, "processed", {}}; });
  boost::asio::io_context io;
  const std::string body(1 << 20, 'b');  // 1 MiB: more than one socket buffer
  auto status = abandon(io, url_of(server.url() + "/base"), {},
                        {"POST", "/api/v1/sync/push/", {{"Authorization", "Token t"}}, body});
  ASSERT_TRUE(status.ok()) << status.error().message;
  ASSERT_TRUE(eventually([&] { return server.received().size() == 1; }));
  const auto received = server.received();
  EXPECT_EQ(received[0].method, "POST");
  EXPECT_EQ(received[0].target, "/base/api/v1/sync/push/");
  EXPECT_EQ(received[0].body, body);
  EXPECT_EQ(protocol::find_header(received[0].headers, "Authorization").value_or(""), "Token t");
  // The client went away without waiting: the server's next read (or its write) ends the session.
  EXPECT_TRUE(eventually([&] { return server.client_gone() == 1; }));
  EXPECT_EQ(server.connections(), 1);
}

TEST(SendAndAbandonTest, WorksOverTls) {
  testing::TempDir dir;
  auto files = testing::make_self_signed(dir.path(), "IP:127.0.0.1");
  ASSERT_TRUE(files.has_value());
  TestHttpServer server([](const Received&) { return Reply{200, "processed", {}}; }, *files);
  boost::asio::io_context io;
  auto status = abandon(io, url_of(server.url()), {files->cert_file, false}, {"POST", "/p/", {}, "tls body"});
  ASSERT_TRUE(status.ok()) << status.error().message;
  ASSERT_TRUE(eventually([&] { return server.received().size() == 1; }));
  EXPECT_EQ(server.received()[0].body, "tls body");
  EXPECT_TRUE(eventually([&] { return server.client_gone() == 1; }));
}

TEST(SendAndAbandonTest, ConnectRefusedIsReported) {
  const std::uint16_t port = testing::unused_port();
  boost::asio::io_context io;
  auto status = abandon(io, url_of("http://127.0.0.1:" + std::to_string(port)), {}, {"POST", "/p/", {}, "x"});
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.error().code, "connect");
  EXPECT_NE(status.error().message.find("127.0.0.1:" + std::to_string(port)), std::string::npos) << status.error().message;
}

TEST(SendAndAbandonTest, UnsendableRequestIsReported) {
  TestHttpServer server([](const Received&) { return Reply{}; });
  boost::asio::io_context io;
  auto status = abandon(io, url_of(server.url()), {}, {"POST", "/p/", {{"X", "a\nb"}}, "x"});
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.error().code, "io");
  EXPECT_EQ(server.connections(), 0);
}

}  // namespace
}  // namespace syncsuite::net

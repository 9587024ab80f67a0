#include "harness/net/blocking.hpp"

#include <gtest/gtest.h>

#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>

namespace syncsuite::net {
namespace {

// Transports at the seam: completes later via the io_context, inline, or never.
class PostingTransport : public client::Transport {
 public:
  explicit PostingTransport(boost::asio::io_context& io) : io_(io) {}
  void send(protocol::HttpRequest request, client::Completion done) override {
    boost::asio::post(io_, [request = std::move(request), done = std::move(done)] {
      done(protocol::HttpResponse{200, {}, request.method + " " + request.target});
    });
  }

 private:
  boost::asio::io_context& io_;
};

class InlineTransport : public client::Transport {
 public:
  void send(protocol::HttpRequest, client::Completion done) override { done(make_error("connect", "refused")); }
};

class SilentTransport : public client::Transport {
 public:
  void send(protocol::HttpRequest, client::Completion) override {}
};

TEST(SendBlockingTest, RunsTheIoContextUntilTheCompletion) {
  boost::asio::io_context io;
  PostingTransport transport(io);
  for (int i = 0; i < 3; ++i) {  // the io_context runs out of work after each; restart is needed
    auto response = send_blocking(io, transport, {"GET", "/n/" + std::to_string(i), {}, {}});
    ASSERT_TRUE(response.ok()) << response.error().message;
    EXPECT_EQ(response->body, "GET /n/" + std::to_string(i));
  }
}

TEST(SendBlockingTest, RestartsAStoppedIoContext) {
  boost::asio::io_context io;
  PostingTransport transport(io);
  io.stop();
  auto response = send_blocking(io, transport, {"GET", "/s", {}, {}});
  ASSERT_TRUE(response.ok()) << response.error().message;
  EXPECT_EQ(response->body, "GET /s");
}

TEST(SendBlockingTest, InlineCompletionIsReturned) {
  boost::asio::io_context io;
  InlineTransport transport;
  auto response = send_blocking(io, transport, {"GET", "/", {}, {}});
  ASSERT_FALSE(response.ok());
  EXPECT_EQ(response.error().code, "connect");
}

TEST(SendBlockingTest, LostCompletionIsAnErrorNotAHang) {
  boost::asio::io_context io;
  SilentTransport transport;
  auto response = send_blocking(io, transport, {"POST", "/push/", {}, {}});
  ASSERT_FALSE(response.ok());
  EXPECT_EQ(response.error().code, "io");
  EXPECT_NE(response.error().message.find("POST /push/"), std::string::npos) << response.error().message;
}

}  // namespace
}  // namespace syncsuite::net

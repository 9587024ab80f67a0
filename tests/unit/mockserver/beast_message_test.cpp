#include "mockserver/beast_message.hpp"

#include <gtest/gtest.h>

#include <string>

namespace syncsuite::mockserver {
namespace {

namespace http = boost::beast::http;

TEST(BeastMessage, RequestKeepsMethodTargetHeadersAndBody) {
  BeastRequest request{http::verb::post, "/api/v1/sync/push/?x=1", 11};
  request.set(http::field::authorization, "Token abc");
  request.insert("X-Custom", "one");
  request.insert("X-Custom", "two");
  request.body() = R"({"records": []})";
  request.prepare_payload();
  auto out = to_protocol(std::move(request));
  EXPECT_EQ(out.method, "POST");
  EXPECT_EQ(out.target, "/api/v1/sync/push/?x=1");
  EXPECT_EQ(out.header("authorization"), "Token abc");
  EXPECT_EQ(out.header("X-CUSTOM"), "one");
  int custom = 0;
  for (const auto& header : out.headers) {
    custom += header.name == "X-Custom" ? 1 : 0;
  }
  EXPECT_EQ(custom, 2);
  EXPECT_EQ(out.body, R"({"records": []})");
}

TEST(BeastMessage, UnknownMethodIsKeptAsText) {
  BeastRequest request;
  request.method_string("BREW");
  request.target("/pot/");
  EXPECT_EQ(to_protocol(std::move(request)).method, "BREW");
}

TEST(BeastMessage, ResponseFramingIsTheServers) {
  protocol::HttpResponse response;
  response.status = 409;
  response.headers = {{"Content-Type", "application/json"},
                      {"Content-Length", "999"},
                      {"Connection", "close"},
                      {"Transfer-Encoding", "chunked"},
                      {"X-Core", "kept"}};
  response.body = R"({"detail":"x"})";
  auto out = to_beast(std::move(response), 11, /*keep_alive=*/true);
  EXPECT_EQ(out.result_int(), 409u);
  EXPECT_EQ(out[http::field::content_type], "application/json");
  EXPECT_EQ(out[http::field::content_length], std::to_string(out.body().size()));
  EXPECT_EQ(out.count(http::field::transfer_encoding), 0u);
  EXPECT_TRUE(out.keep_alive());
  EXPECT_EQ(out["X-Core"], "kept");
  EXPECT_EQ(out.body(), R"({"detail":"x"})");
}

TEST(BeastMessage, ResponseWithoutKeepAliveSaysClose) {
  protocol::HttpResponse response;
  response.body = "{}";
  auto out = to_beast(std::move(response), 11, /*keep_alive=*/false);
  EXPECT_FALSE(out.keep_alive());
  EXPECT_EQ(out[http::field::connection], "close");
  auto old = to_beast(protocol::HttpResponse{}, 10, /*keep_alive=*/false);
  EXPECT_EQ(old.version(), 10u);
  EXPECT_EQ(old[http::field::content_length], "0");
}

}  // namespace
}  // namespace syncsuite::mockserver

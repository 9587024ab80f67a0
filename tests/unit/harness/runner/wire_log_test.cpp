#include "harness/runner/wire_log.hpp"

#include <gtest/gtest.h>

namespace syncsuite::runner {
namespace {

WireLog log_for(std::vector<std::string> tokens) {
  WireLog log;
  log.tokens = std::move(tokens);
  log.url = *net::TargetUrl::parse("http://127.0.0.1:8080/base");
  return log;
}

protocol::HttpRequest request(std::string auth, std::string body = "{}") {
  protocol::HttpRequest r;
  r.method = "POST";
  r.target = "/api/v1/sync/push/";
  r.headers.push_back({"Authorization", std::move(auth)});
  r.body = std::move(body);
  return r;
}

TEST(WireLog, TokensNeverReachTheLogOrTheCurlCommand) {
  const auto log = log_for({"secret0", "secret1"});
  protocol::HttpResponse response;
  response.status = 200;
  response.body = "{\"ok\":true}";
  const auto e = make_exchange(log, request("Token secret1"), response, 3.5);
  EXPECT_EQ(e.url, "http://127.0.0.1:8080/base/api/v1/sync/push/");
  ASSERT_EQ(e.request_headers.size(), 1u);
  EXPECT_EQ(e.request_headers[0].second, "Token ${SYNCSUITE_TOKEN_1}");
  EXPECT_EQ(e.curl.find("secret"), std::string::npos) << e.curl;
  EXPECT_NE(e.curl.find("SYNCSUITE_TOKEN_1"), std::string::npos) << e.curl;
  EXPECT_EQ(e.status, 200);
  EXPECT_EQ(e.response_body, "{\"ok\":true}");
  EXPECT_DOUBLE_EQ(e.elapsed_ms, 3.5);
}

TEST(WireLog, BogusTokensAreShownAsSent) {
  const auto log = log_for({"secret0"});
  const auto e = make_exchange(log, request("Token 0000bogus"), make_error("io", "reset"), 1);
  EXPECT_EQ(e.request_headers[0].second, "Token 0000bogus");
  EXPECT_EQ(e.status, 0);
  EXPECT_EQ(e.transport_error, "io: reset");
}

TEST(WireLog, HugeBodiesAreCutInTheLog) {
  const auto log = log_for({"secret0"});
  const auto e = make_exchange(log, request("Token secret0", std::string(17u << 20, 'x')),
                               make_error("io", "closed"), 1);
  EXPECT_LT(e.request_body.size(), 8192u);
  EXPECT_NE(e.request_body.find("17825792 bytes in all"), std::string::npos);
  EXPECT_LT(e.curl.size(), 4096u);
}

}  // namespace
}  // namespace syncsuite::runner

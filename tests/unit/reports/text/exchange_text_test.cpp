#include "reports/text/exchange_text.hpp"

#include <gtest/gtest.h>

namespace syncsuite::reports::text {
namespace {

Exchange sample() {
  Exchange e;
  e.method = "POST";
  e.target = "/api/v1/sync/push/";
  e.url = "http://127.0.0.1:9/api/v1/sync/push/";
  e.request_headers = {{"Authorization", "Token [redacted]"}, {"Content-Type", "application/json"}};
  e.request_body = "{}";
  e.status = 400;
  e.response_headers = {{"Content-Type", "application/json"}};
  e.response_body = "{\"detail\":\"bad\"}";
  e.elapsed_ms = 2.5;
  e.curl = "curl -X POST http://127.0.0.1:9/api/v1/sync/push/";
  return e;
}

TEST(ExchangeTextTest, Heading) {
  EXPECT_EQ(exchange_heading(sample()),
            "POST http://127.0.0.1:9/api/v1/sync/push/ → 400 in 2.5 ms");
}

TEST(ExchangeTextTest, RequestAndResponseLikeCurlVerbose) {
  EXPECT_EQ(request_text(sample(), 4096),
            "> POST /api/v1/sync/push/\n> Authorization: Token [redacted]\n"
            "> Content-Type: application/json\n\n{}\n");
  EXPECT_EQ(response_text(sample(), 4096),
            "< 400\n< Content-Type: application/json\n\n{\"detail\":\"bad\"}\n");
}

TEST(ExchangeTextTest, NoResponseNamesTheTransportError) {
  Exchange e = sample();
  e.status = 0;
  e.response_headers.clear();
  e.response_body.clear();
  e.transport_error = "connection reset";
  EXPECT_EQ(response_text(e, 4096), "< no response: connection reset\n");
  EXPECT_EQ(exchange_heading(e),
            "POST http://127.0.0.1:9/api/v1/sync/push/ → no response: connection reset in 2.5 ms");
}

TEST(ExchangeTextTest, BodiesAreCutAndRepaired) {
  Exchange e = sample();
  e.response_body = "\xFF" + std::string(20, 'x');
  EXPECT_EQ(response_text(e, 5),
            "< 400\n< Content-Type: application/json\n\n\xEF\xBF\xBDxxxx… [cut: 21 bytes total]\n");
}

TEST(ExchangeTextTest, WholeExchangeEndsWithCurl) {
  const std::string text = exchange_text(sample(), 4096);
  EXPECT_EQ(
      text.rfind("$ curl -X POST http://127.0.0.1:9/api/v1/sync/push/\n"),
      text.size() - std::string("$ curl -X POST http://127.0.0.1:9/api/v1/sync/push/\n").size());
  EXPECT_EQ(text.find("POST http://127.0.0.1:9/api/v1/sync/push/ → 400"), 0u);
}

}  // namespace
}  // namespace syncsuite::reports::text

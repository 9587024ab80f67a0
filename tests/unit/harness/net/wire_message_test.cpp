#include "harness/net/wire_message.hpp"

#include <gtest/gtest.h>

#include <boost/beast/http/field.hpp>

namespace syncsuite::net {
namespace {

TargetUrl target() {
  auto url = TargetUrl::parse("https://staging.example:8443/sync");
  EXPECT_TRUE(url.ok());
  return url.value();
}

TEST(WireMessageTest, AddsHostUserAgentAndPrefixesTheTarget) {
  auto wire = to_wire(target(), {"GET", "/api/v1/sync/status/", {{"Authorization", "Token t"}}, {}});
  ASSERT_TRUE(wire.ok()) << wire.error().message;
  EXPECT_EQ(wire->method_string(), "GET");
  EXPECT_EQ(wire->target(), "/sync/api/v1/sync/status/");
  EXPECT_EQ(wire->version(), 11u);
  EXPECT_EQ((*wire)[boost::beast::http::field::host], "staging.example:8443");
  EXPECT_EQ((*wire)[boost::beast::http::field::user_agent], "syncsuite/0.1");
  EXPECT_EQ((*wire)["Authorization"], "Token t");
  EXPECT_EQ(wire->count(boost::beast::http::field::content_length), 0u);
}

struct LengthCase {
  std::string method;
  std::string body;
  std::string content_length;  // "" = no header
};

void PrintTo(const LengthCase& c, std::ostream* os) { *os << c.method << " with " << c.body.size() << " bytes"; }

class ContentLengthTest : public ::testing::TestWithParam<LengthCase> {};

TEST_P(ContentLengthTest, FollowsTheBody) {
  const LengthCase& c = GetParam();
  auto wire = to_wire(target(), {c.method, "/x/", {{"Content-Length", "77"}, {"Transfer-Encoding", "chunked"}}, c.body});
  ASSERT_TRUE(wire.ok()) << wire.error().message;
  EXPECT_EQ(std::string((*wire)[boost::beast::http::field::content_length]), c.content_length);
  EXPECT_EQ(wire->count(boost::beast::http::field::content_length), c.content_length.empty() ? 0u : 1u);
  EXPECT_EQ(wire->count(boost::beast::http::field::transfer_encoding), 0u);
  EXPECT_EQ(wire->body(), c.body);
}

INSTANTIATE_TEST_SUITE_P(Table, ContentLengthTest,
                         ::testing::Values(LengthCase{"GET", "", ""}, LengthCase{"HEAD", "", ""},
                                           LengthCase{"DELETE", "", ""}, LengthCase{"POST", "", "0"},
                                           LengthCase{"PUT", "", "0"}, LengthCase{"PATCH", "", "0"},
                                           LengthCase{"POST", "{}", "2"}, LengthCase{"GET", "abc", "3"},
                                           LengthCase{"TRACE", "", ""}, LengthCase{"BREW", "x", "1"}));

struct Unsendable {
  protocol::HttpRequest request;
  std::string names;
};

void PrintTo(const Unsendable& c, std::ostream* os) { *os << c.names; }

class UnsendableTest : public ::testing::TestWithParam<Unsendable> {};

TEST_P(UnsendableTest, IsRefusedWithTheReason) {
  auto wire = to_wire(target(), GetParam().request);
  ASSERT_FALSE(wire.ok());
  EXPECT_EQ(wire.error().code, "io");
  EXPECT_NE(wire.error().message.find("request not sent"), std::string::npos);
  EXPECT_NE(wire.error().message.find(GetParam().names), std::string::npos) << wire.error().message;
}

INSTANTIATE_TEST_SUITE_P(
    Table, UnsendableTest,
    ::testing::Values(Unsendable{{"", "/x/", {}, {}}, "method ''"},
                      Unsendable{{"G T", "/x/", {}, {}}, "method 'G T'"},
                      Unsendable{{"GET", "/a b/", {}, {}}, "target '/a b/'"},
                      Unsendable{{"GET", "/a\r\n/", {}, {}}, "target"},
                      Unsendable{{"GET", "/x/", {{"Bad Name", "v"}}, {}}, "header name 'Bad Name'"},
                      Unsendable{{"GET", "/x/", {{"", "v"}}, {}}, "header name ''"},
                      Unsendable{{"GET", "/x/", {{"X-A", "a\r\nB: c"}}, {}}, "header 'X-A'"},
                      Unsendable{{"GET", "/x/", {{"X-A", std::string("a\0b", 3)}}, {}}, "header 'X-A'"}));

TEST(WireMessageTest, ResponseKeepsStatusHeadersAndBody) {
  WireResponse response;
  response.result(409);
  response.set("Content-Type", "application/json");
  response.insert("Set-Thing", "a");
  response.insert("Set-Thing", "b");
  response.body() = R"({"detail":"x"})";
  const protocol::HttpResponse out = from_wire(std::move(response));
  EXPECT_EQ(out.status, 409);
  EXPECT_EQ(out.body, R"({"detail":"x"})");
  EXPECT_EQ(out.header("content-type").value_or(""), "application/json");
  ASSERT_EQ(out.headers.size(), 3u);
  EXPECT_EQ(out.headers[2].value, "b");
}

}  // namespace
}  // namespace syncsuite::net

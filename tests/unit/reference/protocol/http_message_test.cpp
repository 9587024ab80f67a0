#include "reference/protocol/http_message.hpp"

#include <gtest/gtest.h>

namespace syncsuite::protocol {
namespace {

TEST(FindHeader, IsCaseInsensitiveAndReturnsTheFirstMatch) {
  const Headers headers{{"Content-Type", "application/json"},
                        {"authorization", "Token abc"},
                        {"X-Dup", "first"},
                        {"x-dup", "second"}};
  EXPECT_EQ(find_header(headers, "content-type"), "application/json");
  EXPECT_EQ(find_header(headers, "CONTENT-TYPE"), "application/json");
  EXPECT_EQ(find_header(headers, "Authorization"), "Token abc");
  EXPECT_EQ(find_header(headers, "x-DUP"), "first");
  EXPECT_FALSE(find_header(headers, "Content-Length").has_value());
  EXPECT_FALSE(find_header(headers, "Content-Typ").has_value());
  EXPECT_FALSE(find_header(headers, "Content-Type ").has_value());
  EXPECT_FALSE(find_header({}, "Content-Type").has_value());
}

TEST(FindHeader, EmptyValueIsPresent) {
  const Headers headers{{"Authorization", ""}};
  const auto v = find_header(headers, "authorization");
  ASSERT_TRUE(v.has_value());
  EXPECT_TRUE(v->empty());
}

TEST(HttpMessages, HeaderMembersUseTheSameLookup) {
  HttpRequest req{"POST", "/api/v1/sync/push/", {{"Authorization", "Token t"}}, "{}"};
  EXPECT_EQ(req.header("AUTHORIZATION"), "Token t");
  EXPECT_FALSE(req.header("Host").has_value());
  HttpResponse res;
  EXPECT_EQ(res.status, 200);
  res.headers.push_back({"Content-Type", "application/json"});
  EXPECT_EQ(res.header("content-type"), "application/json");
}

}  // namespace
}  // namespace syncsuite::protocol

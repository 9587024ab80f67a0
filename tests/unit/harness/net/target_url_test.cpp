#include "harness/net/target_url.hpp"

#include <gtest/gtest.h>

#include <string>

namespace syncsuite::net {
namespace {

struct GoodUrl {
  std::string text;
  std::string scheme;
  std::string host;
  std::uint16_t port;
  std::string base_path;
  std::string origin;
};

void PrintTo(const GoodUrl& c, std::ostream* os) { *os << c.text; }

class TargetUrlGoodTest : public ::testing::TestWithParam<GoodUrl> {};

TEST_P(TargetUrlGoodTest, ParsesParts) {
  const GoodUrl& c = GetParam();
  auto url = TargetUrl::parse(c.text);
  ASSERT_TRUE(url.ok()) << url.error().message;
  EXPECT_EQ(url->scheme, c.scheme);
  EXPECT_EQ(url->host, c.host);
  EXPECT_EQ(url->port, c.port);
  EXPECT_EQ(url->base_path, c.base_path);
  EXPECT_EQ(url->origin(), c.origin);
}

INSTANTIATE_TEST_SUITE_P(
    Table, TargetUrlGoodTest,
    ::testing::Values(
        GoodUrl{"http://127.0.0.1:8080", "http", "127.0.0.1", 8080, "", "http://127.0.0.1:8080"},
        GoodUrl{"http://127.0.0.1:8080/", "http", "127.0.0.1", 8080, "", "http://127.0.0.1:8080"},
        GoodUrl{"https://staging.example/sync", "https", "staging.example", 443, "/sync",
                "https://staging.example"},
        GoodUrl{"https://staging.example/sync/", "https", "staging.example", 443, "/sync",
                "https://staging.example"},
        GoodUrl{"http://example.com", "http", "example.com", 80, "", "http://example.com"},
        GoodUrl{"http://example.com:80/", "http", "example.com", 80, "", "http://example.com"},
        GoodUrl{"https://example.com:8443/a/b", "https", "example.com", 8443, "/a/b",
                "https://example.com:8443"},
        GoodUrl{"HTTPS://Example.COM", "https", "example.com", 443, "", "https://example.com"},
        GoodUrl{"http://[::1]:9000/p", "http", "::1", 9000, "/p", "http://[::1]:9000"},
        GoodUrl{"http://localhost:1/", "http", "localhost", 1, "", "http://localhost:1"},
        GoodUrl{"http://h:65535", "http", "h", 65535, "", "http://h:65535"}));

struct BadUrl {
  std::string text;
  std::string message_part;
};

void PrintTo(const BadUrl& c, std::ostream* os) { *os << c.text; }

class TargetUrlBadTest : public ::testing::TestWithParam<BadUrl> {};

TEST_P(TargetUrlBadTest, NamesTheProblem) {
  const BadUrl& c = GetParam();
  auto url = TargetUrl::parse(c.text);
  ASSERT_FALSE(url.ok()) << "parsed: " << url->origin();
  EXPECT_EQ(url.error().code, "bad_url");
  EXPECT_NE(url.error().message.find("target URL '" + c.text + "'"), std::string::npos) << url.error().message;
  EXPECT_NE(url.error().message.find(c.message_part), std::string::npos) << url.error().message;
}

INSTANTIATE_TEST_SUITE_P(
    Table, TargetUrlBadTest,
    ::testing::Values(BadUrl{"ftp://example.com", "scheme must be http or https"},
                      BadUrl{"ws://example.com", "scheme must be http or https"},
                      BadUrl{"", "not an absolute URL"},
                      BadUrl{"example.com:8080", "scheme must be http or https"},
                      BadUrl{"127.0.0.1:8080", "not an absolute URL"},
                      BadUrl{"http://", "a host is required"},
                      BadUrl{"http:/path", "a host is required"},
                      BadUrl{"http://example.com:0", "port must be a number from 1 to 65535"},
                      BadUrl{"http://example.com:65536", "port must be a number from 1 to 65535"},
                      BadUrl{"http://example.com:99999999999", "port must be a number from 1 to 65535"},
                      BadUrl{"http://user:pw@example.com", "user info"},
                      BadUrl{"http://example.com/?x=1", "query"},
                      BadUrl{"http://example.com/#top", "fragment"},
                      BadUrl{"http://exa%20mple.com/", "not a valid host name"},
                      BadUrl{"http://exa mple.com/", "not an absolute URL"}));

TEST(TargetUrlTest, RequestTargetAppendsToBasePath) {
  auto url = TargetUrl::parse("https://staging.example/sync");
  ASSERT_TRUE(url.ok());
  EXPECT_EQ(url->request_target("/api/v1/sync/pull/?since=c1"), "/sync/api/v1/sync/pull/?since=c1");
  EXPECT_EQ(url->request_target("api/"), "/sync/api/");
  auto root = TargetUrl::parse("http://127.0.0.1:9");
  ASSERT_TRUE(root.ok());
  EXPECT_EQ(root->request_target("/api/v1/sync/status/"), "/api/v1/sync/status/");
  EXPECT_EQ(root->request_target(""), "/");
}

TEST(TargetUrlTest, HostHeaderAndAuthority) {
  auto url = TargetUrl::parse("https://staging.example/sync");
  ASSERT_TRUE(url.ok());
  EXPECT_TRUE(url->tls());
  EXPECT_EQ(url->host_header(), "staging.example");
  EXPECT_EQ(url->authority(), "staging.example:443");
  auto v6 = TargetUrl::parse("http://[::1]:8080");
  ASSERT_TRUE(v6.ok());
  EXPECT_FALSE(v6->tls());
  EXPECT_EQ(v6->host_header(), "[::1]:8080");
  EXPECT_EQ(v6->authority(), "[::1]:8080");
}

}  // namespace
}  // namespace syncsuite::net

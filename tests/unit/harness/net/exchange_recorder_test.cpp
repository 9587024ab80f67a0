#include "harness/net/exchange_recorder.hpp"

#include <gtest/gtest.h>

#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <cstdlib>
#include <string>

#include "harness/net/beast_transport.hpp"
#include "harness/net/blocking.hpp"
#include "tests/unit/harness/net/test_http_server.hpp"

namespace syncsuite::net {
namespace {

constexpr const char* kToken = "9944b09199c62bcf9418ad846dd0e4bbdfc6ee4b";

// The seam: remembers what it was asked to send, answers with a scripted result via the io_context.
class ScriptedTransport : public client::Transport {
 public:
  explicit ScriptedTransport(boost::asio::io_context& io) : io_(io) {}
  void send(protocol::HttpRequest request, client::Completion done) override {
    sent.push_back(request);
    boost::asio::post(io_, [result = next, done = std::move(done)]() mutable { done(std::move(result)); });
  }
  Result<protocol::HttpResponse> next = protocol::HttpResponse{200, {{"Content-Type", "application/json"}}, "{}"};
  std::vector<protocol::HttpRequest> sent;

 private:
  boost::asio::io_context& io_;
};

bool contains(const std::string& haystack, std::string_view needle) {
  return haystack.find(needle) != std::string::npos;
}

protocol::HttpRequest push_request(std::string body = R"({"device_id":"d","records":[]})") {
  return {"POST",
          "/api/v1/sync/push/",
          {{"Authorization", std::string("Token ") + kToken}, {"Content-Type", "application/json"}},
          std::move(body)};
}

TEST(ExchangeRecorderTest, RecordsRequestResponseAndTiming) {
  boost::asio::io_context io;
  ScriptedTransport inner(io);
  ExchangeRecorder recorder(inner);
  const auto before = std::chrono::system_clock::now();
  auto response = send_blocking(io, recorder, push_request());
  ASSERT_TRUE(response.ok());
  ASSERT_EQ(recorder.exchanges().size(), 1u);
  const Exchange& e = recorder.exchanges()[0];
  EXPECT_EQ(e.sequence, 0u);
  EXPECT_GE(e.started, before);
  EXPECT_GE(e.elapsed_ms, 0.0);
  EXPECT_EQ(e.request.method, "POST");
  EXPECT_EQ(e.request.target, "/api/v1/sync/push/");
  EXPECT_EQ(e.request.body, R"({"device_id":"d","records":[]})");
  EXPECT_EQ(e.request.header("Content-Type").value_or(""), "application/json");
  ASSERT_TRUE(e.response.has_value());
  EXPECT_FALSE(e.error.has_value());
  EXPECT_EQ(e.response->status, 200);
  EXPECT_EQ(e.response->body, "{}");
}

TEST(ExchangeRecorderTest, RedactsTheTokenButSendsIt) {
  boost::asio::io_context io;
  ScriptedTransport inner(io);
  ExchangeRecorder recorder(inner);
  ASSERT_TRUE(send_blocking(io, recorder, push_request()).ok());
  ASSERT_EQ(inner.sent.size(), 1u);
  EXPECT_EQ(inner.sent[0].header("Authorization").value_or(""), std::string("Token ") + kToken);
  const Exchange& e = recorder.exchanges().at(0);
  EXPECT_EQ(e.request.header("Authorization").value_or(""), "Token ${SYNCSUITE_TOKEN}");
  for (const auto& h : e.request.headers) EXPECT_FALSE(contains(h.value, kToken)) << h.name;
  auto url = TargetUrl::parse("http://127.0.0.1:8080");
  ASSERT_TRUE(url.ok());
  EXPECT_FALSE(contains(to_curl(e, *url), kToken));
}

TEST(ExchangeRecorderTest, RecordsTransportErrorsInCompletionOrder) {
  boost::asio::io_context io;
  ScriptedTransport inner(io);
  ExchangeRecorder recorder(inner);
  inner.next = make_error("timeout", "GET http://h:1/x: timed out");
  auto failed = send_blocking(io, recorder, {"GET", "/x", {}, {}});
  ASSERT_FALSE(failed.ok());
  EXPECT_EQ(failed.error().code, "timeout");  // passed through unchanged
  inner.next = protocol::HttpResponse{404, {}, R"({"detail":"no"})"};
  ASSERT_TRUE(send_blocking(io, recorder, {"GET", "/y", {}, {}}).ok());
  ASSERT_EQ(recorder.exchanges().size(), 2u);
  const Exchange& first = recorder.exchanges()[0];
  EXPECT_EQ(first.sequence, 0u);
  ASSERT_TRUE(first.error.has_value());
  EXPECT_FALSE(first.response.has_value());
  EXPECT_EQ(first.error->code, "timeout");
  EXPECT_EQ(recorder.exchanges()[1].sequence, 1u);
  EXPECT_EQ(recorder.exchanges()[1].response->status, 404);
  recorder.clear();
  EXPECT_TRUE(recorder.exchanges().empty());
  ASSERT_TRUE(send_blocking(io, recorder, {"GET", "/z", {}, {}}).ok());
  ASSERT_EQ(recorder.exchanges().size(), 1u);
  EXPECT_EQ(recorder.exchanges()[0].sequence, 2u);
}

struct RedactCase {
  std::string value;
  std::string redacted;
};

void PrintTo(const RedactCase& c, std::ostream* os) { *os << "'" << c.value << "'"; }

class RedactAuthorizationTest : public ::testing::TestWithParam<RedactCase> {};

TEST_P(RedactAuthorizationTest, HidesTheCredential) {
  EXPECT_EQ(redact_authorization(GetParam().value), GetParam().redacted);
}

INSTANTIATE_TEST_SUITE_P(Table, RedactAuthorizationTest,
                         ::testing::Values(RedactCase{"Token abc", "Token ${SYNCSUITE_TOKEN}"},
                                           RedactCase{"Bearer x.y.z", "Bearer ${SYNCSUITE_TOKEN}"},
                                           RedactCase{"Token a b c", "Token ${SYNCSUITE_TOKEN}"},
                                           RedactCase{"abcdef0123456789abcdef", "${SYNCSUITE_TOKEN}"},
                                           RedactCase{"Token", "Token"},
                                           RedactCase{"", ""}));

TEST(ToCurlTest, BuildsAQuotedCommand) {
  Exchange e;
  e.request = push_request(R"({"note":"it's"})");
  auto url = TargetUrl::parse("https://staging.example/sync");
  ASSERT_TRUE(url.ok());
  e.request.headers[0].value = redact_authorization(e.request.headers[0].value);
  const std::string command = to_curl(e, *url, TlsOptions{"/etc/ca.pem", false});
  EXPECT_TRUE(contains(command, "--request 'POST'")) << command;
  EXPECT_TRUE(contains(command, "'https://staging.example/sync/api/v1/sync/push/'")) << command;
  EXPECT_TRUE(contains(command, R"(--header 'Authorization: Token '"${SYNCSUITE_TOKEN}")")) << command;
  EXPECT_TRUE(contains(command, R"(--data-binary '{"note":"it'\''s"}')")) << command;
  EXPECT_TRUE(contains(command, "--cacert '/etc/ca.pem'")) << command;
  EXPECT_TRUE(contains(to_curl(e, *url, TlsOptions{std::nullopt, true}), "--insecure"));
}

// The replay really replays: run the command with curl against a server and compare what arrived.
class ToCurlReplayTest : public ::testing::TestWithParam<std::string> {};

TEST_P(ToCurlReplayTest, CurlSendsTheSameRequest) {
  if (std::system("curl --version >/dev/null 2>&1") != 0) GTEST_SKIP() << "curl not installed";
  testing::TestHttpServer server([](const testing::Received&) { return testing::Reply{200, "{}", {}}; });
  auto url = TargetUrl::parse(server.url() + "/base");
  ASSERT_TRUE(url.ok());
  boost::asio::io_context io;
  BeastTransport transport(io, *url);
  ExchangeRecorder recorder(transport);
  const std::string body = GetParam();
  ASSERT_TRUE(send_blocking(io, recorder, push_request(body)).ok());
  ASSERT_EQ(recorder.exchanges().size(), 1u);
  const std::string command = to_curl(recorder.exchanges()[0], *url);
  ASSERT_EQ(::setenv("SYNCSUITE_TOKEN", kToken, 1), 0);
  const int rc = std::system(("(" + command + ") >/dev/null").c_str());
  ::unsetenv("SYNCSUITE_TOKEN");
  ASSERT_EQ(rc, 0) << command;
  const auto received = server.received();
  ASSERT_EQ(received.size(), 2u);
  EXPECT_EQ(received[1].method, received[0].method);
  EXPECT_EQ(received[1].target, "/base/api/v1/sync/push/");
  EXPECT_EQ(received[1].target, received[0].target);
  EXPECT_EQ(received[1].body, body);
  EXPECT_EQ(protocol::find_header(received[1].headers, "Authorization").value_or(""), std::string("Token ") + kToken);
  EXPECT_EQ(protocol::find_header(received[1].headers, "Content-Type").value_or(""), "application/json");
}

INSTANTIATE_TEST_SUITE_P(Bodies, ToCurlReplayTest,
                         ::testing::Values(std::string(R"({"device_id":"d","records":[]})"),
                                           std::string("it's \"quoted\" $HOME `x` \\ %s"),
                                           std::string("@not-a-file"),
                                           std::string("nul\0byte and \n newline\x01", 23),
                                           std::string("")));

}  // namespace
}  // namespace syncsuite::net

// The mock server over HTTPS, with a self-signed certificate made for the test.
#include <gtest/gtest.h>

#include <fstream>
#include <string>

#include "mockserver/server.hpp"
#include "tests/unit/mockserver/server_fixture.hpp"

namespace syncsuite::mockserver::testing {
namespace {

class ServerTls : public ServerFixture {
 protected:
  void SetUp() override {
    ASSERT_TRUE(make_self_signed_cert(dir(), cert_)) << "openssl req failed";
  }

  std::unique_ptr<Server> start_tls() {
    ServerOptions options;
    options.tls = TlsFiles{cert_.cert_file, cert_.key_file};
    return start(options);
  }

  // A client context that trusts exactly the test certificate.
  net::ssl::context trusting_context() {
    net::ssl::context context(net::ssl::context::tls_client);
    context.load_verify_file(cert_.cert_file.string());
    context.set_verify_mode(net::ssl::verify_peer);
    return context;
  }

  SelfSignedCert cert_;
};

TEST_F(ServerTls, ServesHttpsWithKeepAlive) {
  auto server = start_tls();
  ASSERT_TRUE(server);
  EXPECT_EQ(server->url(), "https://127.0.0.1:" + std::to_string(server->port()));
  const auto token = new_token(*server);
  auto context = trusting_context();
  TlsTestClient client(context);
  auto ec = client.connect(server->port());
  ASSERT_FALSE(ec) << ec.message();
  auto pushed = client.roundtrip(
      make_request(http::verb::post, "/api/v1/sync/push/", token, push_body("r1")), ec);
  ASSERT_FALSE(ec) << ec.message();
  EXPECT_EQ(pushed.result_int(), 200u) << pushed.body();
  auto status = client.roundtrip(make_request(http::verb::get, "/api/v1/sync/status/", token), ec);
  ASSERT_FALSE(ec) << ec.message();
  EXPECT_EQ(status.result_int(), 200u);
  EXPECT_EQ(nlohmann::json::parse(status.body())["record_count"], 1);
  const auto entries = server->journal().entries();
  ASSERT_EQ(entries.size(), 2u);
  EXPECT_EQ(entries[0].connection, entries[1].connection);
}

TEST_F(ServerTls, MalformedRequestOverTlsGets400) {
  auto server = start_tls();
  ASSERT_TRUE(server);
  auto context = trusting_context();
  TlsTestClient client(context);
  ASSERT_FALSE(client.connect(server->port()));
  ASSERT_FALSE(client.write_raw("NOT HTTP AT ALL\r\n\r\n"));
  beast::error_code ec;
  auto response = client.read(ec);
  ASSERT_FALSE(ec) << ec.message();
  EXPECT_EQ(response.result_int(), 400u);
}

TEST_F(ServerTls, ClientThatDoesNotTrustTheCertificateFailsTheHandshake) {
  auto server = start_tls();
  ASSERT_TRUE(server);
  net::ssl::context context(net::ssl::context::tls_client);
  context.set_verify_mode(net::ssl::verify_peer);  // and no trusted roots at all
  TlsTestClient client(context);
  EXPECT_TRUE(client.connect(server->port()));
}

TEST_F(ServerTls, PlainHttpGetsNoHttpAnswer) {
  auto server = start_tls();
  ASSERT_TRUE(server);
  TestClient client;
  ASSERT_FALSE(client.connect(server->port()));
  beast::error_code ec;
  client.roundtrip(make_request(http::verb::get, "/api/v1/sync/status/"), ec);
  EXPECT_TRUE(ec);  // HTTPS only: the handshake fails and the connection closes
  EXPECT_TRUE(server->journal().entries().empty());
}

TEST_F(ServerTls, StopClosesTlsConnections) {
  auto server = start_tls();
  ASSERT_TRUE(server);
  auto context = trusting_context();
  TlsTestClient client(context);
  ASSERT_FALSE(client.connect(server->port()));
  beast::error_code ec;
  auto response = client.roundtrip(make_request(http::verb::get, "/api/v1/sync/status/"), ec);
  ASSERT_FALSE(ec) << ec.message();
  server->stop();
  client.read_to_end(ec);
  EXPECT_TRUE(ec);  // the connection ended (close, not a time limit)
  EXPECT_NE(ec, beast::error::timeout);
}

TEST_F(ServerTls, StartFailsOnMissingOrMismatchedFiles) {
  ServerOptions missing;
  missing.db_path = dir() / "a.db";
  missing.tls = TlsFiles{dir() / "nope.pem", cert_.key_file};
  auto started = Server::start(missing);
  ASSERT_FALSE(started.ok());
  EXPECT_EQ(started.error().code, "tls");
  EXPECT_NE(started.error().message.find("nope.pem"), std::string::npos);

  SelfSignedCert other;
  ASSERT_TRUE(make_self_signed_cert(dir(), other, "other"));
  ServerOptions mismatched;
  mismatched.db_path = dir() / "b.db";
  mismatched.tls = TlsFiles{cert_.cert_file, other.key_file};
  auto mixed = Server::start(mismatched);
  ASSERT_FALSE(mixed.ok());
  EXPECT_EQ(mixed.error().code, "tls");

  ServerOptions garbage;
  garbage.db_path = dir() / "c.db";
  std::ofstream(dir() / "garbage.pem") << "not a certificate\n";
  garbage.tls = TlsFiles{dir() / "garbage.pem", cert_.key_file};
  EXPECT_FALSE(Server::start(garbage).ok());
}

}  // namespace
}  // namespace syncsuite::mockserver::testing

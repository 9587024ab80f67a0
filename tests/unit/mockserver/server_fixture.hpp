#pragma once
// A fixture that starts real mock servers (real SQLite file in a temp dir, port 0 on 127.0.0.1),
// and request bodies that the server core accepts.
#include <gtest/gtest.h>

#include <chrono>
#include <memory>
#include <string>
#include <thread>

#include "mockserver/server.hpp"
#include "reference/core/base64.hpp"
#include "tests/unit/mockserver/test_client.hpp"

namespace syncsuite::mockserver::testing {

class ServerFixture : public ::testing::Test {
 protected:
  // Starts a server on its own database file `name`.db; fails the test on error.
  std::unique_ptr<Server> start(ServerOptions options = {}, const std::string& name = "sync") {
    options.db_path = dir_.path() / (name + ".db");
    auto server = Server::start(std::move(options));
    EXPECT_TRUE(server.ok()) << (server.ok() ? "" : server.error().message);
    return server.ok() ? std::move(server).value() : nullptr;
  }

  std::string new_token(Server& server) {
    auto token = server.service().create_account();
    EXPECT_TRUE(token.ok()) << (token.ok() ? "" : token.error().message);
    return token.ok() ? token.value() : std::string();
  }

  const std::filesystem::path& dir() const { return dir_.path(); }

 private:
  TempDir dir_;
};

// A push of one valid record (the server never decrypts, so the bytes need only the right size).
inline std::string push_body(const std::string& id,
                             const std::string& updated_at = "2026-11-24T10:00:00.123Z") {
  base64::Bytes nonce(24, 0);
  for (std::size_t i = 0; i < id.size() && i < nonce.size(); ++i) {
    nonce[i] = static_cast<std::uint8_t>(id[i]);
  }
  const base64::Bytes ciphertext(40, 0x5a);
  nlohmann::json record = {{"table", "transactions"},
                           {"id", id},
                           {"updated_at", updated_at},
                           {"deleted", false},
                           {"nonce", base64::encode(nonce)},
                           {"ciphertext", base64::encode(ciphertext)}};
  return nlohmann::json{{"device_id", "device-1"}, {"records", {record}}}.dump();
}

// record_count from GET /status/ over a fresh connection; -1 on any failure.
inline long record_count(std::uint16_t port, const std::string& token) {
  TestClient client;
  if (client.connect(port)) {
    return -1;
  }
  beast::error_code ec;
  auto response = client.roundtrip(make_request(http::verb::get, "/api/v1/sync/status/", token), ec);
  if (ec || response.result_int() != 200) {
    return -1;
  }
  auto body = nlohmann::json::parse(response.body(), nullptr, false);
  return body.contains("record_count") ? body["record_count"].get<long>() : -1;
}

// Polls `condition` every 10 ms for at most 20 s (a bound, not an expected duration).
template <class Condition>
bool eventually(Condition condition) {
  for (int i = 0; i < 2000; ++i) {
    if (condition()) {
      return true;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return condition();
}

}  // namespace syncsuite::mockserver::testing

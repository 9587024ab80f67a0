#pragma once
// Shared parts of the server-core tests: the real SyncService on a SQLite file in a temp dir,
// accounts, envelopes sealed with real libsodium, and request helpers that go through handle().
#include <gtest/gtest.h>

#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "reference/core/timestamp.hpp"
#include "reference/crypto/keys.hpp"
#include "reference/crypto/record_box.hpp"
#include "reference/protocol/envelope.hpp"
#include "reference/protocol/http_message.hpp"
#include "reference/protocol/limits.hpp"
#include "reference/server/shards.hpp"
#include "reference/server/sync_service.hpp"

namespace syncsuite::server::fixture {

using nlohmann::json;
using protocol::Envelope;
using protocol::HttpRequest;
using protocol::HttpResponse;

class ScratchDir {
 public:
  ScratchDir() {
    std::string pattern = (std::filesystem::temp_directory_path() / "syncsuite-server-XXXXXX");
    if (mkdtemp(pattern.data()) != nullptr) path_ = pattern;
  }
  ~ScratchDir() {
    std::error_code ec;
    if (!path_.empty()) std::filesystem::remove_all(path_, ec);
  }
  ScratchDir(const ScratchDir&) = delete;
  ScratchDir& operator=(const ScratchDir&) = delete;
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

// 2026-11-24T10:00:00.000Z plus `ms` milliseconds.
inline std::string at(std::int64_t ms) {
  return timestamp::format(*timestamp::parse("2026-11-24T10:00:00.000Z") + ms);
}

// A user's device side: its keypair and box, to make real envelopes.
struct Keys {
  crypto::KeyPair pair = crypto::KeyPair::generate();
  crypto::RecordBox box{pair.public_key, pair.secret_key};

  Envelope seal(std::string table, std::string id, std::string updated_at, const json& data,
                bool deleted = false) const {
    const auto sealed = box.seal(deleted ? std::string("{}") : data.dump());
    Envelope e;
    e.table = std::move(table);
    e.id = std::move(id);
    e.updated_at = std::move(updated_at);
    e.deleted = deleted;
    e.nonce = sealed.nonce;
    e.ciphertext = sealed.ciphertext;
    return e;
  }
};

inline HttpRequest make_request(std::string method, std::string target,
                                std::optional<std::string> token, std::string body = "",
                                std::optional<std::string> content_type = "application/json") {
  HttpRequest request;
  request.method = std::move(method);
  request.target = std::move(target);
  if (token) request.headers.push_back({"Authorization", "Token " + *token});
  if (!body.empty() && content_type) request.headers.push_back({"Content-Type", *content_type});
  request.body = std::move(body);
  return request;
}

inline json envelopes_json(const std::vector<Envelope>& records) {
  json array = json::array();
  for (const auto& e : records) {
    auto j = protocol::to_json(e);
    j.erase("version");
    array.push_back(std::move(j));
  }
  return array;
}

// Parses a response body, failing the test when it is not JSON with the JSON content type.
inline json body_of(const HttpResponse& response) {
  const auto type = response.header("Content-Type");
  EXPECT_TRUE(type.has_value() && *type == "application/json")
      << "status " << response.status << " content type " << type.value_or("(none)");
  auto parsed = json::parse(response.body, nullptr, false);
  EXPECT_FALSE(parsed.is_discarded()) << response.body;
  return parsed;
}

// Expects a 4xx/5xx JSON error with a non-empty detail containing `fragment`.
inline void expect_error(const HttpResponse& response, int status, std::string_view fragment = "") {
  EXPECT_EQ(response.status, status) << response.body;
  const auto body = body_of(response);
  ASSERT_TRUE(body.is_object() && body.contains("detail") && body["detail"].is_string())
      << response.body;
  const auto detail = body["detail"].get<std::string>();
  EXPECT_FALSE(detail.empty());
  EXPECT_NE(detail.find(fragment), std::string::npos)
      << "detail \"" << detail << "\" lacks \"" << fragment << "\"";
}

class ServerTest : public ::testing::Test {
 protected:
  void SetUp() override { open_service(""); }

  // (Re)opens the service on the same file, with an optional mutant. SYNCSUITE_SERVER_SHARDS=N
  // (ctest's unit_reference.on_two_shards) spreads the correct server's records over N files:
  // then the first account's records are in a shard file, its account in the main one.
  void open_service(const std::string& mutant) {
    service_.reset();
    auto opened = SyncService::open({db_path(), mutant, mutant.empty() ? shards() : 1});
    ASSERT_TRUE(opened.ok()) << opened.error().message;
    service_ = std::move(opened).value();
    if (token_.empty()) token_ = new_account();
  }

  std::filesystem::path db_path() const { return dir_.path() / "server.db"; }
  static int shards() {
    const char* shards = std::getenv("SYNCSUITE_SERVER_SHARDS");
    return shards != nullptr ? std::atoi(shards) : 1;
  }
  // The file of the first account's records (user 1: the main file, or shard 1 of several).
  std::filesystem::path records_file() const { return Shards::file_of(db_path(), 1 % shards()); }

  std::string new_account() {
    auto token = service_->create_account();
    EXPECT_TRUE(token.ok());
    return token.ok() ? *token : std::string();
  }

  HttpResponse call(const HttpRequest& request) { return service_->handle(request); }

  HttpResponse push_raw(const json& body, const std::string& token) {
    return call(make_request("POST", std::string(protocol::kPushPath), token, body.dump()));
  }
  HttpResponse push(const std::vector<Envelope>& records, const std::string& token) {
    return push_raw(json{{"device_id", "device-1"}, {"records", envelopes_json(records)}}, token);
  }
  HttpResponse push(const std::vector<Envelope>& records) { return push(records, token_); }

  // The results array of a push that must succeed.
  json push_ok(const std::vector<Envelope>& records, const std::string& token) {
    const auto response = push(records, token);
    EXPECT_EQ(response.status, 200) << response.body;
    auto body = body_of(response);
    return body.is_object() ? body["results"] : json();
  }
  json push_ok(const std::vector<Envelope>& records) { return push_ok(records, token_); }

  HttpResponse pull(const std::string& query, const std::string& token) {
    return call(make_request("GET", std::string(protocol::kPullPath) + query, token));
  }
  HttpResponse pull(const std::string& query = "") { return pull(query, token_); }
  json pull_ok(const std::string& query, const std::string& token) {
    const auto response = pull(query, token);
    EXPECT_EQ(response.status, 200) << response.body;
    return body_of(response);
  }
  json pull_ok(const std::string& query = "") { return pull_ok(query, token_); }

  // Every record of the user, following the cursor from the beginning.
  json pull_all(const std::string& token) {
    json all = json::array();
    std::string since;
    for (int page = 0; page < 1000; ++page) {
      auto body = pull_ok("?since=" + since, token);
      for (auto& r : body["records"]) all.push_back(r);
      since = body["cursor"].get<std::string>();
      if (!body["has_more"].get<bool>()) break;
    }
    return all;
  }
  json pull_all() { return pull_all(token_); }

  HttpResponse resolve_raw(const json& body, const std::string& token) {
    return call(make_request("POST", std::string(protocol::kResolvePath), token, body.dump()));
  }
  HttpResponse resolve(const Envelope& target, const std::string& resolution,
                       std::int64_t expected_version, const std::optional<Envelope>& record,
                       const std::string& token) {
    json body = {{"table", target.table},
                 {"id", target.id},
                 {"resolution", resolution},
                 {"expected_version", expected_version}};
    if (record) body["record"] = envelopes_json({*record})[0];
    return resolve_raw(body, token);
  }
  HttpResponse resolve(const Envelope& target, const std::string& resolution,
                       std::int64_t expected_version, const std::optional<Envelope>& record) {
    return resolve(target, resolution, expected_version, record, token_);
  }

  json status_ok(const std::string& token) {
    const auto response = call(make_request("GET", std::string(protocol::kStatusPath), token));
    EXPECT_EQ(response.status, 200) << response.body;
    return body_of(response);
  }
  json status_ok() { return status_ok(token_); }

  HttpResponse put_key(const json& body, const std::string& token) {
    return call(make_request("PUT", std::string(protocol::kKeyPath), token, body.dump()));
  }

  // A conflict on (t, r1): v1 stored at +10 s, then a push of other content at +5 s.
  Envelope make_conflict() {
    const auto stored = keys_.seal("transactions", "r1", at(10'000), {{"amount", 1}});
    push_ok({stored});
    const auto late = keys_.seal("transactions", "r1", at(5'000), {{"amount", 2}});
    const auto results = push_ok({late});
    EXPECT_EQ(results[0]["status"], "conflict");
    return stored;
  }

  ScratchDir dir_;
  std::unique_ptr<SyncService> service_;
  std::string token_;  // the first account
  Keys keys_;
};

}  // namespace syncsuite::server::fixture

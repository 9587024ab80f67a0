// Contract section 1 through SyncService::handle(): tokens, paths, methods, media types, limits,
// and JSON error bodies; opening the service and its accounts.
#include "reference/server/sync_service.hpp"

#include <gtest/gtest.h>
#include <sqlite3.h>

#include <chrono>
#include <cstdio>
#include <fstream>
#include <iterator>
#include <set>
#include <string>
#include <vector>

#include "tests/unit/reference/server/server_fixture.hpp"

namespace syncsuite::server::fixture {
namespace {

struct Endpoint {
  std::string method;
  std::string path;
  std::string allow;
};

const std::vector<Endpoint>& endpoints() {
  static const std::vector<Endpoint> all = {
      {"POST", std::string(protocol::kPushPath), "POST"},
      {"GET", std::string(protocol::kPullPath), "GET"},
      {"POST", std::string(protocol::kResolvePath), "POST"},
      {"GET", std::string(protocol::kStatusPath), "GET"},
      {"PUT", std::string(protocol::kKeyPath), "PUT"},
  };
  return all;
}

using TransportRules = ServerTest;

TEST_F(TransportRules, EveryEndpointWantsAToken) {
  for (const auto& e : endpoints()) {
    const auto response = call(make_request(e.method, e.path, std::nullopt, "{}"));
    expect_error(response, 401, "credentials");
    EXPECT_EQ(response.header("WWW-Authenticate").value_or(""), "Token") << e.path;
  }
}

TEST_F(TransportRules, UnknownTokenIs401) {
  const auto response = call(make_request("GET", std::string(protocol::kStatusPath), "f00"));
  expect_error(response, 401, "Invalid token");
  EXPECT_EQ(response.header("WWW-Authenticate").value_or(""), "Token");
}

TEST_F(TransportRules, MalformedAuthorizationHeadersAre401) {
  const std::vector<std::string> headers = {"",         "Token",
                                            "Token  ",  "Bearer " + token_,
                                            "Token " + token_ + " extra", token_,
                                            "Basic dXNlcjpwYXNz"};
  for (const auto& header : headers) {
    auto request = make_request("GET", std::string(protocol::kStatusPath), std::nullopt);
    request.headers.push_back({"Authorization", header});
    expect_error(call(request), 401);
  }
}

TEST_F(TransportRules, TokenSchemeIsCaseInsensitive) {
  for (const std::string scheme : {"token", "TOKEN", "ToKeN"}) {
    auto request = make_request("GET", std::string(protocol::kStatusPath), std::nullopt);
    request.headers.push_back({"authorization", scheme + " " + token_});
    EXPECT_EQ(call(request).status, 200) << scheme;
  }
}

TEST_F(TransportRules, RefusedPushStoresNothing) {
  const auto record = keys_.seal("transactions", "r1", at(0), {{"a", 1}});
  expect_error(push({record}, "not-a-token"), 401);
  EXPECT_EQ(status_ok()["record_count"], 0);
  EXPECT_EQ(pull_ok()["records"].size(), 0u);
}

TEST_F(TransportRules, UnknownPathsAre404Json) {
  for (const std::string path :
       {"/", "/api/v1/sync/push", "/api/v1/sync/nope/", "/api/v1/sync/push//",
        "/api/v1/sync/PUSH/", "/api/v2/sync/push/", "/api/v1/sync/push/x/"}) {
    expect_error(call(make_request("POST", path, token_, "{}")), 404);
    expect_error(call(make_request("GET", path, std::nullopt)), 404);
  }
}

TEST_F(TransportRules, WrongMethodIs405WithAllow) {
  for (const auto& e : endpoints()) {
    for (const std::string method : {"GET", "POST", "PUT", "DELETE", "PATCH"}) {
      if (method == e.method) continue;
      const auto response = call(make_request(method, e.path, token_, "{}"));
      expect_error(response, 405, method);
      EXPECT_EQ(response.header("Allow").value_or(""), e.allow) << method << " " << e.path;
    }
  }
}

TEST_F(TransportRules, QueryStringDoesNotChangeTheRoute) {
  EXPECT_EQ(call(make_request("GET", std::string(protocol::kStatusPath) + "?x=1", token_)).status,
            200);
}

TEST_F(TransportRules, OtherMediaTypeIs415AndStoresNothing) {
  const auto record = keys_.seal("transactions", "r1", at(0), {{"a", 1}});
  const json body = {{"device_id", "d"}, {"records", envelopes_json({record})}};
  for (const std::string type : {"text/plain", "application/x-www-form-urlencoded",
                                 "multipart/form-data; boundary=x"}) {
    expect_error(call(make_request("POST", std::string(protocol::kPushPath), token_, body.dump(),
                                   type)),
                 415, "Content-Type");
  }
  EXPECT_EQ(status_ok()["record_count"], 0);
}

TEST_F(TransportRules, JsonMediaTypeWithParametersOrNoneIsRead) {
  const json body = {{"device_id", "d"},
                     {"records", envelopes_json({keys_.seal("t", "a", at(0), {{"a", 1}}),
                                                 keys_.seal("t", "b", at(0), {{"b", 1}})})}};
  auto with_charset = make_request("POST", std::string(protocol::kPushPath), token_, body.dump(),
                                   "Application/JSON; charset=utf-8");
  EXPECT_EQ(call(with_charset).status, 200) << call(with_charset).body;
  const json second = {{"device_id", "d"},
                       {"records", envelopes_json({keys_.seal("t", "c", at(0), {{"c", 1}})})}};
  auto without = make_request("POST", std::string(protocol::kPushPath), token_, second.dump(),
                              std::nullopt);
  EXPECT_EQ(call(without).status, 200);
  EXPECT_EQ(status_ok()["record_count"], 3);
}

TEST_F(TransportRules, BodyOver16MiBIs413AndStoresNothing) {
  const auto record = keys_.seal("transactions", "r1", at(0), {{"a", 1}});
  json body = {{"device_id", "d"}, {"records", envelopes_json({record})}};
  body["padding"] = std::string(protocol::kMaxBodyBytes, 'x');
  expect_error(push_raw(body, token_), 413, "16 MiB");
  EXPECT_EQ(status_ok()["record_count"], 0);
}

TEST_F(TransportRules, InternalFailureIs500Json) {
  // A true internal failure: the records table vanishes under the running server.
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(records_file().c_str(), &db), SQLITE_OK);
  ASSERT_EQ(sqlite3_exec(db, "DROP TABLE records", nullptr, nullptr, nullptr), SQLITE_OK);
  sqlite3_close(db);
  expect_error(push({keys_.seal("t", "a", at(0), {{"a", 1}})}), 500, "internal error");
}

TEST_F(TransportRules, ThrowingNothingForGarbageRequests) {
  const std::vector<HttpRequest> requests = {
      make_request("", "", std::nullopt),
      make_request("GET", "", token_),
      make_request("GET", "?", token_),
      make_request("\x01\xff", std::string("/api/v1/sync/status/\0x", 22), token_),
      make_request("POST", std::string(protocol::kPushPath), token_, std::string(1, '\0')),
  };
  for (const auto& request : requests) {
    const auto response = call(request);
    EXPECT_GE(response.status, 400);
    EXPECT_LT(response.status, 500);
    body_of(response);
  }
}

TEST(SyncServiceOpen, RefusesMemoryEmptyAndMissingDirectory) {
  for (const std::filesystem::path& path :
       {std::filesystem::path(":memory:"), std::filesystem::path(),
        std::filesystem::path("/nonexistent-dir-syncsuite/x/server.db")}) {
    auto opened = SyncService::open({path, ""});
    EXPECT_FALSE(opened.ok()) << path;
    if (!opened.ok()) {
      EXPECT_FALSE(opened.error().message.empty());
    }
  }
}

TEST(SyncServiceOpen, RefusesAFileThatIsNotADatabase) {
  ScratchDir dir;
  const auto path = dir.path() / "junk.db";
  {
    std::FILE* f = std::fopen(path.c_str(), "wb");
    ASSERT_NE(f, nullptr);
    std::fputs("this is not an SQLite database, just text long enough to have a header.....",
               f);
    std::fclose(f);
  }
  EXPECT_FALSE(SyncService::open({path, ""}).ok());
}

TEST(SyncServiceOpen, UnknownMutantListsTheValidNames) {
  ScratchDir dir;
  auto opened = SyncService::open({dir.path() / "s.db", "no-such-mutant"});
  ASSERT_FALSE(opened.ok());
  EXPECT_NE(opened.error().message.find("no-such-mutant"), std::string::npos);
  for (const auto& m : mutants()) {
    EXPECT_NE(opened.error().message.find(m.name), std::string::npos) << m.name;
  }
}

TEST_F(TransportRules, CreatedTokensAre40LowercaseHexAndDistinct) {
  std::set<std::string> seen;
  for (int i = 0; i < 20; ++i) {
    const auto token = new_account();
    ASSERT_EQ(token.size(), 40u);
    for (char c : token) EXPECT_TRUE((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f')) << token;
    EXPECT_TRUE(seen.insert(token).second);
    EXPECT_EQ(status_ok(token)["record_count"], 0);
  }
}

TEST_F(TransportRules, AddAccountTakesAGivenTokenOnce) {
  const std::string token = "9944b09199c62bcf9418ad846dd0e4bbdfc6ee4b";
  ASSERT_TRUE(service_->add_account(token).ok());
  EXPECT_EQ(status_ok(token)["record_count"], 0);
  EXPECT_FALSE(service_->add_account(token).ok()) << "tokens are unique";
  EXPECT_FALSE(service_->add_account("").ok());
  EXPECT_FALSE(service_->add_account("has space").ok());
  EXPECT_FALSE(service_->add_account(std::string(129, 'a')).ok());
}

TEST_F(TransportRules, EverythingSurvivesReopeningTheFile) {
  const auto other = new_account();
  ASSERT_EQ(put_key({{"public_key", keys_.pair.public_key.to_base64()}}, token_).status, 200);
  push_ok({keys_.seal("transactions", "r1", at(0), {{"a", 1}}),
           keys_.seal("transactions", "r2", at(0), {}, true)});
  make_conflict();
  const auto before = pull_all();
  const auto status_before = status_ok();

  open_service("");  // a new service on the same file: as after a restart

  EXPECT_EQ(pull_all(), before);
  auto status_after = status_ok();
  status_after.erase("server_time");
  auto expected = status_before;
  expected.erase("server_time");
  EXPECT_EQ(status_after, expected);
  EXPECT_EQ(status_ok(other)["record_count"], 0) << "accounts survive too";
  // The sequence continues: a new write lands after the old cursor.
  push_ok({keys_.seal("transactions", "r3", at(0), {{"a", 3}})});
  const auto page = pull_ok("?since=" + status_before["cursor"].get<std::string>());
  ASSERT_EQ(page["records"].size(), 1u);
  EXPECT_EQ(page["records"][0]["id"], "r3");
}

// The database keeps a hash of each token, never the token: neither the file nor its WAL holds
// the token's text, and the same token still authenticates after a restart.
TEST_F(TransportRules, TokensAreKeptOnlyAsHashes) {
  const std::string token = "plain-token-" + std::string(28, 'q');
  ASSERT_TRUE(service_->add_account(token).ok());
  push_ok({keys_.seal("transactions", "r1", at(0), {})}, token);
  for (const std::string suffix : {"", "-wal"}) {
    std::ifstream in(db_path().string() + suffix, std::ios::binary);
    ASSERT_TRUE(in) << suffix;
    const std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    EXPECT_FALSE(bytes.empty()) << suffix;
    EXPECT_EQ(bytes.find(token), std::string::npos) << "the token is in server.db" << suffix;
    EXPECT_EQ(bytes.find(token_), std::string::npos) << "a created token is in server.db" << suffix;
  }
  open_service("");
  EXPECT_EQ(status_ok(token)["record_count"], 1);
  EXPECT_EQ(status_ok()["record_count"], 0);
}

// What a front end asks before "100 Continue": the answers that need no body.
TEST_F(TransportRules, AnswerBeforeBodyRefusesWithoutReadingTheBody) {
  const std::string push(protocol::kPushPath);
  EXPECT_EQ(service_->answer_before_body(make_request("POST", push, std::nullopt))->status, 401);
  EXPECT_EQ(service_->answer_before_body(make_request("POST", push, "unknown"))->status, 401);
  EXPECT_EQ(service_->answer_before_body(make_request("POST", "/nope/", token_))->status, 404);
  EXPECT_EQ(service_->answer_before_body(make_request("PUT", push, token_))->status, 405);
  EXPECT_FALSE(service_->answer_before_body(make_request("POST", push, token_)).has_value())
      << "a known token on a served path: the body decides";
  EXPECT_EQ(status_ok()["record_count"], 0);
}

TEST_F(TransportRules, TheFileIsInWalMode) {
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(db_path().c_str(), &db), SQLITE_OK);
  sqlite3_stmt* stmt = nullptr;
  ASSERT_EQ(sqlite3_prepare_v2(db, "PRAGMA journal_mode", -1, &stmt, nullptr), SQLITE_OK);
  ASSERT_EQ(sqlite3_step(stmt), SQLITE_ROW);
  EXPECT_STREQ(reinterpret_cast<const char*>(sqlite3_column_text(stmt, 0)), "wal");
  sqlite3_finalize(stmt);
  sqlite3_close(db);
}

TEST(SyncServiceBusy, WriteLockHeldElsewhereGives503AndReadsStillWork) {
  ScratchDir dir;
  auto opened = SyncService::open({dir.path() / "s.db", ""}, std::chrono::milliseconds(50));
  ASSERT_TRUE(opened.ok());
  auto& service = **opened;
  const auto token = service.create_account().value();
  const Keys keys;
  const auto push_one = [&](const std::string& id) {
    const json body = {{"device_id", "d"},
                       {"records", envelopes_json({keys.seal("t", id, at(0), {})})}};
    return service.handle(
        make_request("POST", std::string(protocol::kPushPath), token, body.dump()));
  };
  ASSERT_EQ(push_one("before").status, 200);

  sqlite3* other = nullptr;
  ASSERT_EQ(sqlite3_open((dir.path() / "s.db").c_str(), &other), SQLITE_OK);
  ASSERT_EQ(sqlite3_exec(other, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr), SQLITE_OK);
  const auto refused = push_one("during");
  expect_error(refused, 503, "busy");
  EXPECT_EQ(refused.header("Retry-After").value_or(""), "1");
  // WAL: readers are not blocked by the held write lock.
  const auto pulled =
      service.handle(make_request("GET", std::string(protocol::kPullPath), token));
  ASSERT_EQ(pulled.status, 200);
  EXPECT_EQ(body_of(pulled)["records"].size(), 1u);
  sqlite3_exec(other, "ROLLBACK", nullptr, nullptr, nullptr);
  sqlite3_close(other);

  ASSERT_EQ(push_one("after").status, 200);
  const auto all = body_of(service.handle(make_request("GET", std::string(protocol::kPullPath),
                                                       token)))["records"];
  ASSERT_EQ(all.size(), 2u);
  EXPECT_EQ(all[0]["id"], "before");
  EXPECT_EQ(all[1]["id"], "after") << "the refused push stored nothing";
}

}  // namespace
}  // namespace syncsuite::server::fixture

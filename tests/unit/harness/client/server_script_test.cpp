#include "harness/client/server_script.hpp"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "reference/server/sync_service.hpp"
#include "tests/support/temp_dir.hpp"

namespace syncsuite::client_checks {
namespace {

using Json = nlohmann::json;

class ServerScriptTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto core = server::SyncService::open({dir_.path() / "sync.db", ""});
    ASSERT_TRUE(core.ok()) << core.error().message;
    core_ = std::move(core).value();
    auto token = core_->create_account();
    ASSERT_TRUE(token.ok());
    token_ = *token;
  }

  protocol::HttpRequest push(const std::vector<std::string>& ids) {
    Json records = Json::array();
    for (const auto& id : ids) {
      records.push_back({{"table", "notes"}, {"id", id}, {"updated_at", "2026-11-24T10:00:00.000Z"},
                         {"deleted", false}, {"nonce", std::string(32, 'A')}, {"ciphertext", std::string(24, 'B')}});
    }
    return {"POST", "/api/v1/sync/push/", auth(), Json{{"device_id", "other"}, {"records", records}}.dump()};
  }
  protocol::HttpRequest pull(const std::string& query) { return {"GET", "/api/v1/sync/pull/" + query, auth(), ""}; }
  protocol::Headers auth() const { return {{"Authorization", "Token " + token_}, {"Content-Type", "application/json"}}; }

  test::TempDir dir_;
  std::unique_ptr<server::SyncService> core_;
  std::string token_;
};

TEST_F(ServerScriptTest, WithoutAScriptTheCoreAnswers) {
  ServerScript script;
  auto handler = script.handler();
  EXPECT_EQ(handler(push({"a", "b", "c"}), *core_).status, 200);
  const auto page = Json::parse(handler(pull("?limit=500"), *core_).body);
  EXPECT_EQ(page["records"].size(), 3u);
  EXPECT_EQ(page["has_more"], false);
}

TEST_F(ServerScriptTest, APageCapShortensPagesAndKeepsTheCursorRule) {
  ServerScript script;
  auto handler = script.handler();
  ASSERT_EQ(handler(push({"a", "b", "c"}), *core_).status, 200);
  script.set_page_cap(2);
  auto first = Json::parse(handler(pull("?limit=500"), *core_).body);
  EXPECT_EQ(first["records"].size(), 2u);
  EXPECT_EQ(first["has_more"], true);
  auto second = Json::parse(handler(pull("?since=" + first["cursor"].get<std::string>()), *core_).body);
  EXPECT_EQ(second["records"].size(), 1u);
  EXPECT_EQ(second["has_more"], false);
}

TEST_F(ServerScriptTest, ALimitTheContractRefusesIsLeftForTheCoreToRefuse) {
  EXPECT_EQ(ServerScript::capped_pull_target("/api/v1/sync/pull/?since=c1&limit=0", 2),
            "/api/v1/sync/pull/?since=c1&limit=0");
  EXPECT_EQ(ServerScript::capped_pull_target("/api/v1/sync/pull/?limit=abc", 2), "/api/v1/sync/pull/?limit=abc");
  EXPECT_EQ(ServerScript::capped_pull_target("/api/v1/sync/pull/?limit=1", 2), "/api/v1/sync/pull/?limit=1");
  EXPECT_EQ(ServerScript::capped_pull_target("/api/v1/sync/pull/", 2), "/api/v1/sync/pull/?limit=2");
  EXPECT_EQ(ServerScript::capped_pull_target("/api/v1/sync/pull/?since=x", 3), "/api/v1/sync/pull/?since=x&limit=3");
}

TEST_F(ServerScriptTest, ATriggerWritesBeforeTheNthMatchingRequestOnly) {
  ServerScript script;
  auto handler = script.handler();
  script.add_trigger({"GET", "/api/v1/sync/pull/", 2, push({"late"})});
  auto first = Json::parse(handler(pull(""), *core_).body);
  EXPECT_EQ(first["records"].size(), 0u);
  EXPECT_TRUE(script.trigger_answers().empty());
  auto second = Json::parse(handler(pull("?since=" + first["cursor"].get<std::string>()), *core_).body);
  ASSERT_EQ(second["records"].size(), 1u);
  EXPECT_EQ(second["records"][0]["id"], "late");
  ASSERT_EQ(script.trigger_answers().size(), 1u);
  EXPECT_EQ(script.trigger_answers()[0].status, 200);
  handler(pull(""), *core_);
  EXPECT_EQ(script.trigger_answers().size(), 1u);  // fired once
}

TEST_F(ServerScriptTest, ClearRemovesCapAndTriggers) {
  ServerScript script;
  auto handler = script.handler();
  ASSERT_EQ(handler(push({"a", "b", "c"}), *core_).status, 200);
  script.set_page_cap(1);
  script.add_trigger({"", "/api/v1/sync/pull/", 1, push({"x"})});
  script.clear();
  const auto page = Json::parse(handler(pull(""), *core_).body);
  EXPECT_EQ(page["records"].size(), 3u);
}

}  // namespace
}  // namespace syncsuite::client_checks

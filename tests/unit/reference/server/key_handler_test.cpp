// Contract section 3 (public key upload) through SyncService::handle().
#include "reference/server/key_handler.hpp"

#include <gtest/gtest.h>

#include "reference/core/base64.hpp"
#include "tests/unit/reference/server/server_fixture.hpp"

namespace syncsuite::server::fixture {
namespace {

using KeyHandler = ServerTest;

TEST_F(KeyHandler, UploadedKeyIsEchoedAndShownInStatus) {
  const auto key = keys_.pair.public_key.to_base64();
  const auto response = put_key({{"public_key", key}}, token_);
  ASSERT_EQ(response.status, 200) << response.body;
  EXPECT_EQ(body_of(response), (json{{"public_key", key}}));
  EXPECT_EQ(status_ok()["public_key"], key);
  const auto other = new_account();
  EXPECT_TRUE(status_ok(other)["public_key"].is_null()) << "keys are per account";
}

TEST_F(KeyHandler, ReplacingTheKeyKeepsTheLatest) {
  const Keys second;
  ASSERT_EQ(put_key({{"public_key", keys_.pair.public_key.to_base64()}}, token_).status, 200);
  ASSERT_EQ(put_key({{"public_key", second.pair.public_key.to_base64()}}, token_).status, 200);
  EXPECT_EQ(status_ok()["public_key"], second.pair.public_key.to_base64());
}

class KeyHandlerBadBody : public ServerTest, public ::testing::WithParamInterface<json> {};

TEST_P(KeyHandlerBadBody, Is400AndKeepsTheOldKey) {
  const auto key = keys_.pair.public_key.to_base64();
  ASSERT_EQ(put_key({{"public_key", key}}, token_).status, 200);
  expect_error(put_key(GetParam(), token_), 400, "public_key");
  EXPECT_EQ(status_ok()["public_key"], key);
}

INSTANTIATE_TEST_SUITE_P(
    Table, KeyHandlerBadBody,
    ::testing::Values(json::object(), json{{"public_key", nullptr}}, json{{"public_key", 32}},
                      json{{"public_key", base64::encode(base64::Bytes(31, 1))}},
                      json{{"public_key", base64::encode(base64::Bytes(33, 1))}},
                      json{{"public_key", ""}},
                      json{{"public_key", "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"}},
                      json{{"public_key", "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\n"}},
                      json{{"public_key", json::array({1, 2})}}));

}  // namespace
}  // namespace syncsuite::server::fixture

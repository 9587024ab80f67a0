#include "harness/runner/accounts.hpp"

#include <gtest/gtest.h>

namespace syncsuite::runner {
namespace {

TEST(Accounts, ParsesTheContractsFormat) {
  std::vector<scenario::LoadError> errors;
  const auto tokens = parse_accounts(R"(accounts:
  - token: "9944b09199c62bcf9418ad846dd0e4bbdfc6ee4b"
  - token: "0b6f4d1e0a8e4c2f9d7b3a5c1e2f4a6b8c0d2e4f"
)", "accounts.yaml", errors);
  EXPECT_TRUE(errors.empty()) << scenario::to_string(errors);
  ASSERT_EQ(tokens.size(), 2u);
  EXPECT_EQ(tokens[1], "0b6f4d1e0a8e4c2f9d7b3a5c1e2f4a6b8c0d2e4f");
}

TEST(Accounts, ErrorsNameLineAndFieldButNeverTheToken) {
  std::vector<scenario::LoadError> errors;
  (void)parse_accounts("accounts:\n  - token: ok1\n  - token: 'has space secret'\n  - tok: x\n", "a.yaml", errors);
  ASSERT_EQ(errors.size(), 3u) << scenario::to_string(errors);
  EXPECT_EQ(errors[0].field, "accounts[1].token");
  EXPECT_EQ(errors[0].line, 3);
  EXPECT_EQ(errors[0].to_string().find("secret"), std::string::npos);
  EXPECT_EQ(errors[1].field, "accounts[2].tok");
  EXPECT_EQ(errors[2].field, "accounts[2].token");
  errors.clear();
  (void)parse_accounts("accounts: []\n", "a.yaml", errors);
  EXPECT_EQ(errors.size(), 1u);
  errors.clear();
  (void)load_accounts_file("/nonexistent/accounts.yaml", errors);
  EXPECT_EQ(errors.size(), 1u);
}

TEST(Accounts, KeypairIsDerivedFromTheToken) {
  const auto a = derive_keypair("token-a");
  const auto again = derive_keypair("token-a");
  const auto b = derive_keypair("token-b");
  EXPECT_EQ(a.public_key, again.public_key);
  EXPECT_NE(a.public_key, b.public_key);
  // The public key belongs to the secret key.
  EXPECT_EQ(crypto::KeyPair::from_secret(a.secret_key.clone()).public_key, a.public_key);
}

TEST(Accounts, DevicesOfOneAccountOpenEachOthersRecords) {
  auto accounts = make_accounts({"t0", "t1"});
  const auto sealed = accounts[0].box->seal("{\"a\":1}");
  const auto other = make_accounts({"t0"});
  EXPECT_EQ(*other[0].box->open(sealed.nonce, sealed.ciphertext), "{\"a\":1}");
  EXPECT_FALSE(accounts[1].box->open(sealed.nonce, sealed.ciphertext).ok());
  EXPECT_EQ(token_variable(0), "SYNCSUITE_TOKEN");
  EXPECT_EQ(token_variable(2), "SYNCSUITE_TOKEN_2");
}

}  // namespace
}  // namespace syncsuite::runner

#pragma once
// The accounts a run uses (contract 10): tokens from a YAML file, and each account's keypair,
// derived from its token so that every run against a server (and every device of the account)
// holds the same keypair, and records of earlier runs still open.
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "harness/scenario/load_error.hpp"
#include "reference/crypto/keys.hpp"
#include "reference/crypto/record_box.hpp"

namespace syncsuite::runner {

// accounts: [{token: "..."}, ...]: every problem with file:line. Tokens must be 1..256 printable
// characters without spaces.
std::vector<std::string> parse_accounts(std::string_view text, const std::string& file,
                                        std::vector<scenario::LoadError>& errors);
std::vector<std::string> load_accounts_file(const std::filesystem::path& path,
                                            std::vector<scenario::LoadError>& errors);

// crypto_box_seed_keypair over BLAKE2b-256("syncsuite conformance keypair v1" || token).
crypto::KeyPair derive_keypair(std::string_view token);

struct Account {
  int index = 0;
  std::string token;  // secret: never printed
  crypto::KeyPair keys;
  std::unique_ptr<crypto::RecordBox> box;  // seals and opens the account's records
};

std::vector<Account> make_accounts(const std::vector<std::string>& tokens);

// The environment variable a replay command reads an account's token from:
// SYNCSUITE_TOKEN for account 0, SYNCSUITE_TOKEN_<N> otherwise.
std::string token_variable(int account);

}  // namespace syncsuite::runner

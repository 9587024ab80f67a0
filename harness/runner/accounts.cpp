#include "harness/runner/accounts.hpp"

#include <sodium.h>

#include <fstream>
#include <sstream>

#include <yaml-cpp/yaml.h>

#include "harness/scenario/yaml_reader.hpp"
#include "reference/crypto/sodium_init.hpp"

namespace syncsuite::runner {

std::vector<std::string> parse_accounts(std::string_view text, const std::string& file,
                                        std::vector<scenario::LoadError>& errors) {
  std::vector<std::string> tokens;
  YAML::Node root;
  try {
    root = YAML::Load(std::string(text));
  } catch (const YAML::Exception& e) {
    errors.push_back({file, e.mark.line + 1, e.mark.column + 1, "", "not valid YAML: " + e.msg});
    return tokens;
  }
  scenario::YamlReader r(file, errors);
  if (!r.map(root, "", {"accounts"})) return tokens;
  const YAML::Node list = root["accounts"];
  if (!list.IsDefined()) {
    r.error(root, "accounts", "is required (a list of {token: ...})");
    return tokens;
  }
  if (!r.sequence(list, "accounts")) return tokens;
  if (list.size() == 0) r.error(list, "accounts", "needs at least one account");
  for (std::size_t i = 0; i < list.size(); ++i) {
    const std::string field = scenario::index_field("accounts", i);
    if (!r.map(list[i], field, {"token"})) continue;
    auto token = r.string(list[i], "token", field, true);
    if (!token) continue;
    bool printable = !token->empty() && token->size() <= 256;
    for (char c : *token) printable = printable && c > ' ' && c < 127;
    if (!printable) {
      // The token itself is a secret: the message never quotes it.
      r.error(list[i]["token"], scenario::join_field(field, "token"),
              "must be 1..256 printable characters without spaces");
      continue;
    }
    tokens.push_back(*token);
  }
  return tokens;
}

std::vector<std::string> load_accounts_file(const std::filesystem::path& path,
                                            std::vector<scenario::LoadError>& errors) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    errors.push_back({path.string(), 0, 0, "", "cannot read the accounts file"});
    return {};
  }
  std::ostringstream text;
  text << in.rdbuf();
  return parse_accounts(text.str(), path.string(), errors);
}

crypto::KeyPair derive_keypair(std::string_view token) {
  crypto::ensure_sodium();
  static constexpr std::string_view kLabel = "syncsuite conformance keypair v1";
  unsigned char seed[crypto_box_SEEDBYTES];
  crypto_generichash_state state;
  crypto_generichash_init(&state, nullptr, 0, sizeof seed);
  crypto_generichash_update(&state, reinterpret_cast<const unsigned char*>(kLabel.data()),
                            kLabel.size());
  crypto_generichash_update(&state, reinterpret_cast<const unsigned char*>(token.data()),
                            token.size());
  crypto_generichash_final(&state, seed, sizeof seed);
  crypto::KeyPair pair;
  crypto_box_seed_keypair(pair.public_key.bytes.data(), pair.secret_key.data(), seed);
  sodium_memzero(seed, sizeof seed);
  sodium_memzero(&state, sizeof state);
  return pair;
}

std::vector<Account> make_accounts(const std::vector<std::string>& tokens) {
  std::vector<Account> accounts;
  for (std::size_t i = 0; i < tokens.size(); ++i) {
    Account a;
    a.index = static_cast<int>(i);
    a.token = tokens[i];
    a.keys = derive_keypair(tokens[i]);
    a.box = std::make_unique<crypto::RecordBox>(a.keys.public_key, a.keys.secret_key);
    accounts.push_back(std::move(a));
  }
  return accounts;
}

std::string token_variable(int account) {
  return account == 0 ? "SYNCSUITE_TOKEN" : "SYNCSUITE_TOKEN_" + std::to_string(account);
}

}  // namespace syncsuite::runner

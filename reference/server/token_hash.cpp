#include "reference/server/token_hash.hpp"

#include <sodium.h>

#include "reference/crypto/sodium_init.hpp"

namespace syncsuite::server {

TokenHash hash_token(std::string_view token) {
  crypto::ensure_sodium();
  TokenHash hash{};
  crypto_generichash(hash.data(), hash.size(), reinterpret_cast<const unsigned char*>(token.data()),
                     token.size(), nullptr, 0);
  return hash;
}

}  // namespace syncsuite::server

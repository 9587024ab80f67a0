#pragma once
// What the server keeps of an account token: its BLAKE2b-256 hash, never the token, so that a
// copy of the database file lets no one in. Tokens are random (40 hex from create_account), so
// a fast unsalted hash suffices; lookups go by hash, and equal hashes mean equal tokens.
#include <string_view>

#include "reference/server/server_store.hpp"

namespace syncsuite::server {

TokenHash hash_token(std::string_view token);

}  // namespace syncsuite::server

#pragma once
// Lookups that forget the account: only the isolation mutants (pull-start-leak,
// resolve-copy-leak, resolve-write-leak) use them, to show the checks that catch such servers.
#include <cstdint>
#include <optional>
#include <string_view>

#include "reference/protocol/envelope.hpp"
#include "reference/server/server_store.hpp"

namespace syncsuite::server {

// The owner a query without an account filter lands on first: the first account; `fallback`
// when there is none or it cannot be read.
std::int64_t first_owner(ServerDb& db, std::int64_t fallback);

// The owner of (table, id) found as if the account did not matter: the first account when it
// has that record, else `own`.
std::int64_t owner_ignoring_account(ServerDb& db, std::string_view table, std::string_view id,
                                    std::int64_t own);

// (table, id) looked up as if the account did not matter: the first account's copy when it has
// one, else `own` (the caller's copy).
protocol::Envelope copy_ignoring_account(ServerDb& db, const protocol::Envelope& own);

}  // namespace syncsuite::server

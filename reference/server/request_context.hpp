#pragma once
// What an endpoint handler gets: the request, its authenticated account, a connection to the
// shard that holds the owner's records and one to the accounts' file (the same connection when
// that is shard 0), and the service-wide parts (mutations, sequence source, write groups).
#include <cstdint>

#include "reference/protocol/http_message.hpp"
#include "reference/server/mutations.hpp"
#include "reference/server/seq_source.hpp"
#include "reference/server/server_store.hpp"
#include "reference/server/write_group.hpp"

namespace syncsuite::server {

struct RequestContext {
  const protocol::HttpRequest& request;
  ServerDb& db;  // the record owner's shard (shards.hpp)
  const Account& account;
  std::int64_t record_owner;  // whose records: account.user (one fixed owner under isolation-leak)
  const Mutations& mutations;
  SeqSource& seqs;
  WriteGroup& writes;          // the owner shard's writes go through it: one writer, group commits
  ServerDb& accounts_db;       // the accounts' file
  WriteGroup& account_writes;  // its writes
};

using Handler = protocol::HttpResponse (*)(RequestContext& context);

}  // namespace syncsuite::server

#pragma once
// What an endpoint handler gets: the request, its authenticated account, a database connection
// of its own, and the service-wide parts (mutations, sequence source, write group).
#include <cstdint>

#include "reference/protocol/http_message.hpp"
#include "reference/server/mutations.hpp"
#include "reference/server/seq_source.hpp"
#include "reference/server/server_store.hpp"
#include "reference/server/write_group.hpp"

namespace syncsuite::server {

struct RequestContext {
  const protocol::HttpRequest& request;
  ServerDb& db;
  const Account& account;
  std::int64_t record_owner;  // whose records: account.user (one fixed owner under isolation-leak)
  const Mutations& mutations;
  SeqSource& seqs;
  WriteGroup& writes;  // every write goes through it: one writer, group commits
};

using Handler = protocol::HttpResponse (*)(RequestContext& context);

}  // namespace syncsuite::server

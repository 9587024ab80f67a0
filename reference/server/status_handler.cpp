#include "reference/server/status_handler.hpp"

#include "reference/server/cursor.hpp"
#include "reference/server/json_response.hpp"

namespace syncsuite::server {

protocol::HttpResponse handle_status(RequestContext& ctx) {
  auto summary = ctx.db.summary(ctx.record_owner);
  if (!summary) return store_failure(summary.error());
  const std::int64_t records = ctx.mutations.status_count_no_tombstones ? summary->live_count
                                                                        : summary->record_count;
  nlohmann::json public_key = nullptr;
  if (ctx.account.public_key) public_key = *ctx.account.public_key;
  // A pull from the beginning ends at the owner's latest seq ("c0" when there is none).
  return json_response(200, {{"server_time", server_time()},
                             {"cursor", format_cursor(summary->max_seq)},
                             {"record_count", records},
                             {"conflict_count", summary->conflict_count},
                             {"public_key", std::move(public_key)}});
}

}  // namespace syncsuite::server

#include "reference/server/push_handler.hpp"

#include <optional>

#include "reference/server/json_response.hpp"
#include "reference/server/push_batch.hpp"
#include "reference/server/record_json.hpp"
#include "reference/server/request_body.hpp"
#include "reference/server/write_rules.hpp"

namespace syncsuite::server {
namespace {

// The ciphertext-cut-64k mutant's stored copy: cut like a TEXT column of 65,536 characters.
protocol::Envelope cut_at_64k(protocol::Envelope envelope) {
  if (envelope.ciphertext.size() > 65536) envelope.ciphertext.resize(65536);
  return envelope;
}

// Applies the records in order inside one write transaction; the results in request order.
Result<nlohmann::json> apply_batch(RequestContext& ctx,
                                   const std::vector<protocol::Envelope>& records) {
  auto reservation = ctx.seqs.reserve(records.size());
  auto tx = ctx.db.begin_write();
  if (!tx) return tx.error();
  auto results = nlohmann::json::array();
  for (const auto& pushed : records) {
    auto stored = ctx.db.find_record(ctx.record_owner, pushed.table, pushed.id);
    if (!stored) return stored.error();
    std::optional<protocol::Envelope> current;
    if (*stored) current = (*stored)->envelope;
    nlohmann::json result = {{"table", pushed.table}, {"id", pushed.id}};
    switch (decide_write(current, pushed, ctx.mutations)) {
      case WriteAction::retry:
        result["status"] = "accepted";
        result["version"] = *current->version;
        break;
      case WriteAction::insert:
      case WriteAction::overwrite: {
        const std::int64_t version = current ? *current->version + 1 : 1;
        auto seq = ctx.seqs.next(ctx.db, ctx.record_owner, reservation);
        if (!seq) return seq.error();
        const auto cut =
            ctx.mutations.ciphertext_cut_64k ? std::optional(cut_at_64k(pushed)) : std::nullopt;
        if (auto st =
                ctx.db.put_record(ctx.record_owner, cut ? *cut : pushed, version, *seq, false);
            !st) {
          return st.error();
        }
        result["status"] = "accepted";
        result["version"] = version;
        break;
      }
      case WriteAction::conflict:
        if (auto st = ctx.db.set_conflicted(ctx.record_owner, pushed.table, pushed.id, true);
            !st) {
          return st.error();
        }
        result["status"] = "conflict";
        result["server"] = record_json(*current, ctx.mutations);
        break;
    }
    results.push_back(std::move(result));
  }
  if (auto st = tx->commit(); !st) return st.error();
  return results;
}

}  // namespace

protocol::HttpResponse handle_push(RequestContext& ctx) {
  nlohmann::json body;
  if (auto refusal = read_json_object(ctx.request, ctx.mutations, body)) return *refusal;
  const PushBatch batch = parse_push_batch(body, ctx.mutations);
  if (batch.error) {
    if (ctx.mutations.partial_batch && !batch.records.empty()) {
      (void)apply_batch(ctx, batch.records);  // the mutant's partial write; the answer stays 400
    }
    return error_response(400, *batch.error);
  }
  auto results = apply_batch(ctx, batch.records);
  if (!results) return store_failure(results.error());
  return json_response(200, {{"results", std::move(*results)}, {"server_time", server_time()}});
}

}  // namespace syncsuite::server

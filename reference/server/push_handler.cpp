#include "reference/server/push_handler.hpp"

#include <optional>
#include <span>
#include <string>
#include <utility>
#include <variant>
#include <vector>

#include "reference/server/json_response.hpp"
#include "reference/server/json_text.hpp"
#include "reference/server/push_batch.hpp"
#include "reference/server/push_fast_parse.hpp"
#include "reference/server/request_body.hpp"
#include "reference/server/write_rules.hpp"

namespace syncsuite::server {
namespace {

// The ciphertext-cut-64k mutant's stored copy: cut like a TEXT column of 65,536 characters.
protocol::Envelope cut_at_64k(const protocol::EnvelopeView& pushed) {
  protocol::Envelope envelope = pushed.to_envelope();
  if (envelope.ciphertext.size() > 65536) envelope.ciphertext.resize(65536);
  return envelope;
}

// One pushed record's outcome; `pushed` points into the request's batch.
struct PushResult {
  const protocol::EnvelopeView* pushed;
  std::int64_t version = 0;                // accepted: the stored version
  std::optional<protocol::Envelope> server;  // conflict: the server copy
};

// Applies the records in order on `db` inside the write group's transaction.
Status apply_batch(RequestContext& ctx, ServerDb& db,
                   const std::vector<protocol::EnvelopeView>& records,
                   SeqReservation& seqs, std::vector<PushResult>& results) {
  results.clear();
  results.reserve(records.size());
  // A record the owner does not have is inserted whatever the rules (decide_write's first case),
  // so the correct server inserts runs of records at once while none of them is stored; from
  // the first run that meets a stored one, records go one by one: read, decide, write. The
  // mutants always take that path.
  std::size_t done = 0;
  while (ctx.mutations == Mutations{} && done < records.size()) {
    const std::size_t count = ServerDb::run_rows(records.size() - done);
    auto first = ctx.seqs.next_run(db, ctx.record_owner, seqs, count);
    if (!first) return first.error();
    auto inserted = db.insert_new_records(
        ctx.record_owner, std::span(records).subspan(done, count), *first);
    if (!inserted) return inserted.error();
    if (!*inserted) {
      ctx.seqs.put_back(seqs, count);
      break;
    }
    for (std::size_t i = 0; i < count; ++i) {
      results.push_back(PushResult{&records[done + i], 1, std::nullopt});
    }
    done += count;
  }
  for (const auto& pushed : std::span(records).subspan(done)) {
    auto stored = db.find_record(ctx.record_owner, pushed.table, pushed.id);
    if (!stored) return stored.error();
    std::optional<protocol::Envelope> current;
    if (*stored) current = std::move((*stored)->envelope);
    PushResult result{&pushed, 0, std::nullopt};
    switch (decide_write(current, pushed, ctx.mutations)) {
      case WriteAction::retry:
        result.version = *current->version;
        break;
      case WriteAction::insert:
      case WriteAction::overwrite: {
        result.version = current ? *current->version + 1 : 1;
        auto seq = ctx.seqs.next(db, ctx.record_owner, seqs);
        if (!seq) return seq.error();
        const auto cut =
            ctx.mutations.ciphertext_cut_64k ? std::optional(cut_at_64k(pushed)) : std::nullopt;
        if (auto st = db.put_record(ctx.record_owner, cut ? protocol::EnvelopeView(*cut) : pushed,
                                    result.version, *seq, false);
            !st) {
          return st;
        }
        break;
      }
      case WriteAction::conflict:
        if (auto st = db.set_conflicted(ctx.record_owner, pushed.table, pushed.id, true); !st) {
          return st;
        }
        result.server = std::move(current);
        break;
    }
    results.push_back(std::move(result));
  }
  return ctx.seqs.finish(db, ctx.record_owner, seqs);
}

Status write_batch(RequestContext& ctx, const std::vector<protocol::EnvelopeView>& records,
                   std::vector<PushResult>& results) {
  auto seqs = ctx.seqs.reserve(records.size());  // before the lock: only the mutant's
  return ctx.writes.run(ctx.db, [&](ServerDb& db) {
    return apply_batch(ctx, db, records, seqs, results);
  });
}

// {"results": [...], "server_time": "..."}: nlohmann's key order and escaping (json_text.hpp).
std::string push_body(const std::vector<PushResult>& results, const Mutations& mutations) {
  std::string out;
  out.reserve(64 + results.size() * 96);
  out += "{\"results\":[";
  for (std::size_t i = 0; i < results.size(); ++i) {
    const PushResult& r = results[i];
    if (i > 0) out += ',';
    out += "{\"id\":";
    append_json_string(out, r.pushed->id);
    if (r.server) {
      out += ",\"server\":";
      append_record_json(out, *r.server, mutations);
      out += ",\"status\":\"conflict\",\"table\":";
      append_json_string(out, r.pushed->table);
    } else {
      out += ",\"status\":\"accepted\",\"table\":";
      append_json_string(out, r.pushed->table);
      out += ",\"version\":";
      out += std::to_string(r.version);
    }
    out += '}';
  }
  out += "],\"server_time\":";
  append_json_string(out, server_time());
  out += '}';
  return out;
}

// The body as a batch: the fast path when it takes it (the correct server only: the mutants'
// readings live in the full parser), else the full parser, which answers every refusal.
std::variant<PushBatch, protocol::HttpResponse> read_batch(RequestContext& ctx) {
  if (auto refusal = check_body_headers(ctx.request, ctx.mutations)) return std::move(*refusal);
  if (ctx.mutations == Mutations{}) {
    if (auto batch = parse_push_fast(ctx.request.body)) return std::move(*batch);
  }
  nlohmann::json body;
  if (auto refusal = read_json_object(ctx.request, ctx.mutations, body)) return std::move(*refusal);
  return parse_push_batch(body, ctx.mutations);
}

}  // namespace

protocol::HttpResponse handle_push(RequestContext& ctx) {
  auto read = read_batch(ctx);
  if (auto* refusal = std::get_if<protocol::HttpResponse>(&read)) return std::move(*refusal);
  const PushBatch& batch = std::get<PushBatch>(read);
  std::vector<PushResult> results;
  if (batch.error) {
    if (ctx.mutations.partial_batch && !batch.records.empty()) {
      (void)write_batch(ctx, batch.records, results);  // the mutant's partial write; still a 400
    }
    return error_response(400, *batch.error);
  }
  if (auto st = write_batch(ctx, batch.records, results); !st) return store_failure(st.error());
  return json_text_response(200, push_body(results, ctx.mutations));
}

}  // namespace syncsuite::server

#include "reference/server/resolve_handler.hpp"

#include <cctype>
#include <limits>

#include "reference/server/cross_account.hpp"
#include "reference/server/json_response.hpp"
#include "reference/server/record_json.hpp"
#include "reference/server/request_body.hpp"

namespace syncsuite::server {
namespace {

enum class Resolution { local, server, merged };

struct ResolveRequest {
  std::string table;
  std::string id;
  Resolution resolution = Resolution::server;
  std::int64_t expected_version = 0;
  bool expected_fits = true;  // false for an integer past int64: it can match no version
  std::optional<protocol::Envelope> record;  // for local and merged
};

// Section 6 body rules; the error message is the 400 detail.
Result<ResolveRequest> parse_resolve(const nlohmann::json& body, const Mutations& mutations) {
  ResolveRequest req;
  auto bad = [](std::string detail) { return make_error("bad_request", std::move(detail)); };
  const auto table = body.find("table");
  if (table == body.end() || !table->is_string() ||
      !protocol::valid_table(table->get_ref<const std::string&>())) {
    return bad("table: must be a string matching ^[a-z][a-z0-9_]{0,63}$");
  }
  req.table = table->get<std::string>();
  const auto id = body.find("id");
  if (id == body.end() || !id->is_string() ||
      !protocol::valid_record_id(id->get_ref<const std::string&>())) {
    return bad("id: must be a string matching ^[A-Za-z0-9_-]{1,64}$");
  }
  req.id = id->get<std::string>();
  const auto resolution = body.find("resolution");
  std::string choice =
      resolution != body.end() && resolution->is_string() ? resolution->get<std::string>() : "";
  if (mutations.resolution_any_case) {
    for (auto& c : choice) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  if (choice == "local") {
    req.resolution = Resolution::local;
  } else if (choice == "server") {
    req.resolution = Resolution::server;
  } else if (choice == "merged") {
    req.resolution = Resolution::merged;
  } else {
    return bad("resolution: must be one of \"local\", \"server\", \"merged\"");
  }
  const auto expected = body.find("expected_version");
  if (mutations.expected_version_bool && expected != body.end() && expected->is_boolean()) {
    req.expected_version = expected->get<bool>() ? 1 : 0;
  } else if (expected == body.end() || !expected->is_number_integer()) {
    return bad("expected_version: must be an integer (the version of the server copy)");
  } else if (expected->is_number_unsigned() &&
      expected->get<std::uint64_t>() >
          static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max())) {
    req.expected_fits = false;
  } else {
    req.expected_version = expected->get<std::int64_t>();
  }
  if (req.resolution == Resolution::server) return req;  // a record sent along is ignored
  const auto record = body.find("record");
  if (record == body.end() || record->is_null()) {
    return bad("record: required for resolution \"" + choice + "\"");
  }
  auto envelope = parse_device_envelope(*record, "record", mutations);
  if (!envelope) return envelope.error();
  if (envelope->table != req.table) return bad("record.table: must equal the request's table");
  if (envelope->id != req.id) return bad("record.id: must equal the request's id");
  req.record = std::move(envelope).value();
  return req;
}

// The resolution on `db` inside the write group's transaction; `answer` is set unless the store
// failed (a 404 or 409 writes nothing).
Status apply_resolve(RequestContext& ctx, ServerDb& db, const ResolveRequest& req,
                     std::optional<protocol::HttpResponse>& answer) {
  auto found = db.find_record(ctx.record_owner, req.table, req.id);
  if (!found) return found.error();
  if (!*found) {
    answer = error_response(404, "no record (" + req.table + ", " + req.id + ")");
    return ok_status();
  }
  const StoredRecord& current = **found;
  const std::int64_t version = *current.envelope.version;

  const bool stale = !req.expected_fits || req.expected_version != version;
  if (stale && !ctx.mutations.resolve_ignores_version) {
    answer = json_response(409, {{"detail", "expected_version does not match the current version " +
                                                std::to_string(version) +
                                                ": a newer write arrived; see \"server\""},
                                 {"server", record_json(current.envelope, ctx.mutations)}});
    return ok_status();
  }
  const bool still_conflicted = ctx.mutations.resolve_keeps_conflict && current.conflicted;
  protocol::Envelope result = ctx.mutations.resolve_copy_leak
                                  ? copy_ignoring_account(db, current.envelope)
                                  : current.envelope;
  if (req.resolution == Resolution::server) {
    if (auto st = db.set_conflicted(ctx.record_owner, req.table, req.id, still_conflicted); !st) {
      return st;
    }
  } else {
    SeqReservation seqs;
    auto seq = ctx.seqs.next(db, ctx.record_owner, seqs);
    if (!seq) return seq.error();
    result = *req.record;
    result.version = version + 1;
    const std::int64_t owner =
        ctx.mutations.resolve_write_leak
            ? owner_ignoring_account(db, req.table, req.id, ctx.record_owner)
            : ctx.record_owner;
    if (auto st = db.put_record(owner, result, version + 1, *seq, still_conflicted); !st) {
      return st;
    }
    if (auto st = ctx.seqs.finish(db, ctx.record_owner, seqs); !st) return st;
  }
  answer = json_response(200, {{"record", record_json(result, ctx.mutations)}});
  return ok_status();
}

}  // namespace

protocol::HttpResponse handle_resolve(RequestContext& ctx) {
  nlohmann::json body;
  if (auto refusal = read_json_object(ctx.request, ctx.mutations, body)) return *refusal;
  auto req = parse_resolve(body, ctx.mutations);
  if (!req) return error_response(400, req.error().message);
  std::optional<protocol::HttpResponse> answer;
  auto written = ctx.writes.run(ctx.db, [&](ServerDb& db) {
    return apply_resolve(ctx, db, *req, answer);
  });
  if (!written) return store_failure(written.error());
  return std::move(*answer);
}

}  // namespace syncsuite::server

#include "reference/server/pull_handler.hpp"

#include <algorithm>

#include "reference/protocol/limits.hpp"
#include "reference/server/cross_account.hpp"
#include "reference/server/cursor.hpp"
#include "reference/server/json_response.hpp"
#include "reference/server/pull_body.hpp"
#include "reference/server/query.hpp"

namespace syncsuite::server {
namespace {

// Ciphertexts of one page stop growing past this (a page always holds at least one record), so
// that 1000 records of 1 MiB never make a 1 GiB answer; has_more tells the device to go on.
constexpr std::size_t kPageByteBudget = 16u * 1024 * 1024;

// Strict decimal 1..1000; nullopt for anything else.
std::optional<int> parse_limit(const std::string& text) {
  if (text.empty() || text.size() > 4) return std::nullopt;
  int value = 0;
  for (char c : text) {
    if (c < '0' || c > '9') return std::nullopt;
    value = value * 10 + (c - '0');
  }
  if (value < 1 || value > protocol::kMaxPullLimit) return std::nullopt;
  return value;
}

// The limit-unchecked mutant: out of range clamped, not a number the default.
int clamp_limit(const std::string& text) {
  long long value = 0;
  bool digits = !text.empty() && text.size() <= 12;
  for (char c : text) {
    if (c < '0' || c > '9') digits = false;
  }
  if (!digits) return protocol::kDefaultPullLimit;
  value = std::stoll(text);
  return static_cast<int>(std::clamp<long long>(value, 1, protocol::kMaxPullLimit));
}

}  // namespace

protocol::HttpResponse handle_pull(RequestContext& ctx) {
  auto params = parse_query(ctx.request.target);
  if (!params) return error_response(400, params.error().message);

  int limit = protocol::kDefaultPullLimit;
  if (auto text = query_value(*params, "limit")) {
    auto parsed = parse_limit(*text);
    if (parsed) {
      limit = *parsed;
    } else if (ctx.mutations.limit_unchecked) {
      limit = clamp_limit(*text);
    } else {
      return error_response(400, "limit: must be a whole number from 1 to 1000");
    }
  }
  const std::string since_text = query_value(*params, "since").value_or("");
  const auto since = parse_cursor(since_text);
  if (!since) return error_response(400, "since: malformed cursor; use a cursor from a pull");

  // One read snapshot: the cursor check and the page see the same commits.
  auto tx = ctx.db.begin_read();
  if (!tx) return store_failure(tx.error());
  auto current = ctx.db.current_seq(ctx.record_owner);
  if (!current) return store_failure(current.error());
  if (*since > *current) return error_response(400, "since: unknown cursor (not issued here)");
  const std::int64_t owner = ctx.mutations.pull_start_leak && since_text.empty()
                                 ? first_owner(ctx.db, ctx.record_owner)
                                 : ctx.record_owner;
  auto page = ctx.db.page_after(owner, *since, static_cast<std::size_t>(limit),
                                !ctx.mutations.pull_no_tombstones, kPageByteBudget);
  if (!page) return store_failure(page.error());
  tx->rollback();  // read only: nothing to commit

  std::int64_t cursor = page->records.empty() ? *since : page->records.back().seq;
  if (ctx.mutations.pull_skips_boundary && page->next_seq) cursor = *page->next_seq;
  return json_text_response(200, pull_body(page->records, format_cursor(cursor), page->has_more,
                                            server_time(), ctx.mutations));
}

}  // namespace syncsuite::server

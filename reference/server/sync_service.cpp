#include "reference/server/sync_service.hpp"

#include <sodium.h>

#include <exception>
#include <new>

#include "reference/crypto/sodium_init.hpp"
#include "reference/server/auth.hpp"
#include "reference/server/json_response.hpp"
#include "reference/server/mutations.hpp"
#include "reference/server/router.hpp"
#include "reference/server/seq_source.hpp"
#include "reference/server/server_store.hpp"
#include "reference/server/shards.hpp"
#include "reference/server/token_hash.hpp"

namespace syncsuite::server {
namespace {

// Under the isolation-leak mutant every account's records live under this one owner.
constexpr std::int64_t kSharedOwner = 0;

std::string random_token() {
  crypto::ensure_sodium();
  unsigned char bytes[20];
  randombytes_buf(bytes, sizeof bytes);
  char hex[2 * sizeof bytes + 1];
  sodium_bin2hex(hex, sizeof hex, bytes, sizeof bytes);
  return std::string(hex, 2 * sizeof bytes);
}

class Service final : public SyncService {
 public:
  Service(std::unique_ptr<Shards> shards, Mutations mutations, std::int64_t highest_seq)
      : shards_(std::move(shards)),
        mutations_(mutations),
        seqs_(mutations.cursor_before_commit, highest_seq) {}

  protocol::HttpResponse handle(const protocol::HttpRequest& request) noexcept override {
    return guarded([&] { return dispatch(request); });
  }

  std::optional<protocol::HttpResponse> answer_before_body(
      const protocol::HttpRequest& request) noexcept override {
    return guarded([&]() -> std::optional<protocol::HttpResponse> {
      std::optional<ServerStore::Lease> db;
      Account account;
      return screen(request, match_route(request.method, request.target), db, account);
    });
  }

  Result<std::string> create_account() override {
    std::string token = random_token();
    if (auto st = add_account(token); !st) return st.error();
    return token;
  }

  Status add_account(std::string_view token) override {
    if (token.empty() || token.size() > 128) {
      return make_error("bad_token", "a token has 1 to 128 characters");
    }
    for (char c : token) {
      if (c <= ' ' || c > '~') {
        return make_error("bad_token", "a token is printable ASCII without spaces");
      }
    }
    auto db = shards_->accounts().store->acquire();
    if (!db) return db.error();
    return (*db)->insert_account(hash_token(token));
  }

 private:
  // Runs `answer`, turning an exception into a JSON 503 or 500.
  template <class Answer>
  static auto guarded(Answer answer) noexcept -> decltype(answer()) {
    try {
      return answer();
    } catch (const std::bad_alloc&) {
      return error_response(503, "out of memory; retry later");
    } catch (const std::exception& e) {
      return error_response(500, std::string("internal error: ") + e.what());
    } catch (...) {
      return error_response(500, "internal error");
    }
  }

  // What the request line and headers decide: 404, 401 or 405 (or a store failure); nullopt
  // lets the handler run, with `db` leased and `account` filled.
  std::optional<protocol::HttpResponse> screen(const protocol::HttpRequest& request,
                                               const RouteMatch& route,
                                               std::optional<ServerStore::Lease>& db,
                                               Account& account) {
    if (route.kind == RouteMatch::Kind::unknown_path) return error_response(404, "Not found.");
    auto lease = shards_->accounts().store->acquire();
    if (!lease) return store_failure(lease.error());
    db.emplace(std::move(lease).value());
    if (auto refusal = authenticate(**db, request, mutations_, account)) return refusal;
    if (route.kind == RouteMatch::Kind::wrong_method) {
      if (mutations_.method_404) return error_response(404, "Not found.");
      auto response =
          error_response(405, "Method \"" + request.method + "\" not allowed; use " + route.allow);
      response.headers.push_back({"Allow", route.allow});
      return response;
    }
    return std::nullopt;
  }

  protocol::HttpResponse dispatch(const protocol::HttpRequest& request) {
    const RouteMatch route = match_route(request.method, request.target);
    std::optional<ServerStore::Lease> db;
    Account account;
    if (auto refusal = screen(request, route, db, account)) return *refusal;
    const std::int64_t owner = mutations_.isolation_leak ? kSharedOwner : account.user;
    Shard& accounts = shards_->accounts();
    Shard& shard = shards_->of_owner(owner);
    std::optional<ServerStore::Lease> shard_db;
    if (&shard != &accounts) {
      auto lease = shard.store->acquire();
      if (!lease) return store_failure(lease.error());
      shard_db.emplace(std::move(lease).value());
    }
    ServerDb& records_db = shard_db ? **shard_db : **db;
    RequestContext context{request, records_db,   account, owner,          mutations_,
                           seqs_,   shard.writes, **db,    accounts.writes};
    return route.handler(context);
  }

  std::unique_ptr<Shards> shards_;
  const Mutations mutations_;
  SeqSource seqs_;
};

}  // namespace

Result<std::unique_ptr<SyncService>> SyncService::open(const ServiceOptions& options) {
  return open(options, std::chrono::milliseconds(5000));
}

Result<std::unique_ptr<SyncService>> SyncService::open(const ServiceOptions& options,
                                                       std::chrono::milliseconds busy_timeout) {
  auto mutations = Mutations::from_name(options.mutant);
  if (!mutations) return mutations.error();
  if (options.shards != 1 && !options.mutant.empty()) {
    return make_error("bad_shards",
                      "the mutants run on one shard, not " + std::to_string(options.shards));
  }
  auto shards = Shards::open(options.db_path, options.shards, busy_timeout);
  if (!shards) return shards.error();
  auto current = (*shards)->highest_seq();
  if (!current) return current.error();
  return std::unique_ptr<SyncService>(
      std::make_unique<Service>(std::move(shards).value(), *mutations, *current));
}

}  // namespace syncsuite::server

#include "harness/runner/server_probe.hpp"

#include <memory>

#include "reference/client/sync_messages.hpp"
#include "reference/protocol/limits.hpp"

namespace syncsuite::runner {
namespace {

Error probe_error(std::string message) { return make_error("probe", std::move(message)); }

std::string detail_of(const protocol::HttpResponse& response) {
  std::string body = response.body.substr(0, 200);
  return "status " + std::to_string(response.status) + (body.empty() ? "" : ": " + body);
}

}  // namespace

Result<StatusCounts> parse_status(const protocol::HttpResponse& response) {
  if (response.status != 200) {
    return probe_error("GET /api/v1/sync/status/ answered " + detail_of(response));
  }
  const auto json = nlohmann::json::parse(response.body, nullptr, false);
  if (!json.is_object()) return probe_error("GET /api/v1/sync/status/: body is not a JSON object");
  StatusCounts counts;
  for (const char* field : {"record_count", "conflict_count"}) {
    if (!json.contains(field) || !json[field].is_number_integer()) {
      return probe_error(std::string("GET /api/v1/sync/status/: ") + field + " is not an integer");
    }
  }
  if (!json.contains("cursor") || !json["cursor"].is_string()) {
    return probe_error("GET /api/v1/sync/status/: cursor is not a string");
  }
  counts.record_count = json["record_count"].get<std::int64_t>();
  counts.conflict_count = json["conflict_count"].get<std::int64_t>();
  counts.cursor = json["cursor"].get<std::string>();
  return counts;
}

void fetch_status(client::Transport& transport, const std::string& token,
                  std::function<void(Result<StatusCounts>)> done) {
  protocol::HttpRequest request;
  request.method = "GET";
  request.target = std::string(protocol::kStatusPath);
  request.headers.push_back({"Authorization", "Token " + token});
  transport.send(std::move(request), [done = std::move(done)](Result<protocol::HttpResponse> r) {
    if (!r) {
      done(probe_error("GET /api/v1/sync/status/: " + r.error().code + ": " + r.error().message));
      return;
    }
    done(parse_status(*r));
  });
}

namespace {

struct PullWalk : std::enable_shared_from_this<PullWalk> {
  client::Transport* transport = nullptr;
  const Account* account = nullptr;
  std::string prefix;
  std::string cursor;
  int pages = 0;
  RunRecords records;
  std::function<void(Result<RunRecords>)> done;

  void next() {
    auto self = shared_from_this();
    transport->send(client::pull_request(account->token, cursor, 1000),
                    [self](Result<protocol::HttpResponse> r) { self->on_page(std::move(r)); });
  }

  void on_page(Result<protocol::HttpResponse> r) {
    if (!r) {
      done(probe_error("pull: " + r.error().code + ": " + r.error().message));
      return;
    }
    auto page = client::parse_pull_response(*r);
    if (!page) {
      done(probe_error("pull from the scenario's start cursor: " + page.error().message));
      return;
    }
    for (auto& env : page->records) {
      if (env.id.rfind(prefix, 0) != 0) continue;
      ServerRecord rec;
      auto opened = account->box->open(env.nonce, env.ciphertext);
      if (opened) {
        auto json = nlohmann::json::parse(*opened, nullptr, false);
        if (json.is_discarded()) {
          rec.open_error = "plaintext is not JSON";
        } else {
          rec.data = std::move(json);
        }
      } else {
        rec.open_error = opened.error().message;
      }
      rec.envelope = std::move(env);
      RecordKey key{rec.envelope.table, rec.envelope.id};
      auto it = records.find(key);
      if (it == records.end() || it->second.envelope.version < rec.envelope.version) {
        records[key] = std::move(rec);
      }
    }
    ++pages;
    if (page->has_more && pages < 1000) {
      if (page->cursor == cursor) {
        done(probe_error("pull: has_more with an unchanged cursor"));
        return;
      }
      cursor = page->cursor;
      next();
      return;
    }
    done(std::move(records));
  }
};

}  // namespace

void fetch_run_records(client::Transport& transport, const Account& account,
                       const std::string& since, const std::string& run_prefix,
                       std::function<void(Result<RunRecords>)> done) {
  auto walk = std::make_shared<PullWalk>();
  walk->transport = &transport;
  walk->account = &account;
  walk->prefix = run_prefix + "-";
  walk->cursor = since;
  walk->done = std::move(done);
  walk->next();
}

namespace {

struct PageWalkState : std::enable_shared_from_this<PageWalkState> {
  client::Transport* transport = nullptr;
  std::string token, cursor;
  int limit = 1000, max_pages = 100;
  PageWalk walk;
  std::function<void(Result<PageWalk>)> done;

  void next() {
    auto self = shared_from_this();
    transport->send(client::pull_request(token, cursor, limit),
                    [self](Result<protocol::HttpResponse> r) { self->on_page(std::move(r)); });
  }

  void on_page(Result<protocol::HttpResponse> r) {
    const std::string what =
        "pull " + std::string(walk.since.empty() ? "from the beginning" : "from " + walk.since) +
        ", page " + std::to_string(walk.pages.size() + 1);
    if (!r) return done(probe_error(what + ": " + r.error().code + ": " + r.error().message));
    auto page = client::parse_pull_response(*r);
    if (!page) return done(probe_error(what + ": " + page.error().message));
    walk.pages.push_back(std::move(page->records));
    if (!page->has_more) return done(std::move(walk));
    if (static_cast<int>(walk.pages.size()) >= max_pages) {
      walk.capped = true;
      return done(std::move(walk));
    }
    if (page->cursor == cursor) {
      return done(probe_error(what + ": has_more with an unchanged cursor"));
    }
    cursor = page->cursor;
    next();
  }
};

}  // namespace

void walk_pages(client::Transport& transport, const std::string& token, const std::string& since,
                int limit, int max_pages, std::function<void(Result<PageWalk>)> done) {
  auto state = std::make_shared<PageWalkState>();
  state->transport = &transport;
  state->token = token;
  state->cursor = since;
  state->limit = limit;
  state->max_pages = max_pages;
  state->walk.since = since;
  state->done = std::move(done);
  state->next();
}

}  // namespace syncsuite::runner

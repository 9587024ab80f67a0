#include "reference/client/device.hpp"

#include <algorithm>
#include <charconv>
#include <utility>

#include "reference/client/pull_rules.hpp"
#include "reference/core/base64.hpp"
#include "reference/protocol/envelope.hpp"

namespace syncsuite::client {
namespace {

using protocol::Envelope;
using protocol::HttpResponse;

Error busy_error() { return make_error("busy", "sync already running"); }
Error cancelled_error() {
  return make_error("cancelled", "device closed before the operation completed");
}

Error prefixed(std::string_view what, Error e) {
  e.message = std::string(what) + ": " + e.message;
  return e;
}

std::string key_text(std::string_view table, std::string_view id) {
  return std::string(table) + "/" + std::string(id);
}

// JSON text of a data object; nlohmann refuses strings that are not valid UTF-8.
Result<std::string> dump_object(const nlohmann::json& data) {
  if (!data.is_object()) return make_error("bad_argument", "data must be a JSON object");
  try {
    return data.dump();
  } catch (const nlohmann::json::exception&) {
    return make_error("bad_argument", "data must hold valid UTF-8 text");
  }
}

Status check_key(std::string_view table, std::string_view id) {
  if (!protocol::valid_table(table)) {
    return make_error("bad_argument", "table must match ^[a-z][a-z0-9_]{0,63}$");
  }
  if (!protocol::valid_record_id(id)) {
    return make_error("bad_argument", "id must match ^[A-Za-z0-9_-]{1,64}$");
  }
  return ok_status();
}

bool header_safe(std::string_view text) {
  return std::none_of(text.begin(), text.end(), [](char c) {
    const auto u = static_cast<unsigned char>(c);
    return u < 0x20 || u == 0x7f;
  });
}

nlohmann::json parse_data(const std::string& text) {
  auto data = nlohmann::json::parse(text, nullptr, false);
  return data.is_discarded() ? nlohmann::json::object() : data;
}

timestamp::Millis millis_of(const std::string& text) { return timestamp::parse(text).value_or(0); }

// state-pending-new-only: unsynced records the server never accepted (no version known).
std::size_t never_accepted(LocalStore& store) {
  std::size_t n = 0;
  for (auto status : {RecordStatus::pending, RecordStatus::syncing}) {
    auto records = store.list(status);
    if (!records) continue;
    for (const auto& r : *records) n += r.envelope.version ? 0 : 1;
  }
  return n;
}

}  // namespace

// One push, pull or sync in flight: what it reports and where it stands.
struct PushPullOp {
  bool then_pull = false;   // sync: pull after the push
  bool marks_sync = false;  // sync: record last_sync_at at the end
  ReportCallback done;
  SyncReport report;
  std::vector<RecordKey> keys;      // records this push made syncing
  std::size_t next = 0;             // first key not yet sent
  std::vector<Envelope> in_flight;  // the batch awaiting its answer
  std::string since;                // cursor sent with the pull page awaiting its answer
};

struct Device::Impl : std::enable_shared_from_this<Impl> {
  Impl(Transport& t, DeviceOptions& o, std::unique_ptr<LocalStore> s)
      : transport(t),
        device_id(std::move(o.device_id)),
        token(std::move(o.token)),
        public_key(o.keys.public_key),
        box(o.box
                ? std::move(o.box)
                : std::make_shared<const crypto::RecordBox>(o.keys.public_key, o.keys.secret_key)),
        clock(std::move(o.clock)),
        pull_limit(o.pull_limit),
        push_batch(o.push_batch),
        mutations(o.mutations),
        observer(o.observer),
        store(std::move(s)) {}

  Transport& transport;
  std::string device_id;
  std::string token;
  crypto::PublicKey public_key;
  // The precomputed key, for the device's lifetime; possibly shared with the account's other
  // devices, which RecordBox allows (seal and open of a const box are safe on any thread).
  std::shared_ptr<const crypto::RecordBox> box;
  Clock clock;
  int pull_limit;
  std::size_t push_batch;
  ClientMutations mutations;
  WriteObserver* observer;
  crypto::Nonce reused_nonce = crypto::random_nonce();  // nonce-reuse: the one nonce it seals with
  std::unique_ptr<LocalStore> store;
  bool busy = false;
  std::optional<Error> last_error;

  timestamp::Millis now() const { return clock ? clock() : timestamp::system_now(); }

  // Every seal of the device goes through here: a fresh random nonce each time.
  crypto::Sealed seal(std::string_view plain) const {
    if (mutations.nonce_reuse) return box->seal(plain, reused_nonce);
    return box->seal(plain);
  }

  // The outcome of the last network operation, as the sync state shows it.
  void note_outcome(const std::optional<Error>& error) {
    if (error || !mutations.state_error_sticky) last_error = error;
  }

  // A completion that runs `step` if the device still exists, and `cancel` otherwise.
  template <typename Step, typename Cancel>
  Completion guarded(Step step, Cancel cancel) {
    return [weak = weak_from_this(), step = std::move(step),
            cancel = std::move(cancel)](Result<HttpResponse> answer) mutable {
      auto self = weak.lock();  // keeps the device alive while this step runs
      if (!self) {
        cancel();
        return;
      }
      step(*self, std::move(answer));
    };
  }

  // Opens a server record: its data as JSON object text.
  Result<std::string> open_record(const Envelope& e, std::string_view what) const {
    auto plain = box->open(e.nonce, e.ciphertext);
    if (!plain) {
      return make_error("decrypt_failed", std::string(what) + ": record " +
                                              key_text(e.table, e.id) +
                                              " does not open with the device key");
    }
    auto data = nlohmann::json::parse(*plain, nullptr, false);
    if (data.is_discarded() || !data.is_object()) {
      return make_error("bad_record", std::string(what) + ": record " + key_text(e.table, e.id) +
                                          " does not hold a JSON object");
    }
    return std::move(plain).value();
  }

  // ---- local edits ----

  // tombstone-plaintext: the body in clear behind 16 zero bytes where the MAC belongs.
  static crypto::Sealed unsealed_tombstone(std::string_view plain) {
    std::string bytes(crypto::kMacBytes, '\0');
    bytes += plain;
    const auto nonce = crypto::random_nonce();
    return crypto::Sealed{base64::encode(nonce.data(), nonce.size()), base64::encode(bytes)};
  }

  Status edit(std::string_view table, std::string_view id, const std::string& plain, bool deleted,
              std::optional<std::string> updated_at) {
    if (auto st = check_key(table, id); !st) return st;
    if (updated_at && !timestamp::valid(*updated_at)) {
      return make_error("bad_argument",
                        "updated_at must be RFC 3339 UTC with milliseconds, e.g. "
                        "2026-11-24T10:00:00.123Z");
    }
    if (auto st = store->ensure_table(table); !st) return st;
    auto existing = store->find(table, id);
    if (!existing) return existing.error();
    if (!updated_at) {
      timestamp::Millis t = now();
      if (*existing) t = std::max(t, millis_of((*existing)->envelope.updated_at) + 1);
      updated_at = timestamp::format(t);
    }
    auto sealed =
        deleted && mutations.tombstone_plaintext ? unsealed_tombstone(plain) : seal(plain);
    StoredRecord r;
    r.envelope.table = std::string(table);
    r.envelope.id = std::string(id);
    r.envelope.updated_at = std::move(*updated_at);
    r.envelope.deleted = deleted;
    r.envelope.nonce = std::move(sealed.nonce);
    r.envelope.ciphertext = std::move(sealed.ciphertext);
    if (*existing) r.envelope.version = (*existing)->envelope.version;
    r.data = plain;
    // A new edit supersedes a conflict: it is pushed like any edit and, if still not later than
    // the server's copy, conflicts again with a fresh server copy.
    r.status = RecordStatus::pending;
    return store->write(r);
  }

  // ---- completion of push / pull / sync ----

  void finish(const std::shared_ptr<PushPullOp>& op, std::optional<Error> error) {
    busy = false;
    if (error && op->marks_sync && mutations.state_last_sync_on_failure) {
      (void)store->set_meta("last_sync_at", std::to_string(now()));
    }
    note_outcome(error);
    op->report.error = std::move(error);
    auto done = std::move(op->done);
    if (done) done(op->report);  // last: the callback may start another operation or close us
  }

  void fail_push(const std::shared_ptr<PushPullOp>& op, Error error) {
    // The error at hand is the one to report; if this fails too, the next open resets them.
    if (mutations.failed_push_marked_synced) {
      (void)mark_syncing_synced();
    } else {
      (void)store->reset_syncing();
    }
    finish(op, std::move(error));
  }

  // failed-push-marked-synced: what a failed push wrongly does to its records.
  Status mark_syncing_synced() {
    auto syncing = store->list(RecordStatus::syncing);
    if (!syncing) return syncing.error();
    for (auto& record : *syncing) {
      record.status = RecordStatus::synced;
      if (auto st = store->write(record); !st) return st;
    }
    return ok_status();
  }

  // plaintext-leak: each pushed envelope also carries its data in clear.
  std::string with_plaintext(const std::string& body) {
    auto json = nlohmann::json::parse(body, nullptr, false);
    for (auto& e : json["records"]) {
      auto found = store->find(e["table"].get<std::string>(), e["id"].get<std::string>());
      if (found && *found) e["data"] = parse_data((*found)->data);
    }
    return json.dump();
  }

  // ---- push ----

  void start_push(const std::shared_ptr<PushPullOp>& op) {
    auto keys = store->begin_push();
    if (!keys) return finish(op, keys.error());
    op->keys = std::move(keys).value();
    send_push_batch(op);
  }

  void send_push_batch(const std::shared_ptr<PushPullOp>& op) {
    const std::size_t limit =
        mutations.batch_over_500
            ? op->keys.size()
            : std::clamp<std::size_t>(push_batch, 1, protocol::kMaxBatchRecords);
    while (op->next < op->keys.size()) {
      op->in_flight.clear();
      while (op->next < op->keys.size() && op->in_flight.size() < limit) {
        const auto& key = op->keys[op->next];
        auto record = store->find(key.table, key.id);
        if (!record) return fail_push(op, record.error());
        ++op->next;
        // Edited since the push began: pending again, left for the next push.
        if (*record && (*record)->status == RecordStatus::syncing) {
          if (mutations.reseal_on_retry) {
            auto sealed = seal((*record)->data);
            (*record)->envelope.nonce = std::move(sealed.nonce);
            (*record)->envelope.ciphertext = std::move(sealed.ciphertext);
            if (auto st = store->write(**record); !st) return fail_push(op, st.error());
          }
          op->in_flight.push_back((*record)->envelope);
        }
      }
      if (op->in_flight.empty()) continue;
      if (observer) {
        for (const auto& record : op->in_flight) observer->sent(record);
      }
      auto request = push_request(token, device_id, op->in_flight);
      if (mutations.plaintext_leak) request.body = with_plaintext(request.body);
      transport.send(std::move(request), guarded(
                                             [op](Impl& self, Result<HttpResponse> answer) {
                                               self.on_push_answer(op, std::move(answer));
                                             },
                                             [op] { cancel(op); }));
      return;  // nothing after send: the completion may already have run
    }
    after_push(op);
  }

  static void cancel(const std::shared_ptr<PushPullOp>& op) {
    op->report.error = cancelled_error();
    auto done = std::move(op->done);
    if (done) done(op->report);
  }

  void on_push_answer(const std::shared_ptr<PushPullOp>& op, Result<HttpResponse> answer) {
    if (!answer) return fail_push(op, prefixed("push", answer.error()));
    auto outcomes = parse_push_response(*answer, op->in_flight);
    if (!outcomes) return fail_push(op, outcomes.error());
    if (observer) {
      for (std::size_t i = 0; i < outcomes->size(); ++i) {
        observer->answered(op->in_flight[i], (*outcomes)[i].accepted);
      }
    }
    // Open every server copy before applying anything: the answer is used whole or not at all.
    std::vector<std::string> server_data(outcomes->size());
    for (std::size_t i = 0; i < outcomes->size(); ++i) {
      if (const auto& server = (*outcomes)[i].server) {
        auto plain = open_record(*server, "push conflict");
        if (!plain) return fail_push(op, plain.error());
        server_data[i] = std::move(plain).value();
      }
    }
    auto applied = apply_push(op->in_flight, *outcomes, server_data, op->report);
    if (!applied) return fail_push(op, applied.error());
    op->report.pushed += op->in_flight.size();
    send_push_batch(op);
  }

  Status apply_push(const std::vector<Envelope>& sent, const std::vector<PushOutcome>& outcomes,
                    std::vector<std::string>& server_data, SyncReport& report) {
    auto txn = store->transaction();
    if (!txn) return txn.error();
    std::size_t accepted = 0;
    std::size_t conflicts = 0;
    for (std::size_t i = 0; i < sent.size(); ++i) {
      auto found = store->find(sent[i].table, sent[i].id);
      if (!found) return found.error();
      if (!*found) continue;
      StoredRecord record = std::move(**found);
      const bool unchanged =
          record.status == RecordStatus::syncing || mutations.edit_during_push_synced;
      const auto& outcome = outcomes[i];
      if (outcome.accepted) {
        ++accepted;
        // Edited meanwhile: the new edit stays pending, now based on the accepted version.
        record.envelope.version = outcome.version;
        if (unchanged) {
          record.status = RecordStatus::synced;
          record.server.reset();
        }
      } else {
        if (!unchanged) continue;  // edited meanwhile: the next push tells
        ++conflicts;
        record.status = RecordStatus::conflict;
        record.server = ServerCopy{*outcome.server, std::move(server_data[i])};
      }
      if (auto st = store->write(record); !st) return st;
    }
    if (auto st = txn->commit(); !st) return st;
    report.accepted += accepted;
    report.conflicts += conflicts;
    return ok_status();
  }

  void after_push(const std::shared_ptr<PushPullOp>& op) {
    if (op->then_pull) return start_pull(op);
    finish(op, std::nullopt);
  }

  // ---- pull ----

  void start_pull(const std::shared_ptr<PushPullOp>& op) {
    auto cursor = store->meta("cursor");
    if (!cursor) return finish(op, cursor.error());
    send_pull_page(op, cursor->value_or(""));
  }

  void send_pull_page(const std::shared_ptr<PushPullOp>& op, std::string since) {
    op->since = std::move(since);
    auto request = pull_request(token, op->since, pull_limit);
    transport.send(std::move(request), guarded(
                                           [op](Impl& self, Result<HttpResponse> answer) {
                                             self.on_pull_answer(op, std::move(answer));
                                           },
                                           [op] { cancel(op); }));
  }

  void on_pull_answer(const std::shared_ptr<PushPullOp>& op, Result<HttpResponse> answer) {
    if (!answer) return finish(op, prefixed("pull", answer.error()));
    auto page = parse_pull_response(*answer);
    if (!page) return finish(op, page.error());
    if (page->has_more && page->cursor == op->since) {
      // Following it would fetch the same page forever.
      return finish(op, make_error("bad_response",
                                   "pull response: has_more is true but the cursor did not move"));
    }
    if (auto st = apply_page(*page, op->report); !st) return finish(op, st.error());
    if (page->has_more && !mutations.ignore_has_more) {
      return send_pull_page(op, std::move(page->cursor));
    }
    if (op->marks_sync) {
      if (auto st = store->set_meta("last_sync_at", std::to_string(now())); !st) {
        return finish(op, st.error());
      }
    }
    finish(op, std::nullopt);
  }

  Status apply_page(const PullPage& page, SyncReport& report) {
    if (mutations.cursor_before_apply) {
      if (auto st = store->set_meta("cursor", page.cursor); !st) return st;
    }
    // Open everything first: a record that does not open stops the pull before any of its page
    // is applied, and the cursor stays where it was.
    std::vector<std::size_t> opened;  // indexes into page.records, in order
    std::vector<std::string> plain;   // plain[i] belongs to page.records[opened[i]]
    opened.reserve(page.records.size());
    plain.reserve(page.records.size());
    for (std::size_t i = 0; i < page.records.size(); ++i) {
      auto data = open_record(page.records[i], "pull");
      if (!data && mutations.undecryptable_skipped) continue;
      if (!data) return data.error();
      opened.push_back(i);
      plain.push_back(std::move(data).value());
    }
    for (const auto& r : page.records) {
      if (auto st = store->ensure_table(r.table); !st) return st;  // outside the transaction
    }
    auto txn = store->transaction();
    if (!txn) return txn.error();
    std::size_t conflicts = 0;
    for (std::size_t i = 0; i < opened.size(); ++i) {
      const Envelope& server = page.records[opened[i]];
      auto found = store->find(server.table, server.id);
      if (!found) return found.error();
      const StoredRecord* local = *found ? &**found : nullptr;
      StoredRecord record;
      auto action = decide_pull(local, server);
      if (action == PullAction::mark_conflict && mutations.conflict_overwritten) {
        action = PullAction::take_server;
      }
      switch (action) {
        case PullAction::insert:
        case PullAction::take_server:
          record = StoredRecord{server, plain[i], RecordStatus::synced, std::nullopt};
          break;
        case PullAction::mark_conflict:
          ++conflicts;
          [[fallthrough]];
        case PullAction::refresh_conflict:
          record = std::move(**found);
          record.status = RecordStatus::conflict;
          record.server = ServerCopy{server, plain[i]};
          break;
        case PullAction::keep_local:
          continue;
      }
      if (auto st = store->write(record); !st) return st;
    }
    // The cursor lands with the page it ends, never before it.
    if (auto st = store->set_meta("cursor", page.cursor); !st) return st;
    if (auto st = txn->commit(); !st) return st;
    report.pulled += opened.size();
    report.conflicts += conflicts;
    return ok_status();
  }

  // ---- resolve ----

  void start_resolve(std::string table, std::string id, Resolution choice,
                     std::optional<nlohmann::json> merged, StatusCallback done) {
    if (auto st = check_key(table, id); !st) return done(st);
    auto found = store->find(table, id);
    if (!found) return done(found.error());
    if (!*found || (*found)->status != RecordStatus::conflict || !(*found)->server ||
        !(*found)->server->envelope.version) {
      return done(
          make_error("not_in_conflict", "resolve: " + key_text(table, id) + " is not in conflict"));
    }
    const StoredRecord& local = **found;
    const ServerCopy& server = *local.server;
    std::optional<Envelope> record;
    if (choice != Resolution::server) {
      std::string plain;
      bool deleted = false;
      if (choice == Resolution::local) {
        plain = local.data;
        deleted = local.envelope.deleted;
      } else {
        if (!merged) return done(make_error("bad_argument", "merged resolution needs data"));
        auto text = dump_object(*merged);
        if (!text) return done(text.error());
        plain = std::move(text).value();
      }
      // Later than both copies, so that the user's other devices take it (last write wins).
      const auto later =
          std::max(millis_of(local.envelope.updated_at), millis_of(server.envelope.updated_at));
      auto sealed = seal(plain);
      record =
          Envelope{table,
                   id,
                   mutations.merged_keeps_old_time ? local.envelope.updated_at
                                                   : timestamp::format(std::max(now(), later + 1)),
                   deleted,
                   std::move(sealed.nonce),
                   std::move(sealed.ciphertext),
                   std::nullopt};
    }
    const std::int64_t expected = mutations.resolve_stale_version
                                      ? local.envelope.version.value_or(0)
                                      : *server.envelope.version;
    if (observer && record) observer->sent(*record);
    auto request = resolve_request(token, table, id, choice, expected, record);
    busy = true;
    auto shared_done = std::make_shared<StatusCallback>(std::move(done));
    transport.send(
        std::move(request),
        guarded(
            [table, id, record, shared_done](Impl& self, Result<HttpResponse> answer) {
              auto status = self.on_resolve_answer(table, id, record, std::move(answer));
              self.busy = false;
              self.note_outcome(status ? std::nullopt : std::optional<Error>(status.error()));
              auto callback = std::move(*shared_done);
              if (callback) callback(std::move(status));
            },
            [shared_done] {
              auto callback = std::move(*shared_done);
              if (callback) callback(cancelled_error());
            }));
  }

  Status on_resolve_answer(const std::string& table, const std::string& id,
                           const std::optional<Envelope>& sent, Result<HttpResponse> answer) {
    if (!answer) return prefixed("resolve", answer.error());
    auto parsed = parse_resolve_response(*answer, table, id);
    if (!parsed) return parsed.error();
    if (observer && sent) observer->answered(*sent, parsed->applied);
    auto plain = open_record(parsed->record, "resolve");
    if (!plain) return plain.error();
    auto found = store->find(table, id);
    if (!found) return found.error();
    const bool still_conflict = *found && (*found)->status == RecordStatus::conflict;
    if (parsed->applied) {
      StoredRecord record;
      if (still_conflict || !*found) {
        record = StoredRecord{parsed->record, std::move(plain).value(), RecordStatus::synced,
                              std::nullopt};
      } else {
        // Edited while the answer was on its way: the edit stays pending on the new version.
        record = std::move(**found);
        record.envelope.version = parsed->record.version;
      }
      return store->write(record);
    }
    if (still_conflict) {
      StoredRecord record = std::move(**found);
      record.server = ServerCopy{parsed->record, std::move(plain).value()};
      if (auto st = store->write(record); !st) return st;
    }
    return make_error("conflict", "resolve: the server copy of " + key_text(table, id) +
                                      " changed (now version " +
                                      std::to_string(parsed->record.version.value_or(0)) +
                                      "); resolve again");
  }
};

// ---- Device ----

Device::Device(std::shared_ptr<Impl> impl) : impl_(std::move(impl)) {}
Device::~Device() = default;

Result<std::unique_ptr<Device>> Device::open(Transport& transport, DeviceOptions options) {
  if (options.device_id.empty() || options.device_id.size() > protocol::kMaxDeviceIdLength) {
    return make_error("bad_argument", "device_id must have 1 to 64 characters");
  }
  if (!header_safe(options.token)) {
    return make_error("bad_argument", "token must not contain control characters");
  }
  if (options.pull_limit < 1 || options.pull_limit > protocol::kMaxPullLimit) {
    return make_error("bad_argument", "pull_limit must be 1 to 1000");
  }
  if (options.push_batch < 1 || options.push_batch > protocol::kMaxBatchRecords) {
    return make_error("bad_argument", "push_batch must be 1 to 500");
  }
  auto store = LocalStore::open(options.store,
                                StoreOptions{options.db_path, options.device_id, options.durable});
  if (!store) return store.error();
  auto impl = std::make_shared<Impl>(transport, options, std::move(store).value());
  return std::unique_ptr<Device>(new Device(std::move(impl)));
}

const std::string& Device::device_id() const { return impl_->device_id; }

Status Device::set_pull_limit(int limit) {
  if (limit < 1 || limit > protocol::kMaxPullLimit) {
    return make_error("bad_argument", "pull_limit must be 1 to 1000");
  }
  impl_->pull_limit = limit;
  return ok_status();
}
const crypto::PublicKey& Device::public_key() const { return impl_->public_key; }

Status Device::put(std::string_view table, std::string_view id, const nlohmann::json& data,
                   std::optional<std::string> updated_at) {
  auto plain = dump_object(data);
  if (!plain) return plain.error();
  return impl_->edit(table, id, *plain, /*deleted=*/false, std::move(updated_at));
}

Status Device::remove(std::string_view table, std::string_view id,
                      std::optional<std::string> updated_at) {
  return impl_->edit(table, id, "{}", /*deleted=*/true, std::move(updated_at));
}

Result<std::vector<LocalRecord>> Device::records() const {
  auto stored = impl_->store->list();
  if (!stored) return stored.error();
  std::vector<LocalRecord> out;
  out.reserve(stored->size());
  for (auto& r : *stored) {
    out.push_back(LocalRecord{std::move(r.envelope.table), std::move(r.envelope.id),
                              parse_data(r.data), std::move(r.envelope.updated_at),
                              r.envelope.deleted, r.status, r.envelope.version});
  }
  return out;
}

Result<std::vector<Conflict>> Device::conflicts() const {
  auto stored = impl_->store->list(RecordStatus::conflict);
  if (!stored) return stored.error();
  std::vector<Conflict> out;
  for (auto& r : *stored) {
    if (!r.server) continue;
    Conflict c;
    c.table = r.envelope.table;
    c.id = r.envelope.id;
    c.local = RecordCopy{parse_data(r.data), r.envelope.updated_at, r.envelope.deleted,
                         r.envelope.version};
    const auto& s = r.server->envelope;
    c.server = RecordCopy{parse_data(r.server->data), s.updated_at, s.deleted, s.version};
    out.push_back(std::move(c));
  }
  return out;
}

SyncState Device::state() const {
  SyncState s;
  s.status = impl_->busy         ? SyncStatus::syncing
             : impl_->last_error ? SyncStatus::error
                                 : SyncStatus::idle;
  if (impl_->last_error) s.last_error = impl_->last_error->message;
  auto& store = *impl_->store;
  if (auto last = store.meta("last_sync_at"); last && *last) {
    timestamp::Millis ms = 0;
    const auto& text = **last;
    if (std::from_chars(text.data(), text.data() + text.size(), ms).ec == std::errc()) {
      s.last_sync_at = ms;
    }
  }
  auto pending = store.count(RecordStatus::pending);
  auto syncing = store.count(RecordStatus::syncing);
  auto conflicts = store.count(RecordStatus::conflict);
  if (pending && syncing && conflicts) {
    s.pending_count = *pending + *syncing;
    if (impl_->mutations.state_pending_new_only) s.pending_count = never_accepted(store);
    s.conflict_count = *conflicts;
  } else if (s.last_error.empty()) {
    s.last_error = "local store: counts unavailable";
  }
  return s;
}

bool Device::should_auto_sync(bool foreground) const {
  if (impl_->busy) return false;
  if (impl_->mutations.foreground_always_syncs) return foreground;
  if (impl_->mutations.foreground_never_syncs) return false;
  return auto_sync_due(foreground, state().last_sync_at, impl_->now());
}

Result<std::string> Device::cursor() const {
  auto value = impl_->store->meta("cursor");
  if (!value) return value.error();
  return value->value_or("");
}

void Device::upload_key(StatusCallback done) {
  auto impl = impl_;  // keeps it alive if `done` runs inline and closes this device
  auto shared_done = std::make_shared<StatusCallback>(std::move(done));
  impl->transport.send(key_request(impl->token, impl->public_key),
                       impl->guarded(
                           [shared_done](Impl& self, Result<HttpResponse> answer) {
                             Status status = answer ? check_key_response(*answer, self.public_key)
                                                    : Status(prefixed("key", answer.error()));
                             auto callback = std::move(*shared_done);
                             if (callback) callback(std::move(status));
                           },
                           [shared_done] {
                             auto callback = std::move(*shared_done);
                             if (callback) callback(cancelled_error());
                           }));
}

void Device::push(ReportCallback done) {
  auto impl = impl_;
  if (impl->busy) return done(SyncReport{0, 0, 0, 0, busy_error()});
  impl->busy = true;
  auto op = std::make_shared<PushPullOp>();
  op->done = std::move(done);
  impl->start_push(op);
}

void Device::pull(ReportCallback done) {
  auto impl = impl_;
  if (impl->busy) return done(SyncReport{0, 0, 0, 0, busy_error()});
  impl->busy = true;
  auto op = std::make_shared<PushPullOp>();
  op->done = std::move(done);
  impl->start_pull(op);
}

void Device::sync(ReportCallback done) {
  auto impl = impl_;
  if (impl->busy) return done(SyncReport{0, 0, 0, 0, busy_error()});
  impl->busy = true;
  auto op = std::make_shared<PushPullOp>();
  op->then_pull = true;
  op->marks_sync = true;
  op->done = std::move(done);
  impl->start_push(op);
}

void Device::resolve(std::string table, std::string id, Resolution choice,
                     std::optional<nlohmann::json> merged_data, StatusCallback done) {
  auto impl = impl_;
  if (impl->busy) return done(busy_error());
  impl->start_resolve(std::move(table), std::move(id), choice, std::move(merged_data),
                      std::move(done));
}

}  // namespace syncsuite::client

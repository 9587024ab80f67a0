#include "harness/client/journal_checks.hpp"

#include <algorithm>
#include <cctype>
#include <map>
#include <set>
#include <string_view>

#include "reference/protocol/envelope.hpp"
#include "reference/protocol/limits.hpp"

namespace syncsuite::client_checks {
namespace {

constexpr std::string_view kPush = protocol::kPushPath;
constexpr std::string_view kPull = protocol::kPullPath;
constexpr std::string_view kResolve = protocol::kResolvePath;
constexpr std::string_view kKey = protocol::kKeyPath;

constexpr std::string_view kFormat = "2/client-envelope-format";
constexpr std::string_view kPushShape = "4.1/client-push-shape";
constexpr std::string_view kSealed = "3/client-sealed-to-account-key";
constexpr std::string_view kPlaintext = "3/client-plaintext-is-data-put";
constexpr std::string_view kTombstone = "2/client-tombstone-sealed-empty";
constexpr std::string_view kNonce = "3/client-nonce-fresh";
constexpr std::string_view kCanary = "3/client-no-plaintext-on-wire";
constexpr std::string_view kKeyUploaded = "3/client-key-uploaded";
constexpr std::string_view kResent = "8/client-resent-unchanged";
constexpr std::string_view kPushFirst = "8/client-push-before-pull";
constexpr std::string_view kHasMore = "8/client-follows-has-more";
constexpr std::string_view kCursorApplied = "8/client-cursor-from-applied-page";
constexpr std::string_view kPullQuery = "5/client-pull-query";
constexpr std::string_view kResolveBody = "6/client-resolve-body";
constexpr std::string_view kExpectedVersion = "6/client-resolve-expected-version";
constexpr std::string_view kLaterTime = "8/client-resolve-later-time";

std::string path_of(std::string_view target) { return std::string(target.substr(0, target.find('?'))); }

// The value of one query parameter, %-decoding nothing (cursors are sent as received).
std::optional<std::string> query_param(std::string_view target, std::string_view name) {
  const auto q = target.find('?');
  if (q == std::string_view::npos) return std::nullopt;
  std::string_view rest = target.substr(q + 1);
  while (!rest.empty()) {
    const auto amp = rest.find('&');
    const std::string_view pair = rest.substr(0, amp);
    const auto eq = pair.find('=');
    if (pair.substr(0, eq) == name) {
      return std::string(eq == std::string_view::npos ? std::string_view() : pair.substr(eq + 1));
    }
    if (amp == std::string_view::npos) break;
    rest.remove_prefix(amp + 1);
  }
  return std::nullopt;
}

std::string percent_decode(std::string_view text) {
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '%' && i + 2 < text.size() && std::isxdigit(static_cast<unsigned char>(text[i + 1])) &&
        std::isxdigit(static_cast<unsigned char>(text[i + 2]))) {
      out.push_back(static_cast<char>(std::stoi(std::string(text.substr(i + 1, 2)), nullptr, 16)));
      i += 2;
    } else if (text[i] == '+') {
      out.push_back(' ');
    } else {
      out.push_back(text[i]);
    }
  }
  return out;
}

std::string record_key(const std::string& table, const std::string& id) { return table + "/" + id; }

std::string short_text(const std::string& text, std::size_t max = 200) {
  return text.size() <= max ? text : text.substr(0, max) + "...";
}

// What one device was told about each record: the latest version and every updated_at seen.
struct RecordKnowledge {
  std::optional<std::int64_t> version;
  std::string latest_time;  // the latest updated_at seen in requests and answers ("" none)
};

struct DeviceTrack {
  std::map<std::string, RecordKnowledge> records;  // by table/id
  std::set<std::string> cursors;                    // from pages answered and fully openable
  std::set<std::string> bad_cursors;                // of pages holding a record that does not open
  // Last pushed envelope per record, whether that push failed, and the journal seq it went in.
  struct Pushed {
    protocol::Envelope envelope;
    bool failed = false;
    std::uint64_t seq = 0;
  };
  std::map<std::string, Pushed> last_push;
  bool pushed_before = false;
};

class Judge {
 public:
  explicit Judge(const JournalInput& input) : in_(input) {}

  std::vector<Finding> run() {
    for (const auto& entry : in_.entries) judge_entry(entry);
    judge_windows();
    return std::move(out_);
  }

 private:
  const AccountKeys* account_by_label(const std::string& label) const {
    for (const auto& a : in_.accounts) {
      if (a.label == label) return &a;
    }
    return nullptr;
  }

  // The operation under test whose window holds `seq` and whose account sent it; nullptr when
  // none, or when several devices of that account were busy at once (cannot attribute).
  const DeviceOp* owner(const mockserver::JournalEntry& e) const {
    const AccountKeys* account = account_by_label(e.device);
    if (!account) return nullptr;
    const DeviceOp* found = nullptr;
    for (const auto& op : in_.ops) {
      if (op.account != account->index || e.seq <= op.after_seq || e.seq > op.until_seq) continue;
      if (found && found->device != op.device) return nullptr;
      found = &op;
    }
    return found && found->under_test ? found : nullptr;
  }

  void add(std::string_view check, bool ok, const std::string& device, std::string subject,
           std::string expected, std::string actual, std::uint64_t seq) {
    out_.push_back({std::string(check), ok, device, std::move(subject), std::move(expected),
                    ok ? std::string() : std::move(actual), seq});
  }

  // Was this record edited by the harness on this device between two journal positions?
  bool edited_between(const std::string& device, const std::string& key, std::uint64_t from,
                      std::uint64_t to) const {
    for (const auto& op : in_.ops) {
      if (op.device != device || record_key(op.table, op.id) != key) continue;
      if (op.op != "put" && op.op != "delete" && op.op != "resolve") continue;
      if (op.until_seq >= from && op.after_seq < to) return true;
    }
    return false;
  }

  std::vector<Json> data_put(int account, const std::string& table, const std::string& id) const {
    std::vector<Json> out;
    for (const auto& op : in_.ops) {
      if (op.account == account && op.table == table && op.id == id && op.data) out.push_back(*op.data);
    }
    return out;
  }

  void judge_entry(const mockserver::JournalEntry& e) {
    // Keys are uploaded at init, before any step's window: every upload of an account's token
    // counts (reference devices beside the client under test upload none).
    if (e.method == "PUT" && path_of(e.target) == kKey) {
      if (const AccountKeys* account = account_by_label(e.device)) {
        const DeviceOp* op = owner(e);
        judge_key(e, op ? op->device : "a device of account " + std::to_string(account->index), *account,
                  e.method + " " + e.target + " (journal #" + std::to_string(e.seq) + ")");
      }
      return;
    }
    const DeviceOp* op = owner(e);
    if (!op) return;
    const AccountKeys& account = *account_by_label(e.device);
    DeviceTrack& track = tracks_[op->device];
    const std::string subject_base = e.method + " " + e.target + " (journal #" + std::to_string(e.seq) + ")";

    judge_canary(e, *op, subject_base);
    const std::string path = path_of(e.target);
    if (e.method == "POST" && path == kPush) {
      judge_push(e, *op, account, track, subject_base);
    } else if (e.method == "GET" && path == kPull) {
      judge_pull(e, *op, account, track, subject_base);
    } else if (e.method == "POST" && path == kResolve) {
      judge_resolve(e, *op, account, track, subject_base);
    }
  }

  void judge_canary(const mockserver::JournalEntry& e, const DeviceOp& op, const std::string& subject) {
    if (in_.canary.empty()) return;
    bool leaked = e.target.find(in_.canary) != std::string::npos ||
                  e.request_body.find(in_.canary) != std::string::npos;
    for (const auto& h : e.headers) leaked = leaked || h.value.find(in_.canary) != std::string::npos;
    add(kCanary, !leaked, op.device, subject, "the record data's canary string never in clear in a request",
        "the request carries the canary \"" + in_.canary + "\" in clear", e.seq);
  }

  void judge_key(const mockserver::JournalEntry& e, const std::string& device, const AccountKeys& account,
                 const std::string& subject) {
    const auto body = Json::parse(e.request_body, nullptr, false);
    const std::string want = account.public_key.to_base64();
    const bool ok = body.is_object() && body.contains("public_key") && body["public_key"] == want;
    add(kKeyUploaded, ok, device, subject, "PUT /key/ with {\"public_key\": \"" + want + "\"}",
        "body " + short_text(e.request_body), e.seq);
    if (ok && e.status == 200 && e.outcome == mockserver::Outcome::answered) {
      keys_uploaded_.insert(account.index);
    }
  }

  // One record sent by the device (push or resolve): format, sealing, plaintext, nonce, resend.
  std::optional<protocol::Envelope> judge_record(const Json& value, const std::string& where,
                                                 const mockserver::JournalEntry& e, const DeviceOp& op,
                                                 const AccountKeys& account, const std::string& subject) {
    auto envelope = protocol::parse_envelope(value, where, false);
    add(kFormat, envelope.ok(), op.device, subject + " " + where, "an envelope of contract section 2",
        envelope.ok() ? "" : envelope.error().message, e.seq);
    if (!envelope) return std::nullopt;
    const std::string name = subject + " " + where + " " + record_key(envelope->table, envelope->id);

    auto opened = account.box->open(envelope->nonce, envelope->ciphertext);
    add(kSealed, opened.ok(), op.device, name,
        "crypto_box_easy(plaintext, nonce, user_pk, user_sk) with the account's own keypair",
        opened.ok() ? "" : "does not open with the account keypair: " + opened.error().message, e.seq);
    if (opened) {
      const auto plain = Json::parse(*opened, nullptr, false);
      if (envelope->deleted) {
        add(kTombstone, plain == Json::object(), op.device, name,
            "a tombstone carries an encrypted body of {}", "decrypts to " + short_text(*opened), e.seq);
      } else {
        const auto candidates = data_put(account.index, envelope->table, envelope->id);
        if (!candidates.empty()) {
          const bool matches = plain.is_object() &&
                               std::find(candidates.begin(), candidates.end(), plain) != candidates.end();
          std::string wanted;
          for (const auto& c : candidates) wanted += (wanted.empty() ? "" : " or ") + short_text(c.dump(), 120);
          add(kPlaintext, matches, op.device, name, "decrypts to the data put: " + wanted,
              "decrypts to " + short_text(*opened), e.seq);
        }
      }
    }
    judge_nonce(*envelope, account, op, name, e.seq);
    return std::move(envelope).value();
  }

  void judge_nonce(const protocol::Envelope& env, const AccountKeys& account, const DeviceOp& op,
                   const std::string& name, std::uint64_t seq) {
    auto& seen = nonces_[account.index];
    const auto it = seen.find(env.nonce);
    if (it == seen.end()) {
      seen.emplace(env.nonce, env);
      add(kNonce, true, op.device, name, "a fresh nonce for every encryption", "", seq);
      return;
    }
    const auto& first = it->second;
    const bool same = first.table == env.table && first.id == env.id && first.same_content(env);
    add(kNonce, same, op.device, name,
        "a nonce never repeats across a user's records or versions (an identical re-send aside)",
        "nonce " + env.nonce + " already sealed " + record_key(first.table, first.id) + " at " +
            first.updated_at,
        seq);
  }

  void judge_push(const mockserver::JournalEntry& e, const DeviceOp& op, const AccountKeys& account,
                  DeviceTrack& track, const std::string& subject) {
    if (!first_push_.count(op.device)) {
      first_push_.insert(op.device);
      add(kKeyUploaded, keys_uploaded_.count(account.index) > 0, op.device, subject,
          "the account's public key uploaded (PUT /key/, 200) before the device's first push",
          "no PUT /key/ of the account's public key was answered 200 before this push", e.seq);
    }
    if (op.op == "sync" || op.op == "foreground") {
      add(kPushFirst, !pulled_in_window_.count(window_key(op)), op.device, subject,
          "a sync pushes, then pulls", "a push after this sync's pull", e.seq);
    }
    const auto body = Json::parse(e.request_body, nullptr, false);
    std::string shape;
    if (!body.is_object()) {
      shape = "the body is not a JSON object";
    } else if (!body.contains("device_id") || !body["device_id"].is_string() ||
               body["device_id"].get<std::string>().empty() || body["device_id"].get<std::string>().size() > protocol::kMaxDeviceIdLength) {
      shape = "device_id must be a string of 1 to 64 characters";
    } else if (!body.contains("records") || !body["records"].is_array() || body["records"].empty() ||
               body["records"].size() > protocol::kMaxBatchRecords) {
      shape = "records must be an array of 1 to 500 records, got " +
              (body.contains("records") && body["records"].is_array()
                   ? std::to_string(body["records"].size()) + " records"
                   : std::string("no array"));
    }
    if (shape.empty()) {
      std::set<std::string> ids;
      for (const auto& r : body["records"]) {
        if (!r.is_object() || !r.contains("table") || !r.contains("id") || !r["table"].is_string() || !r["id"].is_string()) continue;
        if (!ids.insert(record_key(r["table"], r["id"])).second) {
          shape = "records repeat " + record_key(r["table"], r["id"]);
          break;
        }
      }
    }
    add(kPushShape, shape.empty(), op.device, subject,
        "{\"device_id\": 1..64 characters, \"records\": 1..500 records, no (table, id) twice}", shape, e.seq);
    if (!body.is_object() || !body.contains("records") || !body["records"].is_array()) return;

    const bool answered = e.outcome == mockserver::Outcome::answered && e.status == 200;
    const auto answer = Json::parse(e.response_body, nullptr, false);
    for (std::size_t i = 0; i < body["records"].size(); ++i) {
      const std::string where = "records[" + std::to_string(i) + "]";
      auto env = judge_record(body["records"][i], where, e, op, account, subject);
      if (!env) continue;
      const std::string key = record_key(env->table, env->id);
      judge_resend(*env, key, op, track, subject + " " + where + " " + key, e.seq);
      track.last_push[key] = {*env, !answered, e.seq};
      note_time(track, key, env->updated_at);
    }
    if (answered && answer.is_object() && answer.contains("results") && answer["results"].is_array()) {
      for (const auto& r : answer["results"]) {
        if (!r.is_object() || !r.contains("table") || !r.contains("id")) continue;
        const std::string key = record_key(r.value("table", ""), r.value("id", ""));
        if (r.contains("version") && r["version"].is_number_integer()) {
          track.records[key].version = r["version"].get<std::int64_t>();
        }
        if (r.contains("server") && r["server"].is_object()) learn(track, r["server"]);
      }
    }
  }

  void judge_resend(const protocol::Envelope& env, const std::string& key, const DeviceOp& op,
                    DeviceTrack& track, const std::string& name, std::uint64_t seq) {
    const auto it = track.last_push.find(key);
    if (it == track.last_push.end()) return;
    const auto& before = it->second;
    const bool same_time = before.envelope.updated_at == env.updated_at;
    const bool must_match = same_time || (before.failed && !edited_between(op.device, key, before.seq, seq));
    if (!must_match) return;
    const bool same = before.envelope.same_content(env);
    add(kResent, same, op.device, name,
        "a record not edited since its failed push is re-sent unchanged (same updated_at, nonce, "
        "ciphertext); one updated_at is never sealed twice",
        "journal #" + std::to_string(before.seq) + " sent updated_at " + before.envelope.updated_at +
            " nonce " + before.envelope.nonce + "; now updated_at " + env.updated_at + " nonce " + env.nonce,
        seq);
  }

  static void note_time(DeviceTrack& track, const std::string& key, const std::string& time) {
    auto& known = track.records[key];
    if (time > known.latest_time) known.latest_time = time;
  }

  static void learn(DeviceTrack& track, const Json& envelope) {
    if (!envelope.is_object() || !envelope.contains("table") || !envelope.contains("id")) return;
    if (!envelope["table"].is_string() || !envelope["id"].is_string()) return;
    const std::string key = record_key(envelope["table"], envelope["id"]);
    if (envelope.contains("version") && envelope["version"].is_number_integer()) {
      track.records[key].version = envelope["version"].get<std::int64_t>();
    }
    if (envelope.contains("updated_at") && envelope["updated_at"].is_string()) {
      note_time(track, key, envelope["updated_at"]);
    }
  }

  static std::string window_key(const DeviceOp& op) {
    return op.device + "#" + std::to_string(op.after_seq);
  }

  void judge_pull(const mockserver::JournalEntry& e, const DeviceOp& op, const AccountKeys& account,
                  DeviceTrack& track, const std::string& subject) {
    pulled_in_window_.insert(window_key(op));
    const auto since = query_param(e.target, "since");
    const auto limit = query_param(e.target, "limit");
    std::string problem;
    if (limit) {
      const std::string text = percent_decode(*limit);
      const bool digits = !text.empty() && text.size() <= 4 &&
                          std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
      if (!digits || std::stoi(text) < 1 || std::stoi(text) > protocol::kMaxPullLimit) {
        problem = "limit=" + text + " is not 1..1000";
      }
    }
    const std::string cursor = since ? percent_decode(*since) : std::string();
    if (problem.empty() && !cursor.empty() && !track.cursors.count(cursor) && !track.bad_cursors.count(cursor)) {
      problem = "since=" + cursor + " is no cursor this device received from a pull";
    }
    add(kPullQuery, problem.empty(), op.device, subject,
        "since: a cursor from an earlier pull response (or none); limit 1..1000", problem, e.seq);
    if (!cursor.empty()) {
      add(kCursorApplied, !track.bad_cursors.count(cursor), op.device, subject,
          "a record that does not open stops the pull: the cursor does not move past it",
          "since=" + cursor + " is the cursor of a page holding a record that does not open", e.seq);
    }
    if (e.outcome != mockserver::Outcome::answered || e.status != 200) return;
    const auto answer = Json::parse(e.response_body, nullptr, false);
    if (!answer.is_object() || !answer.contains("cursor") || !answer["cursor"].is_string()) return;
    bool all_open = true;
    if (answer.contains("records") && answer["records"].is_array()) {
      for (const auto& r : answer["records"]) {
        learn(track, r);
        if (!r.is_object() || !r.contains("nonce") || !r.contains("ciphertext") ||
            !r["nonce"].is_string() || !r["ciphertext"].is_string() ||
            !account.box->open(r["nonce"].get<std::string>(), r["ciphertext"].get<std::string>())) {
          all_open = false;
        }
      }
    }
    const std::string next = answer["cursor"];
    (all_open ? track.cursors : track.bad_cursors).insert(next);
    if (answer.value("has_more", false) && all_open) {
      pending_more_.push_back({op.device, window_key(op), next, e.seq, &op});
    }
  }

  void judge_resolve(const mockserver::JournalEntry& e, const DeviceOp& op, const AccountKeys& account,
                     DeviceTrack& track, const std::string& subject) {
    const auto body = Json::parse(e.request_body, nullptr, false);
    std::string problem;
    std::string choice;
    if (!body.is_object()) {
      problem = "the body is not a JSON object";
    } else {
      choice = body.contains("resolution") && body["resolution"].is_string() ? body["resolution"].get<std::string>() : "";
      if (!body.contains("table") || !body["table"].is_string() || !protocol::valid_table(body["table"].get<std::string>())) {
        problem = "table: missing or out of its rule";
      } else if (!body.contains("id") || !body["id"].is_string() || !protocol::valid_record_id(body["id"].get<std::string>())) {
        problem = "id: missing or out of its rule";
      } else if (choice != "local" && choice != "server" && choice != "merged") {
        problem = "resolution: must be local, server or merged";
      } else if (!body.contains("expected_version") || !body["expected_version"].is_number_integer()) {
        problem = "expected_version: must be an integer";
      } else if (choice == "server" && body.contains("record")) {
        problem = "record: absent for resolution server";
      } else if (choice != "server" && (!body.contains("record") || !body["record"].is_object())) {
        problem = "record: required for local and merged";
      } else if (choice != "server" && (body["record"].value("table", "") != body["table"] ||
                                        body["record"].value("id", "") != body["id"])) {
        problem = "record: table and id must be the resolved record's";
      }
    }
    add(kResolveBody, problem.empty(), op.device, subject,
        "{table, id, resolution: local|server|merged, expected_version, record (local and merged only)}",
        problem, e.seq);
    if (!problem.empty()) return;
    const std::string key = record_key(body["table"], body["id"]);
    const auto& known = track.records[key];
    if (known.version) {
      const auto sent = body["expected_version"].get<std::int64_t>();
      add(kExpectedVersion, sent == *known.version, op.device, subject + " " + key,
          "expected_version " + std::to_string(*known.version) + ": the version of the server copy the device was last told of",
          "expected_version " + std::to_string(sent), e.seq);
    }
    if (choice != "server") {
      const std::string before = known.latest_time;
      auto env = judge_record(body["record"], "record", e, op, account, subject);
      if (env && !before.empty()) {
        add(kLaterTime, env->updated_at > before, op.device, subject + " " + key,
            "a local or merged record carries an updated_at later than both copies (after " + before + ")",
            "updated_at " + env->updated_at, e.seq);
      }
      if (env) note_time(track, key, env->updated_at);
    }
    if (e.outcome != mockserver::Outcome::answered) return;
    const auto answer = Json::parse(e.response_body, nullptr, false);
    if (!answer.is_object()) return;
    if (answer.contains("record")) learn(track, answer["record"]);
    if (answer.contains("server")) learn(track, answer["server"]);
  }

  // has_more: a device whose operation succeeded asked for the next page with the cursor given.
  void judge_windows() {
    for (const auto& more : pending_more_) {
      if (!more.op->ok) continue;  // the sync failed: stopping is right
      bool followed = false;
      for (const auto& e : in_.entries) {
        if (e.seq <= more.seq || e.seq > more.op->until_seq) continue;
        if (e.method != "GET" || path_of(e.target) != kPull) continue;
        const auto since = query_param(e.target, "since");
        if (since && percent_decode(*since) == more.cursor) followed = true;
      }
      add(kHasMore, followed, more.device, "pull answer journal #" + std::to_string(more.seq),
          "a device follows cursor while has_more is true",
          "has_more was true, but the device's successful operation never pulled from cursor " + more.cursor,
          more.seq);
    }
  }

  struct MoreToPull {
    std::string device;
    std::string window;
    std::string cursor;
    std::uint64_t seq;
    const DeviceOp* op;
  };

  const JournalInput& in_;
  std::vector<Finding> out_;
  std::map<std::string, DeviceTrack> tracks_;
  std::map<int, std::map<std::string, protocol::Envelope>> nonces_;  // by account, by nonce
  std::set<int> keys_uploaded_;
  std::set<std::string> first_push_;
  std::set<std::string> pulled_in_window_;
  std::vector<MoreToPull> pending_more_;
};

}  // namespace

const std::vector<std::string>& journal_check_ids() {
  static const std::vector<std::string> ids = {
      std::string(kFormat),     std::string(kPushShape),      std::string(kSealed),
      std::string(kPlaintext),  std::string(kTombstone),      std::string(kNonce),
      std::string(kCanary),     std::string(kKeyUploaded),    std::string(kResent),
      std::string(kPushFirst),  std::string(kHasMore),        std::string(kCursorApplied),
      std::string(kPullQuery),  std::string(kResolveBody),    std::string(kExpectedVersion),
      std::string(kLaterTime)};
  return ids;
}

std::vector<Finding> judge_journal(const JournalInput& input) { return Judge(input).run(); }

}  // namespace syncsuite::client_checks

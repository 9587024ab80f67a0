#pragma once
// A virtual device: the reference client of contract section 8. It keeps its records in a local
// store (LocalStore: its own SQLite file, or compact rows in memory for load runs with thousands
// of devices), seals with the user's keypair as a precomputed RecordBox (its own, or one shared
// by every device of the account), and reaches the server only through an async Transport, so
// that one thread can drive thousands of devices. Local operations (put, remove, records,
// conflicts, state) are synchronous; network operations (upload_key, push, pull, sync, resolve)
// complete through a callback, which may run before the call returns (an inline transport) or
// later (an io_context).
//
// Not thread-safe: a device, its transport and its callbacks belong to one thread (a shared box
// may be used by devices on other threads).
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "reference/client/local_store.hpp"
#include "reference/client/mutations.hpp"
#include "reference/client/sync_messages.hpp"
#include "reference/client/sync_state.hpp"
#include "reference/client/transport.hpp"
#include "reference/core/result.hpp"
#include "reference/core/timestamp.hpp"
#include "reference/crypto/keys.hpp"
#include "reference/crypto/record_box.hpp"
#include "reference/protocol/limits.hpp"

namespace syncsuite::client {

using Clock = std::function<timestamp::Millis()>;

// Sees the device's writes go to the server and what became of them: a load run keeps its ledger
// of acknowledged writes with it, without parsing the wire twice. Called on the device's thread,
// during the operation (a push batch, a resolve), before the device applies the answer.
class WriteObserver {
 public:
  virtual ~WriteObserver() = default;
  // A record is about to be sent: an edit or tombstone in a push, or the record of a local or
  // merged resolve. A record re-sent after a failed request is reported again, unchanged.
  virtual void sent(const protocol::Envelope& record) = 0;
  // The server answered for it: stored (push `accepted`, resolve 200) or not (push `conflict`,
  // resolve 409). A request without a valid answer reports nothing: its outcome is unknown.
  virtual void answered(const protocol::Envelope& record, bool stored) = 0;
};

struct DeviceOptions {
  StoreKind store = StoreKind::sqlite;  // memory: db_path and durable are ignored, no disk
  std::filesystem::path db_path;        // the device's own SQLite file (created when missing)
  std::string device_id;                // 1..64 characters, sent with each push
  std::string token;                    // sent as "Authorization: Token <token>"
  // The user's keypair. The device keeps the public key and the precomputed box only; the secret
  // key is wiped when these options are destroyed.
  crypto::KeyPair keys;
  // The account's precomputed box, shared by its devices (one crypto_box_beforenm and one block
  // of locked memory per account, not per device); it must be the box of `keys`, whose public
  // key the device still uploads and whose secret key is then not needed. Empty: the device
  // computes its own from `keys`.
  std::shared_ptr<const crypto::RecordBox> box;
  Clock clock;  // the device clock (edit times, auto-sync); empty: the system clock
  int pull_limit = protocol::kDefaultPullLimit;         // `limit` of each pull page, 1..1000
  std::size_t push_batch = protocol::kMaxBatchRecords;  // records per push request, 1..500
  bool durable = true;        // false: the local file is not fsynced (load runs); see StoreOptions
  ClientMutations mutations;  // deliberate slips (client mutants); all off: the correct client
  WriteObserver* observer = nullptr;  // not owned; must outlive the device; null: none
};

// A local record as the app's lists show it.
struct LocalRecord {
  std::string table;
  std::string id;
  nlohmann::json data;  // the decrypted JSON object; {} for a tombstone
  std::string updated_at;
  bool deleted = false;
  RecordStatus sync_status = RecordStatus::pending;
  std::optional<std::int64_t> version;  // latest server version known; nullopt before any sync
};

// One side of a conflict, decrypted.
struct RecordCopy {
  nlohmann::json data;
  std::string updated_at;
  bool deleted = false;
  std::optional<std::int64_t> version;  // the server side's version (sent as expected_version)
};

// A record in conflict as the conflicts screen shows it.
struct Conflict {
  std::string table;
  std::string id;
  RecordCopy local;
  RecordCopy server;
};

using ReportCallback = std::function<void(const SyncReport&)>;
using StatusCallback = std::function<void(Status)>;

// Error codes of the operations below:
//   "bad_argument"    invalid table, id, data, timestamp or option
//   "busy"            a push, pull, sync or resolve is already running ("sync already running")
//   "connect", "timeout", "io"  the transport's, passed through
//   "http_status"     an unexpected HTTP status (the message has it and the server's detail)
//   "bad_response"    an answer that breaks the contract (the message names the field)
//   "decrypt_failed"  a server record that does not open with the device key (names table/id)
//   "bad_record"      a server record that opens but is not a JSON object (names table/id)
//   "conflict"        resolve answered 409: the kept server copy was refreshed, resolve again
//   "not_in_conflict" resolve of a record that is not in conflict
//   "store"           the local store failed
//   "cancelled"       the device was destroyed before the answer arrived
// Messages name tables and ids, never record data or keys.
class Device {
 public:
  // `transport` must outlive the device.
  static Result<std::unique_ptr<Device>> open(Transport& transport, DeviceOptions options);
  ~Device();
  Device(const Device&) = delete;
  Device& operator=(const Device&) = delete;

  const std::string& device_id() const;
  const crypto::PublicKey& public_key() const;

  // Creates or edits a record: sealed now under a fresh nonce, marked pending. Without
  // `updated_at` the edit time is the device clock, but always at least 1 ms after the local
  // copy's, so that an edit is never "equal" to the copy it replaces.
  Status put(std::string_view table, std::string_view id, const nlohmann::json& data,
             std::optional<std::string> updated_at = std::nullopt);
  // Deletes locally: a tombstone (deleted, body {} sealed), pending like any edit. A record this
  // device never saw gets a tombstone too (the server may hold it).
  Status remove(std::string_view table, std::string_view id,
                std::optional<std::string> updated_at = std::nullopt);

  Result<std::vector<LocalRecord>> records() const;  // tombstones included
  Result<std::vector<Conflict>> conflicts() const;
  SyncState state() const;
  // Section 8: foreground, not syncing now, and never synced or the last sync over 5 min ago.
  bool should_auto_sync(bool foreground) const;
  // The pull cursor saved after the last applied page ("" before the first pull).
  Result<std::string> cursor() const;
  // The `limit` of the next pull pages, 1..1000 (else "bad_argument"); as DeviceOptions::pull_limit.
  Status set_pull_limit(int limit);

  // PUT /key/ with the device's public key. Touches no local state, so it may overlap a sync.
  void upload_key(StatusCallback done);
  // Every pending record becomes syncing and is pushed in batches of at most `push_batch`.
  // Accepted: synced with the returned version (unless edited meanwhile: then still pending).
  // Conflict: conflict, with the server's copy kept. A failed request (transport error, a status
  // other than 200, a malformed answer): every record still syncing goes back to pending, to be
  // re-sent byte for byte, and the report carries the error.
  void push(ReportCallback done);
  // Follows the cursor while has_more. Each page is checked, opened and applied in one local
  // transaction together with its cursor; a page with a record that does not open is not applied
  // and the cursor stays before it.
  void pull(ReportCallback done);
  // Push, then pull. Conflicts do not stop it. A failed push ends the sync with that error and
  // no pull: pulling over records whose push failed would compare unpushed edits with server
  // copies and mark conflicts that the retried push would not have. last_sync_at moves only
  // when both steps succeed.
  void sync(ReportCallback done);
  // Sends the user's choice for a record in conflict, with the kept server copy's version as
  // expected_version. local and merged send a freshly sealed record whose updated_at is
  // max(clock, later of both copies + 1 ms); merged needs `merged_data` (an object). On 200
  // the record is stored as the server returned it, synced; on 409 the kept server copy is
  // refreshed from the answer, the record stays in conflict and the callback gets "conflict".
  void resolve(std::string table, std::string id, Resolution choice,
               std::optional<nlohmann::json> merged_data, StatusCallback done);

 private:
  struct Impl;
  explicit Device(std::shared_ptr<Impl> impl);
  std::shared_ptr<Impl> impl_;  // shared with in-flight completions, which hold it weakly
};

}  // namespace syncsuite::client

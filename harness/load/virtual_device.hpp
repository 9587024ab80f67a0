#pragma once
// One virtual device of a load run: a real reference client (client::Device) with a compact
// in-memory store, its account's shared precomputed key and its own keep-alive connection. It runs
// one action of the mix at a time and reports how it went; as the device's WriteObserver it keeps
// the account's ledger of what was sent and acknowledged. Lives on its worker's thread.
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "harness/load/error_kind.hpp"
#include "harness/load/measuring_transport.hpp"
#include "harness/load/profile.hpp"
#include "harness/load/write_ledger.hpp"
#include "reference/client/device.hpp"

namespace syncsuite::load {

class VirtualDevice;

// An account as its worker holds it: the token, one precomputed key for all its devices, the
// ledger of its writes and its devices (all on this worker, so conflict partners are local).
struct AccountState {
  std::size_t index = 0;  // in the run (all shards)
  std::string token;      // secret: never printed
  crypto::PublicKey public_key;
  std::shared_ptr<const crypto::RecordBox> box;
  WriteLedger ledger;
  std::vector<VirtualDevice*> devices;
};

// What the worker needs to know of a finished action.
struct ActionOutcome {
  bool ok = false;
  std::optional<ErrorKind> error;  // set when !ok
  std::string message;             // the error's message (kept only for the first few)
  int status = 0;                  // the last answer's HTTP status; 0: none
  std::uint64_t records = 0;       // records pushed (accepted) or pulled
  std::uint64_t bytes = 0;
};

// What all devices of a run share (owned by the engine).
struct RunShared {
  const LoadProfile* profile = nullptr;
  std::string table;  // the run's own table, so records of earlier runs never mix in
};

class VirtualDevice : public client::WriteObserver {
 public:
  // `transport` must outlive the device.
  VirtualDevice(const RunShared& shared, AccountState& account, std::uint32_t index,
                client::Transport& transport);
  ~VirtualDevice() override;

  Status open();
  std::uint32_t index() const { return index_; }
  AccountState& account() { return account_; }
  const std::string& id() const { return id_; }
  client::Device& device() { return *device_; }

  using Done = std::function<void(ActionOutcome)>;
  // Runs one action; `done` exactly once, on the worker's thread.
  void run(const MixEntry& entry, std::uint64_t random, Done done);
  // A full sync (push everything pending, pull to the end), for the end of the run.
  void final_sync(std::function<void(std::optional<Error>)> done);
  void final_pull(std::function<void(std::optional<Error>)> done);

  // Scheduling state, kept by the worker.
  bool busy = false;          // running an action, or lent to another device's conflict cycle
  bool in_free_list = false;  // open model
  bool resume_after_loan = false;
  bool looping = false;       // closed model: still in its loop
  std::size_t slot = 0;       // the worker's index of the device (its transport and timer)
  // Called when a device lent to another's conflict cycle is free again (set by the worker).
  std::function<void(VirtualDevice&)> on_returned;

  // client::WriteObserver
  void sent(const protocol::Envelope& record) override;
  void answered(const protocol::Envelope& record, bool stored) override;

 private:
  void push_records(const MixEntry& entry, std::uint64_t random, bool deleting, Done done);
  void pull(const MixEntry& entry, Done done);
  void status(Done done);
  void raw(const MixEntry& entry, Done done);
  void conflict(const MixEntry& entry, std::uint64_t random, Done done);
  void stale_edit_and_resolve(const MixEntry& entry, std::uint32_t record,
                              timestamp::Millis first_write, Done done);
  void resolve(const MixEntry& entry, std::uint32_t record, int attempts, Done done);

  Status put(std::uint32_t record, std::uint32_t bytes,
             std::optional<std::string> updated_at = std::nullopt);
  ActionOutcome finish(const std::optional<Error>& error, std::uint64_t records);
  protocol::HttpRequest authorized(std::string method, std::string target) const;

  // Wraps a completion so that it does nothing once this device is gone (a run cut short: the
  // client device then cancels what it still had in flight, later, on the loop).
  template <typename F>
  auto while_alive(F f) {
    return [life = std::weak_ptr<const int>(life_), f = std::move(f)](auto&&... args) mutable {
      if (life.expired()) return;
      f(std::forward<decltype(args)>(args)...);
    };
  }

  std::shared_ptr<const int> life_ = std::make_shared<const int>(0);
  const RunShared& shared_;
  AccountState& account_;
  std::uint32_t index_;
  std::string id_;
  MeasuringTransport transport_;
  std::unique_ptr<client::Device> device_;
  std::uint32_t writes_ = 0;
  // Local edits not yet acknowledged (pending, syncing or in conflict): what each sealed.
  std::unordered_map<std::uint32_t, SealedWrite> unacknowledged_;
  // Conflict cycles: the record watched, the edit time this device last sent for it, and
  // whether the server last refused it.
  std::optional<std::uint32_t> watched_;
  std::optional<timestamp::Millis> watched_sent_at_;
  bool watched_refused_ = false;
  std::uint64_t bytes_carried_ = 0;  // a conflict cycle's bytes sent by its partner
};

}  // namespace syncsuite::load

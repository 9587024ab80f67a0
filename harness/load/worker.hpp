#pragma once
// One worker thread of a load run (as h2load's Worker): its own event loop, the devices of its
// accounts (all devices of an account on one worker, so the ledger and conflict partners need no
// locks), its own figures. The engine makes the workers, starts them at one instant and merges
// their results; nothing is shared between workers while they run except the progress snapshot.
#include <chrono>
#include <cstdint>
#include <deque>
#include <memory>
#include <mutex>
#include <optional>
#include <random>
#include <string>
#include <vector>

#include "harness/load/arrival_schedule.hpp"
#include "harness/load/virtual_device.hpp"
#include "harness/load/worker_stats.hpp"
#include "harness/net/raw_connection.hpp"
#include "harness/net/target_url.hpp"
#include "harness/net/transport_options.hpp"
#include "harness/runner/event_loop.hpp"
#include "reports/load_result.hpp"

namespace boost::asio {
class io_context;
}

namespace syncsuite::load {

using SteadyClock = std::chrono::steady_clock;

// An account and the devices it has on this worker.
struct AccountPlan {
  std::size_t index = 0;               // in the whole run
  std::string token;                   // secret
  crypto::PublicKey public_key;
  std::shared_ptr<const crypto::RecordBox> box;
  std::uint32_t first_device = 0;      // global index of its first device
  std::uint32_t device_count = 0;
};

struct WorkerPlan {
  const RunShared* shared = nullptr;
  net::TargetUrl url;
  net::TransportOptions transport;
  std::vector<AccountPlan> accounts;
  std::uint64_t seed = 0;
  double arrival_share = 0;  // open model: the part of the run's arrivals this worker serves
  std::chrono::milliseconds final_limit{600'000};  // the whole final check
};

// What the progress line shows; copied out under a lock once a second.
struct WorkerProgress {
  std::uint64_t requests = 0;  // finished, warm-up included
  std::uint64_t errors = 0;
  std::uint64_t dropped = 0;
  std::uint64_t active = 0;       // devices in their loop (closed) or in an action (open)
  std::uint64_t finished_devices = 0;  // final phase: devices done with it
  reports::Histogram last_second;      // latency of the last whole second
  std::uint32_t last_second_index = 0;
  bool has_last_second = false;
};

// Raw mode: when every entry of the mix is `raw` and the target is plain http, a worker runs no
// devices at all. Each device is a RawConnection sending its account's requests, serialized once,
// with nothing between answer and next request but the figures (worker_raw.cpp); the final
// check has nothing to check. Otherwise raw entries go through the device's transport.
bool runs_raw(const LoadProfile& profile, const net::TargetUrl& url);

class Worker final : private net::RawConnection::Listener {
 public:
  explicit Worker(WorkerPlan plan);
  ~Worker();
  Worker(const Worker&) = delete;
  Worker& operator=(const Worker&) = delete;

  // On the worker's thread: opens the devices and uploads each account's public key. An error
  // (the target unreachable, refusing the token) stops the run before it starts.
  Status setup();
  // On the worker's thread: warm-up from `start`, the measured part, the drain, then the final
  // sync, pull and agreement check. Fills the result.
  void run(SteadyClock::time_point start);

  WorkerProgress progress() const;
  std::size_t device_count() const { return devices_.size() + raw_slots_.size(); }
  // This worker's part of the run (actions, intervals, correctness, devices, accounts).
  reports::LoadResult result() const;
  // The first message of each error kind seen (for the summary's hints).
  const std::vector<std::pair<ErrorKind, std::string>>& first_errors() const { return first_errors_; }

 private:
  struct Slot;
  void start_closed();
  void act(VirtualDevice& device);
  void think(VirtualDevice& device);
  void start_arrivals();
  void arm_arrivals();
  void on_arrivals();
  void arrival(SteadyClock::time_point intended);
  VirtualDevice* take_free();
  void returned(VirtualDevice& device);
  void start_action(VirtualDevice& device, std::size_t entry, SteadyClock::time_point intended,
                    std::function<void()> after);
  void tick();
  void stop_at_end();
  void final_phase();
  std::size_t pick();
  std::uint32_t second_of(SteadyClock::time_point at) const;
  void publish(bool whole_second);

  // ---- raw mode (worker_raw.cpp) ----
  struct RawSlot;
  Status setup_raw();
  void start_raw_closed();
  void raw_act(RawSlot& slot, SteadyClock::time_point now);
  void raw_think(RawSlot& slot, SteadyClock::time_point now);
  void raw_start(RawSlot& slot, std::size_t entry, SteadyClock::time_point intended,
                 SteadyClock::time_point now);
  void raw_arrival(std::size_t entry, SteadyClock::time_point intended);
  void arm_raw_sweep();
  void run_raw(std::chrono::milliseconds limit);
  void raw_opened(net::RawConnection& connection, const std::optional<Error>& error) override;
  void raw_answered(net::RawConnection& connection, const net::RawConnection::Answer& answer) override;

  WorkerPlan plan_;
  const LoadProfile& profile_;
  runner::EventLoop loop_;
  std::vector<std::unique_ptr<AccountState>> accounts_;
  std::vector<std::unique_ptr<Slot>> slots_;  // transport + timer of each device
  std::vector<std::unique_ptr<VirtualDevice>> devices_;
  std::vector<std::unique_ptr<client::Device>> auditors_;
  WorkerStats stats_;
  std::mt19937_64 rng_;
  std::vector<std::uint64_t> cumulative_weights_;
  ArrivalSchedule schedule_;
  std::uint64_t next_arrival_ = 1;
  std::deque<VirtualDevice*> free_;  // open model: devices free to serve an arrival, oldest first
  SteadyClock::time_point start_, measure_start_, end_;
  bool stopping_ = false;
  bool closing_ = false;  // the destructor runs: late handlers must not touch devices
  std::uint64_t looping_ = 0;
  std::uint64_t in_flight_ = 0;
  std::uint32_t ticks_ = 0;
  std::uint64_t warmup_requests_ = 0;
  std::uint64_t warmup_errors_ = 0;
  reports::CorrectnessResult correctness_;
  std::vector<std::pair<ErrorKind, std::string>> first_errors_;
  struct Timers;
  std::unique_ptr<Timers> timers_;

  bool raw_mode_ = false;
  std::vector<std::unique_ptr<RawSlot>> raw_slots_;
  std::deque<RawSlot*> raw_free_;  // open model: connections free to serve an arrival
  // By account on this worker, then by mix entry: the whole request, serialized once.
  std::vector<std::vector<std::string>> raw_requests_;
  std::vector<std::uint64_t> raw_body_bytes_;  // by mix entry: the request body's size
  std::size_t raw_opening_ = 0;                // setup: connections still connecting
  std::optional<Error> raw_open_failure_;

  mutable std::mutex progress_mutex_;
  WorkerProgress progress_;
};

}  // namespace syncsuite::load

#include "harness/load/worker.hpp"

#include <algorithm>
#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <numeric>

#include "harness/load/account_check.hpp"
#include "harness/load/payload.hpp"
#include "harness/load/worker_parts.hpp"
#include "harness/net/beast_transport.hpp"

namespace syncsuite::load {

namespace asio = boost::asio;
using namespace std::chrono_literals;

namespace {
// The auditors read in small pages, so that the final check also follows the cursor across many
// page boundaries (where a server that drops the record at a boundary shows).
constexpr int kAuditPage = 50;
}  // namespace

Worker::Worker(WorkerPlan plan)
    : plan_(std::move(plan)),
      profile_(*plan_.shared->profile),
      stats_(action_names(profile_)),
      rng_(plan_.seed),
      schedule_(ArrivalSchedule::from_profile(profile_, plan_.arrival_share)),
      timers_(std::make_unique<Timers>(loop_.io())),
      raw_mode_(runs_raw(profile_, plan_.url)) {
  std::uint64_t sum = 0;
  for (const auto& entry : profile_.mix) {
    sum += static_cast<std::uint64_t>(entry.weight);
    cumulative_weights_.push_back(sum);
  }
}

// Devices and auditors first (their pending completions are cancelled), then the transports,
// then the loop runs the cancelled handlers once more.
Worker::~Worker() {
  closing_ = true;  // handlers that still run below touch nothing
  for (auto& slot : raw_slots_) slot->connection.close();
  auditors_.clear();
  devices_.clear();
  slots_.clear();
  timers_.reset();
  loop_.drain(1s);
}

Status Worker::setup() {
  if (raw_mode_) return setup_raw();
  std::size_t slot_count = 0;
  for (const auto& plan : plan_.accounts) slot_count += plan.device_count;
  slots_.reserve(slot_count);
  devices_.reserve(slot_count);
  for (const auto& plan : plan_.accounts) {
    auto account = std::make_unique<AccountState>();
    account->index = plan.index;
    account->token = plan.token;
    account->public_key = plan.public_key;
    account->box = plan.box;
    for (std::uint32_t i = 0; i < plan.device_count; ++i) {
      slots_.push_back(std::make_unique<Slot>(loop_.io(), plan_.url, plan_.transport));
      auto device = std::make_unique<VirtualDevice>(*plan_.shared, *account, plan.first_device + i,
                                                    slots_.back()->transport);
      if (auto st = device->open(); !st) return st;
      device->on_returned = [this](VirtualDevice& d) { returned(d); };
      device->slot = devices_.size();
      account->devices.push_back(device.get());
      devices_.push_back(std::move(device));
    }
    accounts_.push_back(std::move(account));
  }
  // One key upload per account, all at once: also the check that the target answers. The state
  // is shared with the completions, which may come after a timeout returned from here.
  struct Uploads {
    std::size_t waiting = 0;
    std::optional<Error> failure;
  };
  auto uploads = std::make_shared<Uploads>();
  for (const auto& account : accounts_) {
    if (account->devices.empty()) continue;
    ++uploads->waiting;
    account->devices.front()->device().upload_key(
        [uploads, index = account->index](Status st) {
          --uploads->waiting;
          if (!st && !uploads->failure) {
            uploads->failure = Error{st.error().code, "account " + std::to_string(index) + ": " +
                                                          st.error().message};
          }
        });
  }
  const auto limit = plan_.transport.timeout + 5s;
  if (!loop_.run_until([&] { return uploads->waiting == 0; },
                       std::chrono::duration_cast<std::chrono::milliseconds>(limit))) {
    return make_error("timeout", "uploading the accounts' public keys took over " +
                                     std::to_string(limit.count() / 1000) + " s");
  }
  if (uploads->failure) return *uploads->failure;
  return ok_status();
}

std::size_t Worker::pick() {
  const std::uint64_t r = rng_() % cumulative_weights_.back();
  return static_cast<std::size_t>(
      std::upper_bound(cumulative_weights_.begin(), cumulative_weights_.end(), r) -
      cumulative_weights_.begin());
}

std::uint32_t Worker::second_of(SteadyClock::time_point at) const {
  if (at <= measure_start_) return 0;
  return static_cast<std::uint32_t>(
      std::chrono::duration_cast<std::chrono::seconds>(at - measure_start_).count());
}

void Worker::start_action(VirtualDevice& device, std::size_t entry,
                          SteadyClock::time_point intended, std::function<void()> after) {
  device.busy = true;
  ++in_flight_;
  device.run(profile_.mix[entry], rng_(),
             [this, &device, entry, intended, after = std::move(after)](ActionOutcome outcome) {
               const auto finished = SteadyClock::now();
               device.busy = false;
               --in_flight_;
               // Warm-up actions are not recorded; an action is measured when its intended start
               // falls in the measured part, wherever it ends.
               if (intended >= measure_start_) {
                 WorkerStats::Finished f;
                 f.latency_us = static_cast<std::uint64_t>(
                     std::chrono::duration_cast<std::chrono::microseconds>(finished - intended)
                         .count());
                 f.status = outcome.status;
                 f.ok = outcome.ok;
                 f.records = outcome.records;
                 f.bytes = outcome.bytes;
                 if (outcome.error) {
                   f.error = *outcome.error;
                   const bool seen = std::any_of(
                       first_errors_.begin(), first_errors_.end(),
                       [&](const auto& e) { return e.first == *outcome.error; });
                   if (!seen) first_errors_.emplace_back(*outcome.error, outcome.message);
                 }
                 stats_.record(entry, f, second_of(finished));
               } else {
                 ++warmup_requests_;  // shown in the progress line only
                 if (!outcome.ok) ++warmup_errors_;
               }
               after();
             });
}

// ---- closed model: each device in a loop ----

void Worker::start_closed() {
  const auto& think = profile_.think_time;
  // Spread the first actions over one think time, so the devices do not all start at once.
  const auto spread = std::max(think.max, std::chrono::milliseconds(0));
  for (auto& device : devices_) {
    device->looping = true;
    ++looping_;
    auto& timer = slots_[device->slot]->timer;
    const auto delay = spread.count() > 0
                           ? std::chrono::milliseconds(rng_() % static_cast<std::uint64_t>(spread.count() + 1))
                           : 0ms;
    timer.expires_at(start_ + delay);
    VirtualDevice* d = device.get();
    timer.async_wait([this, d](boost::system::error_code) {
      if (!closing_) act(*d);
    });
  }
}

void Worker::act(VirtualDevice& device) {
  if (!device.looping) return;
  if (stopping_ || SteadyClock::now() >= end_) {
    device.looping = false;
    --looping_;
    return;
  }
  if (device.busy) {  // lent to another device's conflict cycle: go on when it comes back
    device.resume_after_loan = true;
    return;
  }
  start_action(device, pick(), SteadyClock::now(), [this, &device] { think(device); });
}

void Worker::think(VirtualDevice& device) {
  const auto& t = profile_.think_time;
  auto pause = t.min;
  if (t.max > t.min) {
    pause += std::chrono::milliseconds(rng_() % static_cast<std::uint64_t>((t.max - t.min).count() + 1));
  }
  if (stopping_) return act(device);
  auto& timer = slots_[device.slot]->timer;
  if (pause.count() == 0) {
    asio::post(loop_.io(), [this, &device] {
      if (!closing_) act(device);
    });
    return;
  }
  timer.expires_after(pause);
  timer.async_wait([this, &device](boost::system::error_code) {
    if (!closing_) act(device);
  });
}

void Worker::returned(VirtualDevice& device) {
  if (profile_.model == Model::closed) {
    if (device.resume_after_loan) {
      device.resume_after_loan = false;
      asio::post(loop_.io(), [this, &device] {
        if (!closing_) act(device);
      });
    }
    return;
  }
  if (!device.in_free_list) {
    device.in_free_list = true;
    free_.push_back(&device);
  }
}

// ---- open model: arrivals at the planned rate ----

void Worker::start_arrivals() {
  for (auto& slot : raw_slots_) raw_free_.push_back(slot.get());
  for (auto& device : devices_) {
    device->in_free_list = true;
    free_.push_back(device.get());
  }
  arm_arrivals();
}

void Worker::arm_arrivals() {
  auto due = schedule_.time_of(next_arrival_);
  if (!due || stopping_) return;
  timers_->arrivals.expires_at(start_ + std::chrono::duration_cast<SteadyClock::duration>(*due));
  timers_->arrivals.async_wait([this](boost::system::error_code ec) {
    if (!ec) on_arrivals();
  });
}

void Worker::on_arrivals() {
  const auto now = SteadyClock::now();
  // A late wake-up (a busy loop) serves every arrival already due, each timed from its own
  // planned instant: the lateness is part of their latency.
  while (!stopping_) {
    auto due = schedule_.time_of(next_arrival_);
    if (!due) return;
    const auto intended = start_ + std::chrono::duration_cast<SteadyClock::duration>(*due);
    if (intended > now) break;
    ++next_arrival_;
    arrival(intended);
  }
  arm_arrivals();
}

VirtualDevice* Worker::take_free() {
  while (!free_.empty()) {
    VirtualDevice* device = free_.front();
    free_.pop_front();
    device->in_free_list = false;
    if (!device->busy) return device;  // a lent device comes back through returned()
  }
  return nullptr;
}

void Worker::arrival(SteadyClock::time_point intended) {
  const std::size_t entry = pick();
  if (raw_mode_) return raw_arrival(entry, intended);
  VirtualDevice* device = take_free();
  if (!device) {
    if (intended >= measure_start_) stats_.drop(entry, second_of(intended));
    return;
  }
  start_action(*device, entry, intended, [this, device] { returned(*device); });
}

// ---- the clock of the run ----

void Worker::tick() {
  ++ticks_;
  const auto at = start_ + std::chrono::seconds(ticks_);
  publish(at > measure_start_);
  if (stopping_) return;
  timers_->ticks.expires_at(start_ + std::chrono::seconds(ticks_ + 1));
  timers_->ticks.async_wait([this](boost::system::error_code ec) {
    if (!ec) tick();
  });
}

void Worker::publish(bool whole_second) {
  const std::uint64_t active = profile_.model == Model::closed ? looping_ : in_flight_;
  std::optional<std::uint32_t> second;
  if (whole_second) {
    const auto elapsed = SteadyClock::now() - measure_start_;
    const auto s = std::chrono::duration_cast<std::chrono::seconds>(elapsed).count();
    if (s >= 1) second = static_cast<std::uint32_t>(s - 1);
  }
  if (second && measure_start_ + std::chrono::seconds(*second + 1) <= end_) {
    stats_.set_active(*second, active);
  }
  std::lock_guard lock(progress_mutex_);
  progress_.requests = stats_.requests() + warmup_requests_;
  progress_.errors = stats_.errors() + warmup_errors_;
  progress_.active = active;
  if (second) {
    const auto* h = stats_.latency_of(*second);
    progress_.last_second = h ? *h : reports::Histogram{};
    progress_.last_second_index = *second;
    progress_.has_last_second = true;
  }
}

void Worker::stop_at_end() {
  stopping_ = true;
  timers_->arrivals.cancel();
  for (auto& slot : slots_) slot->timer.cancel();  // thinking devices stop now
  for (auto& slot : raw_slots_) slot->timer.cancel();
  if (raw_mode_ && in_flight_ == 0) loop_.io().stop();
}

void Worker::run(SteadyClock::time_point start) {
  start_ = start;
  measure_start_ = start + profile_.warmup;
  end_ = measure_start_ + measured_time(profile_);
  timers_->end.expires_at(end_);
  timers_->end.async_wait([this](boost::system::error_code ec) {
    if (!ec) stop_at_end();
  });
  timers_->ticks.expires_at(start_ + 1s);
  timers_->ticks.async_wait([this](boost::system::error_code ec) {
    if (!ec) tick();
  });
  const auto whole = std::chrono::duration_cast<std::chrono::milliseconds>(
      planned_time(profile_) + profile_.timeout * 4 + 30s);
  if (raw_mode_) {
    run_raw(whole);
    timers_->ticks.cancel();
    publish(true);
    return;  // no device state: nothing for the final check
  }
  if (profile_.model == Model::closed) {
    start_closed();
  } else {
    start_arrivals();
  }
  loop_.run_until([this] { return stopping_ && in_flight_ == 0; }, whole);
  timers_->ticks.cancel();
  publish(true);
  final_phase();
}

// ---- the end: every device syncs, then pulls, then a fresh device per account reads it all ----

void Worker::final_phase() {
  const auto deadline = SteadyClock::now() + plan_.final_limit;
  auto remaining = [&] {
    return std::max(0ms, std::chrono::duration_cast<std::chrono::milliseconds>(deadline - SteadyClock::now()));
  };
  // Shared with the completions, which may come after a timeout ended a step.
  struct Final {
    std::size_t waiting = 0;
    std::vector<std::optional<Error>> failures;        // by device slot
    std::vector<std::optional<Error>> audit_failures;  // by account
  };
  auto state = std::make_shared<Final>();
  state->failures.resize(devices_.size());
  state->audit_failures.resize(accounts_.size());
  auto out_of_time = [](std::vector<std::optional<Error>>& all) {
    for (auto& f : all) {
      if (!f) f = make_error("timeout", "the final check ran out of time");
    }
  };
  auto each_device = [&](auto step) {
    state->waiting = 0;
    for (std::size_t i = 0; i < devices_.size(); ++i) {
      if (state->failures[i]) continue;
      if (devices_[i]->busy) {
        state->failures[i] = make_error("busy", "still busy when the run ended");
        continue;
      }
      ++state->waiting;
      step(*devices_[i], [this, state, i](std::optional<Error> error) {
        --state->waiting;
        if (error && !state->failures[i]) state->failures[i] = std::move(error);
        std::lock_guard lock(progress_mutex_);
        ++progress_.finished_devices;
      });
    }
    if (!loop_.run_until([&] { return state->waiting == 0; }, remaining())) {
      out_of_time(state->failures);
    }
  };
  each_device([](VirtualDevice& d, auto done) { d.final_sync(std::move(done)); });
  each_device([](VirtualDevice& d, auto done) { d.final_pull(std::move(done)); });

  // The auditors: a new device per account reading everything from the start, so that every
  // record is opened from the server's bytes (a writer's own copy is its plaintext).
  state->waiting = 0;
  for (std::size_t a = 0; a < accounts_.size(); ++a) {
    auto& account = *accounts_[a];
    client::DeviceOptions options;
    options.store = client::StoreKind::memory;
    options.device_id = "load-audit-a" + std::to_string(account.index);
    options.token = account.token;
    options.keys.public_key = account.public_key;
    options.box = account.box;
    options.pull_limit = kAuditPage;
    auto& transport = slots_[account.devices.front()->slot]->transport;
    auto auditor = client::Device::open(transport, std::move(options));
    if (!auditor) {
      state->audit_failures[a] = auditor.error();
      auditors_.push_back(nullptr);
      continue;
    }
    ++state->waiting;
    (*auditor)->pull([state, a](const client::SyncReport& report) {
      --state->waiting;
      if (report.error) state->audit_failures[a] = report.error;
    });
    auditors_.push_back(std::move(auditor).value());
  }
  if (!loop_.run_until([&] { return state->waiting == 0; }, remaining())) {
    out_of_time(state->audit_failures);
  }
  const auto& failures = state->failures;
  const auto& audit_failures = state->audit_failures;

  const auto& table = plan_.shared->table;
  auto holdings_of = [&](const std::string& id, client::Device* device,
                         const std::optional<Error>& failure) {
    DeviceHoldings h;
    h.device_id = id;
    if (failure || !device) {
      h.failure = failure ? failure->code + ": " + failure->message : "could not be opened";
      h.failure_is_decrypt = failure && (failure->code == "decrypt_failed" || failure->code == "bad_record");
      return h;
    }
    auto records = device->records();
    auto conflicts = device->conflicts();
    if (!records || !conflicts) {
      h.failure = "its local store failed";
      return h;
    }
    for (auto& r : *records) {
      if (r.table != table || r.sync_status != client::RecordStatus::synced) continue;
      auto index = record_index(r.id);
      if (!index) continue;
      h.copies[*index] = HeldCopy{timestamp::parse(r.updated_at).value_or(0), r.deleted, std::move(r.data)};
    }
    for (auto& c : *conflicts) {
      auto index = record_index(c.id);
      if (c.table != table || !index) continue;
      h.copies[*index] =
          HeldCopy{timestamp::parse(c.server.updated_at).value_or(0), c.server.deleted, std::move(c.server.data)};
    }
    return h;
  };
  for (std::size_t a = 0; a < accounts_.size(); ++a) {
    auto& account = *accounts_[a];
    std::vector<DeviceHoldings> holdings;
    for (auto* device : account.devices) {
      holdings.push_back(holdings_of(device->id(), &device->device(), failures[device->slot]));
    }
    holdings.push_back(holdings_of("load-audit-a" + std::to_string(account.index),
                                   auditors_[a].get(), audit_failures[a]));
    check_account(account.index, account.ledger, holdings, correctness_);
  }
}

WorkerProgress Worker::progress() const {
  std::lock_guard lock(progress_mutex_);
  return progress_;
}

reports::LoadResult Worker::result() const {
  reports::LoadResult r;
  r.devices = device_count();
  r.accounts = accounts_.size();
  r.actions = stats_.action_results();
  r.intervals = stats_.interval_results();
  r.correctness = correctness_;
  return r;
}

}  // namespace syncsuite::load

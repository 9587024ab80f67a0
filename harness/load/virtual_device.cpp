#include "harness/load/virtual_device.hpp"

#include <utility>

#include "harness/load/payload.hpp"

namespace syncsuite::load {

namespace {
constexpr const char* kStatusPath = "/api/v1/sync/status/";
// A 409 means another write came in between and the kept copy was refreshed: resolve again, as a
// user would, a few times (busy accounts on a slow server race more).
constexpr int kResolveAttempts = 4;
}  // namespace

VirtualDevice::VirtualDevice(const RunShared& shared, AccountState& account, std::uint32_t index,
                             client::Transport& transport)
    : shared_(shared),
      account_(account),
      index_(index),
      id_("load-d" + std::to_string(index)),
      transport_(transport) {}

VirtualDevice::~VirtualDevice() {
  life_.reset();  // completions still in flight find it gone and do nothing
  device_.reset();
}

Status VirtualDevice::open() {
  client::DeviceOptions options;
  options.store = client::StoreKind::memory;
  options.device_id = id_;
  options.token = account_.token;
  options.keys.public_key = account_.public_key;
  options.box = account_.box;
  options.observer = this;
  auto device = client::Device::open(transport_, std::move(options));
  if (!device) return device.error();
  device_ = std::move(device).value();
  return ok_status();
}

Status VirtualDevice::put(std::uint32_t record, std::uint32_t bytes,
                          std::optional<std::string> updated_at) {
  const WriteId w = make_write_id(index_, ++writes_);
  unacknowledged_[record] = SealedWrite{w, bytes, false};
  return device_->put(shared_.table, record_name(record), make_payload(w, bytes),
                      std::move(updated_at));
}

ActionOutcome VirtualDevice::finish(const std::optional<Error>& error, std::uint64_t records) {
  ActionOutcome outcome;
  outcome.status = transport_.last_status();
  outcome.bytes = transport_.bytes();
  if (error) {
    outcome.error = classify(*error, outcome.status);
    outcome.message = error->message;
  } else {
    outcome.ok = true;
    outcome.records = records;
  }
  return outcome;
}

protocol::HttpRequest VirtualDevice::authorized(std::string method, std::string target) const {
  protocol::HttpRequest request;
  request.method = std::move(method);
  request.target = std::move(target);
  request.headers.push_back({"Authorization", "Token " + account_.token});
  return request;
}

void VirtualDevice::run(const MixEntry& entry, std::uint64_t random, Done done) {
  transport_.reset();
  switch (entry.action) {
    case Action::push: return push_records(entry, random, false, std::move(done));
    case Action::delete_records: return push_records(entry, random, true, std::move(done));
    case Action::pull: return pull(entry, std::move(done));
    case Action::status: return status(std::move(done));
    case Action::raw: return raw(entry, std::move(done));
    case Action::conflict: return conflict(entry, random, std::move(done));
  }
}

void VirtualDevice::push_records(const MixEntry& entry, std::uint64_t random, bool deleting,
                                 Done done) {
  const auto space = static_cast<std::uint64_t>(shared_.profile->records_per_account);
  const std::uint64_t start = random % space;
  for (std::int64_t i = 0; i < entry.records; ++i) {
    const auto record = static_cast<std::uint32_t>((start + static_cast<std::uint64_t>(i)) % space);
    Status st = ok_status();
    if (deleting) {
      unacknowledged_[record] = SealedWrite{0, 0, true};
      st = device_->remove(shared_.table, record_name(record));
    } else {
      st = put(record, static_cast<std::uint32_t>(entry.bytes));
    }
    if (!st) return done(finish(st.error(), 0));
  }
  device_->push(while_alive([this, done = std::move(done)](const client::SyncReport& report) {
    done(finish(report.error, report.accepted));
  }));
}

void VirtualDevice::pull(const MixEntry& entry, Done done) {
  const int limit = static_cast<int>(entry.pull_limit.value_or(protocol::kDefaultPullLimit));
  if (auto st = device_->set_pull_limit(limit); !st) return done(finish(st.error(), 0));
  device_->pull(while_alive([this, done = std::move(done)](const client::SyncReport& report) {
    done(finish(report.error, report.pulled));
  }));
}

void VirtualDevice::status(Done done) {
  transport_.send(authorized("GET", kStatusPath),
                  while_alive([this, done = std::move(done)](Result<protocol::HttpResponse> answer) {
                    if (!answer) return done(finish(answer.error(), 0));
                    if (answer->status != 200) {
                      return done(finish(make_error("http_status", "status: HTTP " +
                                                                       std::to_string(answer->status)),
                                         0));
                    }
                    auto body = nlohmann::json::parse(answer->body, nullptr, false);
                    if (!body.is_object() || !body.contains("record_count")) {
                      return done(finish(
                          make_error("bad_response", "status: no record_count in the answer"), 0));
                    }
                    done(finish(std::nullopt, 0));
                  }));
}

void VirtualDevice::raw(const MixEntry& entry, Done done) {
  auto request = authorized(entry.method, entry.path);
  if (entry.body) {
    request.body = *entry.body;
    request.headers.push_back({"Content-Type", "application/json"});
  }
  transport_.send(std::move(request),
                  while_alive([this, done = std::move(done)](Result<protocol::HttpResponse> answer) {
                    if (!answer) return done(finish(answer.error(), 0));
                    if (answer->status < 200 || answer->status > 299) {
                      return done(finish(
                          make_error("http_status", "HTTP " + std::to_string(answer->status)), 0));
                    }
                    done(finish(std::nullopt, 0));
                  }));
}

// An edit-conflict-resolve cycle: another idle device of the account writes the record, then this
// device edits it with an edit time 1 ms before that write (as a device whose edit was made
// earlier but synced later), pushes, gets `conflict`, and resolves it with the profile's choice.
// When every other device of the account is busy, this device makes the first write itself.
void VirtualDevice::conflict(const MixEntry& entry, std::uint64_t random, Done done) {
  const auto record = static_cast<std::uint32_t>(
      random % static_cast<std::uint64_t>(shared_.profile->records_per_account));
  VirtualDevice* writer = this;
  for (auto* other : account_.devices) {
    if (other != this && !other->busy) {
      writer = other;
      break;
    }
  }
  if (writer != this) writer->busy = true;
  writer->transport_.reset();
  writer->watched_ = record;
  writer->watched_sent_at_.reset();
  if (auto st = writer->put(record, static_cast<std::uint32_t>(entry.bytes)); !st) {
    if (writer != this) {
      writer->busy = false;
      if (writer->on_returned) writer->on_returned(*writer);
    }
    return done(finish(st.error(), 0));
  }
  // Guarded by both lives: the writer may be another device.
  writer->device_->push(writer->while_alive(while_alive([this, writer, record, &entry, done = std::move(done)](
                            const client::SyncReport& report) mutable {
    const auto first_write = writer->watched_sent_at_;
    writer->watched_.reset();
    bytes_carried_ = writer != this ? writer->transport_.bytes() : 0;
    if (writer != this) {
      writer->busy = false;
      if (writer->on_returned) writer->on_returned(*writer);
    }
    if (report.error) return done(finish(report.error, 0));
    if (!first_write) {
      return done(finish(make_error("client", "conflict cycle: the first write was not sent"), 0));
    }
    stale_edit_and_resolve(entry, record, *first_write, std::move(done));
  })));
}

void VirtualDevice::stale_edit_and_resolve(const MixEntry& entry, std::uint32_t record,
                                           timestamp::Millis first_write, Done done) {
  watched_ = record;
  watched_refused_ = false;
  if (auto st = put(record, static_cast<std::uint32_t>(entry.bytes),
                    timestamp::format(first_write - 1));
      !st) {
    return done(finish(st.error(), 0));
  }
  device_->push(while_alive([this, record, &entry, done = std::move(done)](
                    const client::SyncReport& report) mutable {
    watched_.reset();
    if (report.error) return done(finish(report.error, 0));
    // Accepted after all (the record changed in between in a way that made this edit later):
    // the cycle ends without a conflict to resolve.
    if (!watched_refused_) return done(finish(std::nullopt, report.accepted));
    resolve(entry, record, kResolveAttempts, std::move(done));
  }));
}

void VirtualDevice::resolve(const MixEntry& entry, std::uint32_t record, int attempts, Done done) {
  std::optional<nlohmann::json> merged;
  if (entry.resolution == client::Resolution::merged) {
    const WriteId w = make_write_id(index_, ++writes_);
    unacknowledged_[record] = SealedWrite{w, static_cast<std::uint32_t>(entry.bytes), false};
    merged = make_payload(w, static_cast<std::uint32_t>(entry.bytes));
  } else if (entry.resolution == client::Resolution::server) {
    unacknowledged_.erase(record);
  }
  device_->resolve(shared_.table, record_name(record), entry.resolution, std::move(merged),
                   while_alive([this, record, attempts, &entry, done = std::move(done)](Status st) mutable {
                     // 409: another write came in between; the kept copy was refreshed, retry.
                     if (!st && st.error().code == "conflict" && attempts > 1) {
                       return resolve(entry, record, attempts - 1, std::move(done));
                     }
                     auto outcome = finish(st ? std::nullopt : std::optional(st.error()), 1);
                     outcome.bytes += std::exchange(bytes_carried_, 0);
                     done(std::move(outcome));
                   }));
}

void VirtualDevice::final_sync(std::function<void(std::optional<Error>)> done) {
  device_->sync(while_alive(
      [done = std::move(done)](const client::SyncReport& report) { done(report.error); }));
}

void VirtualDevice::final_pull(std::function<void(std::optional<Error>)> done) {
  device_->pull(while_alive(
      [done = std::move(done)](const client::SyncReport& report) { done(report.error); }));
}

void VirtualDevice::sent(const protocol::Envelope& record) {
  if (record.table != shared_.table) return;
  auto index = record_index(record.id);
  auto updated_at = timestamp::parse(record.updated_at);
  if (!index || !updated_at) return;
  auto it = unacknowledged_.find(*index);
  if (it == unacknowledged_.end()) return;
  account_.ledger.sent(*index, *updated_at, it->second);
  if (watched_ == index) watched_sent_at_ = *updated_at;
}

void VirtualDevice::answered(const protocol::Envelope& record, bool stored) {
  if (record.table != shared_.table) return;
  auto index = record_index(record.id);
  auto updated_at = timestamp::parse(record.updated_at);
  if (!index || !updated_at) return;
  auto it = unacknowledged_.find(*index);
  if (it == unacknowledged_.end()) return;
  account_.ledger.answered(*index, *updated_at, it->second, stored);
  // A refused edit stays: it is the local side of a conflict, sent again by a `local` resolve.
  if (stored) unacknowledged_.erase(it);
  if (watched_ == index && !stored) watched_refused_ = true;
}

}  // namespace syncsuite::load

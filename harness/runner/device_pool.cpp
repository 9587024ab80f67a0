#include "harness/runner/device_pool.hpp"

#include "reference/client/local_store.hpp"

namespace syncsuite::runner {

Status DevicePool::open(const std::vector<scenario::DeviceSpec>& specs,
                        const DevicePoolSettings& settings, const std::vector<Account>& accounts,
                        const std::vector<std::string>& start_cursors,
                        const std::shared_ptr<WireLog>& log) {
  for (const auto& spec : specs) {
    if (spec.account < 0 || static_cast<std::size_t>(spec.account) >= accounts.size()) {
      return make_error("setup", "device " + spec.name + ": no account " + std::to_string(spec.account));
    }
    DeviceSlot slot;
    slot.name = spec.name;
    slot.account = spec.account;
    slot.device_id = spec.device_id.empty() ? settings.run_prefix + "-" + spec.name : spec.device_id;
    if (slot.device_id.size() > 64) slot.device_id.resize(64);
    *slot.clock = settings.base_time;
    const auto path = settings.dir / (settings.file_prefix + "-" + spec.name + ".sqlite");
    std::error_code ec;
    for (const char* suffix : {"", "-wal", "-shm", "-journal"}) {
      std::filesystem::remove(path.string() + suffix, ec);
    }
    files_.push_back(path);
    {
      // The cursor is set before the device opens, so that its first pull starts where the
      // server is now: earlier runs' records never reach it.
      auto store = client::LocalStore::open({path, slot.device_id, false});
      if (!store) return make_error("setup", "device " + spec.name + ": " + store.error().message);
      const auto& cursor = start_cursors.at(static_cast<std::size_t>(spec.account));
      if (auto st = (*store)->set_meta("cursor", cursor); !st) {
        return make_error("setup", "device " + spec.name + ": " + st.error().message);
      }
    }
    slot.transport = std::make_unique<AbandoningTransport>(*settings.io, settings.url, settings.transport);
    slot.logged = std::make_unique<LoggingTransport>(*slot.transport, log);
    const Account& account = accounts[static_cast<std::size_t>(spec.account)];
    client::DeviceOptions options;
    options.db_path = path;
    options.device_id = slot.device_id;
    options.token = account.token;
    options.keys = derive_keypair(account.token);
    options.clock = [clock = slot.clock] { return (*clock)++; };
    options.pull_limit = spec.pull_limit;
    options.push_batch = static_cast<std::size_t>(spec.push_batch);
    options.durable = false;
    auto device = client::Device::open(*slot.logged, std::move(options));
    if (!device) return make_error("setup", "device " + spec.name + ": " + device.error().message);
    slot.device = std::move(*device);
    slots_.emplace(spec.name, std::move(slot));
  }
  return ok_status();
}

DeviceSlot* DevicePool::find(const std::string& name) {
  const auto it = slots_.find(name);
  return it == slots_.end() ? nullptr : &it->second;
}

void DevicePool::close() {
  for (auto& [name, slot] : slots_) slot.device.reset();
  for (auto& [name, slot] : slots_) {
    slot.logged.reset();
    slot.transport.reset();
  }
  slots_.clear();
  std::error_code ec;
  for (const auto& path : files_) {
    for (const char* suffix : {"", "-wal", "-shm", "-journal"}) {
      std::filesystem::remove(path.string() + suffix, ec);
    }
  }
  files_.clear();
}

}  // namespace syncsuite::runner

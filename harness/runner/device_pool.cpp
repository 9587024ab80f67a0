#include "harness/runner/device_pool.hpp"

#include <sodium.h>

#include "harness/driver/adapter_process_driver.hpp"
#include "harness/driver/reference_driver.hpp"

namespace syncsuite::runner {
namespace {

// The transport a reference driver owns, forwarding to the slot's logging transport, which the
// pool keeps (the engine reads its last exchange and loses answers through it).
class Forwarding : public client::Transport {
 public:
  explicit Forwarding(client::Transport& inner) : inner_(inner) {}
  void send(protocol::HttpRequest request, client::Completion done) override {
    inner_.send(std::move(request), std::move(done));
  }

 private:
  client::Transport& inner_;
};

struct Opening {
  std::size_t left = 0;
  Status failure = ok_status();
  std::function<void(Status)> done;
  void answered(const std::string& device, const driver::Json& reply) {
    if (failure && !reply.value("ok", false)) {
      failure = make_error("setup", "device " + device + ": init: " + reply.value("error", std::string("failed")));
    }
    if (--left == 0) done(failure);
  }
};

}  // namespace

AdapterFactory adapter_process_factory(std::string command, std::chrono::milliseconds limit) {
  return [command = std::move(command), limit](boost::asio::io_context& io, const std::string&)
             -> Result<std::unique_ptr<driver::DeviceDriver>> {
    driver::AdapterProcessOptions process;
    process.request_timeout = limit;
    return std::unique_ptr<driver::DeviceDriver>(std::make_unique<driver::AdapterProcessDriver>(io, command, process));
  };
}

driver::Json init_request(const std::string& server_url, const Account& account,
                          const std::string& device_id) {
  std::string secret = account.keys.secret_key.to_base64();
  driver::Json request = {{"op", "init"},
                          {"server", server_url},
                          {"token", account.token},
                          {"public_key", account.keys.public_key.to_base64()},
                          {"secret_key", secret},
                          {"device_id", device_id}};
  sodium_memzero(secret.data(), secret.size());
  return request;
}

void DevicePool::open(const std::vector<scenario::DeviceSpec>& specs,
                      const DevicePoolSettings& settings, const std::vector<Account>& accounts,
                      const std::vector<std::string>& start_cursors,
                      const std::shared_ptr<WireLog>& log, std::function<void(Status)> done) {
  auto opening = std::make_shared<Opening>();
  opening->done = std::move(done);
  opening->left = 1;  // released after the loop: `done` runs once, after every init was sent
  std::vector<std::pair<std::string, driver::Json>> inits;
  for (const auto& spec : specs) {
    if (spec.account < 0 || static_cast<std::size_t>(spec.account) >= accounts.size()) {
      opening->failure = make_error("setup", "device " + spec.name + ": no account " + std::to_string(spec.account));
      break;
    }
    DeviceSlot slot;
    slot.name = spec.name;
    slot.account = spec.account;
    slot.device_id = spec.device_id.empty() ? settings.run_prefix + "-" + spec.name : spec.device_id;
    if (slot.device_id.size() > 64) slot.device_id.resize(64);
    const Account& account = accounts[static_cast<std::size_t>(spec.account)];
    auto init = init_request(settings.server_url, account, slot.device_id);
    slot.reference = spec.reference || !settings.adapter;
    if (slot.reference) {
      slot.transport = std::make_unique<AbandoningTransport>(*settings.io, settings.url, settings.transport);
      slot.logged = std::make_unique<LoggingTransport>(*slot.transport, log);
      driver::ReferenceDriverOptions options;
      options.io = settings.io;
      options.transport = [logged = slot.logged.get()](const std::string&, const std::string&) {
        return std::make_unique<Forwarding>(*logged);
      };
      options.dir = settings.dir;
      options.file_name = settings.file_prefix + "-" + spec.name + ".sqlite";
      options.pull_limit = spec.pull_limit;
      options.push_batch = static_cast<std::size_t>(spec.push_batch);
      slot.driver = std::make_unique<driver::ReferenceDriver>(std::move(options));
      // The run uploads the keys itself, and a device starts pulling where the server is now:
      // records of earlier runs never reach it.
      init["upload_key"] = false;
      init["cursor"] = start_cursors.at(static_cast<std::size_t>(spec.account));
      init["pull_limit"] = spec.pull_limit;
      init["push_batch"] = spec.push_batch;
    } else {
      auto made = settings.adapter(*settings.io, spec.name);
      if (!made) {
        opening->failure = make_error("setup", "device " + spec.name + ": " + made.error().message);
        break;
      }
      slot.driver = std::move(made).value();
    }
    inits.emplace_back(spec.name, std::move(init));
    slots_.emplace(spec.name, std::move(slot));
  }
  if (!opening->failure) {
    opening->left = 0;
    opening->done(opening->failure);
    return;
  }
  const std::string base_time = timestamp::format(settings.base_time);
  opening->left += inits.size();
  for (auto& entry : inits) {
    const std::string name = entry.first;  // a copy: lambdas capture it (not a structured binding)
    auto& init = entry.second;
    DeviceSlot& slot = slots_.at(name);
    // The scenario's base time as the device clock: a reference device takes it before init; a
    // client under test after (it may not support the optional clock, and then keeps its own).
    auto clock = [this, name, base_time](bool after_init) {
      driver::Json request = {{"op", "clock"}, {"now", base_time}};
      slots_.at(name).driver->call(std::move(request), [this, name, after_init](driver::Json reply) {
        if (reply.value("ok", false) || !after_init) return;
        if (auto it = slots_.find(name); it != slots_.end()) it->second.clock_supported = false;
      });
    };
    if (slot.reference) clock(false);
    slot.driver->call(std::move(init), [opening, name](driver::Json reply) { opening->answered(name, reply); });
    if (!slot.reference) clock(true);
  }
  opening->answered("", driver::Json{{"ok", true}});
}

DeviceSlot* DevicePool::find(const std::string& name) {
  const auto it = slots_.find(name);
  return it == slots_.end() ? nullptr : &it->second;
}

void DevicePool::close() {
  for (auto& [name, slot] : slots_) slot.driver.reset();
  for (auto& [name, slot] : slots_) {
    slot.logged.reset();
    slot.transport.reset();
  }
  slots_.clear();
}

}  // namespace syncsuite::runner

#pragma once
// The virtual devices of one scenario: each a client::Device with its own SQLite file, its own
// transport (which can lose an answer on purpose), a wire-logging decorator and a manual clock.
// A device's pull cursor starts at its account's status cursor at scenario start.
#include <filesystem>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "harness/net/target_url.hpp"
#include "harness/net/transport_options.hpp"
#include "harness/runner/abandoning_transport.hpp"
#include "harness/runner/accounts.hpp"
#include "harness/runner/wire_log.hpp"
#include "harness/scenario/model.hpp"
#include "reference/client/device.hpp"
#include "reference/core/timestamp.hpp"

namespace syncsuite::runner {

struct DeviceSlot {
  std::string name;
  int account = 0;
  std::string device_id;
  std::unique_ptr<AbandoningTransport> transport;
  std::unique_ptr<LoggingTransport> logged;
  std::unique_ptr<client::Device> device;
  // Manual clock: every reading returns the value and advances it by 1 ms.
  std::shared_ptr<timestamp::Millis> clock = std::make_shared<timestamp::Millis>(0);
};

struct DevicePoolSettings {
  boost::asio::io_context* io = nullptr;
  net::TargetUrl url;
  net::TransportOptions transport;
  std::filesystem::path dir;     // device files go here
  std::string file_prefix;       // unique per scenario
  std::string run_prefix;        // default device ids are "<run_prefix>-<name>"
  timestamp::Millis base_time = 0;
};

class DevicePool {
 public:
  // Opens one device per spec; `start_cursors` by account index.
  Status open(const std::vector<scenario::DeviceSpec>& specs, const DevicePoolSettings& settings,
              const std::vector<Account>& accounts, const std::vector<std::string>& start_cursors,
              const std::shared_ptr<WireLog>& log);
  DeviceSlot* find(const std::string& name);
  const std::map<std::string, DeviceSlot>& slots() const { return slots_; }
  // Destroys devices, then transports (pending work completes with errors on the loop), then
  // removes the device files.
  void close();
  ~DevicePool() { close(); }

 private:
  std::map<std::string, DeviceSlot> slots_;
  std::vector<std::filesystem::path> files_;
};

}  // namespace syncsuite::runner

#pragma once
// The virtual devices of one scenario, each behind the device-driver seam (harness/driver): a
// reference device (the reference client in-process, with its own SQLite file, a transport that
// can lose an answer on purpose, a wire-logging decorator and a manual clock), or a client under
// test (an adapter process speaking contract section 9, made by the run's adapter factory).
// A reference device's pull cursor starts at its account's status cursor at scenario start.
#include <chrono>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "harness/driver/device_driver.hpp"
#include "harness/net/target_url.hpp"
#include "harness/net/transport_options.hpp"
#include "harness/runner/abandoning_transport.hpp"
#include "harness/runner/accounts.hpp"
#include "harness/runner/wire_log.hpp"
#include "harness/scenario/model.hpp"
#include "reference/core/timestamp.hpp"

namespace syncsuite::runner {

struct DeviceSlot {
  std::string name;
  int account = 0;
  std::string device_id;
  // A reference device (engine extras: push, pull, records_detail, lose_response), or a client
  // under test, which speaks only contract section 9.
  bool reference = true;
  std::unique_ptr<AbandoningTransport> transport;  // reference devices only
  std::unique_ptr<LoggingTransport> logged;        // reference devices only
  std::unique_ptr<driver::DeviceDriver> driver;
  bool clock_supported = true;  // a client under test may not support the optional clock
};

// Makes the driver of a client under test (an adapter process) for the named device.
using AdapterFactory = std::function<Result<std::unique_ptr<driver::DeviceDriver>>(
    boost::asio::io_context& io, const std::string& device_name)>;
// Every device under test a fresh process of `command` (contract 9), each answer within `limit`.
AdapterFactory adapter_process_factory(std::string command, std::chrono::milliseconds limit);

struct DevicePoolSettings {
  boost::asio::io_context* io = nullptr;
  net::TargetUrl url;
  std::string server_url;        // the URL a device is told at init
  net::TransportOptions transport;
  std::filesystem::path dir;     // reference device files go here
  std::string file_prefix;       // unique per scenario
  std::string run_prefix;        // default device ids are "<run_prefix>-<name>"
  timestamp::Millis base_time = 0;
  AdapterFactory adapter;        // empty: every device is a reference device
};

class DevicePool {
 public:
  // Makes one device per spec and sends each its init (section 9) and clock; `done` once every
  // device answered (an error names the device). `start_cursors` by account index.
  void open(const std::vector<scenario::DeviceSpec>& specs, const DevicePoolSettings& settings,
            const std::vector<Account>& accounts, const std::vector<std::string>& start_cursors,
            const std::shared_ptr<WireLog>& log, std::function<void(Status)> done);
  DeviceSlot* find(const std::string& name);
  const std::map<std::string, DeviceSlot>& slots() const { return slots_; }
  // Destroys the drivers (a reference device's file goes with it, an adapter process is told to
  // quit and ended), then the transports (pending work completes with errors on the loop).
  void close();
  ~DevicePool() { close(); }

 private:
  std::map<std::string, DeviceSlot> slots_;
};

// The section-9 init request of a device of `account` (the secret key in base64: the caller
// sends it and lets it go; it is not logged).
driver::Json init_request(const std::string& server_url, const Account& account,
                          const std::string& device_id);

}  // namespace syncsuite::runner

#pragma once
// Everything an expectation is judged on, gathered after a step: plain data, so that judging
// (expectations.hpp) is a pure function and testable without a network.
#include <map>
#include <optional>
#include <string>
#include <tuple>
#include <vector>

#include "harness/runner/server_probe.hpp"
#include "harness/scenario/model.hpp"
#include "reference/client/device.hpp"
#include "reports/run_result.hpp"

namespace syncsuite::runner {

// The state of one account on the server, as far as the step's expectations needed it.
struct AccountView {
  std::optional<StatusCounts> start;   // at scenario start
  std::optional<StatusCounts> now;     // after the step
  std::optional<RunRecords> records;   // after the step
  std::optional<StatusCounts> before;  // before the step (nothing_stored)
  std::optional<RunRecords> records_before;  // before the step (nothing_stored)
  std::string error;                   // why a probe failed ("" = fine)
};

struct DeviceView {
  std::vector<client::LocalRecord> records;  // the run's records only
  std::string error;                         // why they could not be read
};

// The pull walks of one `isolated` assertion: account, page limit and page cap.
using WalkKey = std::tuple<int, int, int>;
struct WalkView {
  std::vector<PageWalk> walks;  // from the beginning, then from the scenario's start cursor
  std::string error;            // why a walk failed ("" = fine)
};

struct Observation {
  const reports::Exchange* response = nullptr;  // last exchange of the step; nullptr = none
  std::optional<bool> op_ok;                    // device step: did the operation complete
  std::string op_error;                         // its error text when not
  const scenario::Json* reply = nullptr;        // device step: the device's answer (section 9)
  std::map<std::string, DeviceView> devices;    // by device name
  std::map<int, AccountView> accounts;          // by account index
  std::map<WalkKey, WalkView> walks;            // `isolated` assertions
};

}  // namespace syncsuite::runner

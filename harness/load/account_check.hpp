#pragma once
// The final correctness check of one account, after every device of it synced and pulled to the
// end: the devices must agree on the server's copy of every record the run wrote (synced, or kept
// as the server side of a conflict), that copy must reflect every acknowledged write (no older
// than the newest one), be a write the run sealed for that record, and decrypt to exactly what
// was sealed. Pure: it reads the ledger and the devices' decrypted copies.
#include <cstdint>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "harness/load/write_ledger.hpp"
#include "reports/load_result.hpp"

namespace syncsuite::load {

struct HeldCopy {
  timestamp::Millis updated_at = 0;
  bool deleted = false;
  nlohmann::json data;  // decrypted
};

// What one device holds at the end: the server copy of each record of the run's table, by
// record index.
struct DeviceHoldings {
  std::string device_id;
  std::optional<std::string> failure;  // its final sync or pull failed: why (copies not used)
  bool failure_is_decrypt = false;     // ... because a record did not open or was not an object
  std::map<std::uint32_t, HeldCopy> copies;
};

// Adds this account's counts and problems to `out` (problems up to kMaxProblems).
void check_account(std::size_t account, const WriteLedger& ledger,
                   const std::vector<DeviceHoldings>& devices, reports::CorrectnessResult& out);

}  // namespace syncsuite::load

#pragma once
// The answer objects of section 9 (contract 9) built from the reference device's plain data.
#include <string>
#include <vector>

#include "harness/driver/device_driver.hpp"
#include "reference/client/device.hpp"
#include "reference/core/result.hpp"

namespace syncsuite::driver {

Json ok_answer();
Json error_answer(const std::string& message);
// "code: message" of a device error, as an ok:false answer.
Json error_answer(const Error& error);
// {"ok": report.ok(), "error"?}
Json report_answer(const client::SyncReport& report);

// records: [{"table","id","data","updated_at","deleted","sync_status"}] exactly as section 9.
Json records_answer(const std::vector<client::LocalRecord>& records);
// records_detail: records_answer's fields plus "version" and, in conflict, "server".
Json records_detail_answer(const std::vector<client::LocalRecord>& records,
                           const std::vector<client::Conflict>& conflicts);
// state: {"syncing","last_sync_at","pending","conflicts","error"}.
Json state_answer(const client::SyncState& state);

}  // namespace syncsuite::driver

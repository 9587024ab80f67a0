#include "harness/driver/device_answers.hpp"

#include <map>
#include <utility>

#include "reference/core/timestamp.hpp"

namespace syncsuite::driver {
namespace {

Json version_json(const std::optional<std::int64_t>& version) {
  return version ? Json(*version) : Json(nullptr);
}

Json record_json(const client::LocalRecord& r) {
  return Json{
      {"table", r.table},     {"id", r.id},
      {"data", r.data},       {"updated_at", r.updated_at},
      {"deleted", r.deleted}, {"sync_status", std::string(client::to_string(r.sync_status))}};
}

}  // namespace

Json ok_answer() { return Json{{"ok", true}}; }

Json error_answer(const std::string& message) { return Json{{"ok", false}, {"error", message}}; }

Json error_answer(const Error& error) { return error_answer(error.code + ": " + error.message); }

Json report_answer(const client::SyncReport& report) {
  return report.error ? error_answer(*report.error) : ok_answer();
}

Json records_answer(const std::vector<client::LocalRecord>& records) {
  Json list = Json::array();
  for (const auto& r : records) list.push_back(record_json(r));
  Json answer = ok_answer();
  answer["records"] = std::move(list);
  return answer;
}

Json records_detail_answer(const std::vector<client::LocalRecord>& records,
                           const std::vector<client::Conflict>& conflicts) {
  std::map<std::pair<std::string, std::string>, const client::Conflict*> by_key;
  for (const auto& c : conflicts) by_key[{c.table, c.id}] = &c;
  Json list = Json::array();
  for (const auto& r : records) {
    Json item = record_json(r);
    item["version"] = version_json(r.version);
    if (auto it = by_key.find({r.table, r.id}); it != by_key.end()) {
      const auto& s = it->second->server;
      item["server"] = Json{{"data", s.data},
                            {"updated_at", s.updated_at},
                            {"deleted", s.deleted},
                            {"version", version_json(s.version)}};
    }
    list.push_back(std::move(item));
  }
  Json answer = ok_answer();
  answer["records"] = std::move(list);
  return answer;
}

Json state_answer(const client::SyncState& state) {
  Json s{{"syncing", state.status == client::SyncStatus::syncing},
         {"last_sync_at",
          state.last_sync_at ? Json(timestamp::format(*state.last_sync_at)) : Json(nullptr)},
         {"pending", state.pending_count},
         {"conflicts", state.conflict_count},
         {"error", state.last_error.empty() ? Json(nullptr) : Json(state.last_error)}};
  Json answer = ok_answer();
  answer["state"] = std::move(s);
  return answer;
}

}  // namespace syncsuite::driver

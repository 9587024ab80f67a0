#include "reports/json_writer.hpp"

#include <nlohmann/json.hpp>

#include "reports/summary.hpp"
#include "reports/text/utf8.hpp"

namespace syncsuite::reports {
namespace {

using Json = nlohmann::ordered_json;

Json headers_json(const Headers& headers) {
  Json out = Json::array();
  for (const auto& [name, value] : headers) out.push_back(Json::array({name, value}));
  return out;
}

Json exchange_json(const Exchange& e, std::size_t limit) {
  return Json{
      {"method", e.method},
      {"target", e.target},
      {"url", e.url},
      {"request",
       {{"headers", headers_json(e.request_headers)},
        {"body", text::shown(e.request_body, limit)}}},
      {"response",
       {{"status", e.status},
        {"headers", headers_json(e.response_headers)},
        {"body", text::shown(e.response_body, limit)}}},
      {"transport_error", e.transport_error},
      {"elapsed_ms", e.elapsed_ms},
      {"curl", e.curl},
  };
}

Json exchanges_json(const std::vector<Exchange>& exchanges, std::size_t limit) {
  Json out = Json::array();
  for (const Exchange& e : exchanges) out.push_back(exchange_json(e, limit));
  return out;
}

Json check_json(const CheckResult& c, std::size_t limit) {
  return Json{
      {"id", c.id},
      {"section", c.section},
      {"contract_text", c.contract_text},
      {"verdict", to_string(c.verdict)},
      {"outcome", to_string(outcome(c))},
      {"baseline_known", c.baseline_known},
      {"scenario_step", c.scenario_step},
      {"expected", text::shown(c.expected, limit)},
      {"actual", text::shown(c.actual, limit)},
      {"message", c.message},
      {"exchanges", exchanges_json(c.exchanges, limit)},
  };
}

Json scenario_json(const ScenarioResult& s, std::size_t limit) {
  Json checks = Json::array();
  for (const CheckResult& c : s.checks) checks.push_back(check_json(c, limit));
  return Json{
      {"name", s.name},
      {"file", s.file},
      {"description", s.description},
      {"tags", s.tags},
      {"sections", s.sections},
      {"verdict", to_string(s.verdict)},
      {"outcome", to_string(outcome(s))},
      {"duration_ms", s.duration_ms},
      {"error", s.error},
      {"checks", std::move(checks)},
      {"wirelog", exchanges_json(s.wirelog, limit)},
  };
}

Json counts_json(const Counts& c) {
  return Json{{"total", c.total()}, {"pass", c.pass},       {"fail", c.fail},  {"warn", c.warn},
              {"error", c.error},   {"skipped", c.skipped}, {"known", c.known}};
}

Json summary_json(const Summary& summary) {
  Json sections = Json::object();
  for (const auto& [section, counts] : summary.sections) sections[section] = counts_json(counts);
  return Json{
      {"verdict", to_string(summary.worst)},
      {"scenarios", counts_json(summary.scenarios)},
      {"checks", counts_json(summary.checks)},
      {"sections", std::move(sections)},
  };
}

}  // namespace

void write_json(const RunResult& run, std::ostream& out, const WriteOptions& options) {
  Json scenarios = Json::array();
  for (const ScenarioResult& s : run.scenarios)
    scenarios.push_back(scenario_json(s, options.body_limit));
  const Json report{
      {"schema_version", RunResult::kSchemaVersion},
      {"generator", run.generator},
      {"target", run.target},
      {"started_at", run.started_at},
      {"duration_ms", run.duration_ms},
      {"seed", run.seed},
      {"summary", summary_json(summarize(run))},
      {"baseline_fixed", run.baseline_fixed},
      {"scenarios", std::move(scenarios)},
  };
  // Names and header values are not repaired one by one; the replace handler covers them.
  out << report.dump(2, ' ', false, Json::error_handler_t::replace) << '\n';
}

}  // namespace syncsuite::reports

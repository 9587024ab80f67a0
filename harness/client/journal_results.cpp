#include "harness/client/journal_results.hpp"

#include <map>

namespace syncsuite::client_checks {
namespace {

reports::CheckResult base_result(const std::string& id, const scenario::CheckRegistry& registry) {
  reports::CheckResult r;
  r.id = id;
  if (const auto* info = registry.find(id)) {
    r.section = info->section;
    r.contract_text = info->text;
  } else {
    r.section = id.substr(0, id.find('/'));
  }
  return r;
}

reports::Verdict failing_verdict(const std::string& id, const scenario::CheckRegistry& registry) {
  const auto* info = registry.find(id);
  return info && info->level == scenario::Level::should ? reports::Verdict::warn : reports::Verdict::fail;
}

}  // namespace

reports::Exchange to_exchange(const mockserver::JournalEntry& entry, const std::string& server_url) {
  reports::Exchange x;
  x.method = entry.method;
  x.target = entry.target;
  x.url = server_url + entry.target;
  for (const auto& h : entry.headers) x.request_headers.emplace_back(h.name, h.value);
  x.request_body = entry.request_body;
  x.status = entry.outcome == mockserver::Outcome::answered || entry.outcome == mockserver::Outcome::rejected
                 ? entry.status
                 : 0;
  x.response_body = entry.response_body;
  if (x.status == 0) {
    x.transport_error = "the scripted server did not answer: " + std::string(mockserver::outcome_name(entry.outcome)) +
                        (entry.fault.empty() ? "" : " (fault " + entry.fault + ")");
  }
  x.elapsed_ms = static_cast<double>(entry.duration_us) / 1000.0;
  return x;
}

std::vector<reports::CheckResult> to_check_results(const std::vector<Finding>& findings,
                                                   const std::vector<mockserver::JournalEntry>& entries,
                                                   const scenario::CheckRegistry& registry,
                                                   const std::string& server_url) {
  std::map<std::uint64_t, const mockserver::JournalEntry*> by_seq;
  for (const auto& e : entries) by_seq[e.seq] = &e;

  struct Tally {
    std::size_t judged = 0;
    std::size_t failed = 0;
    std::string expected;
  };
  std::vector<std::string> order;  // check ids in the order first judged
  std::map<std::string, Tally> tally;
  std::vector<reports::CheckResult> out;
  for (const auto& f : findings) {
    auto [it, fresh] = tally.try_emplace(f.check);
    if (fresh) order.push_back(f.check);
    Tally& t = it->second;
    ++t.judged;
    if (t.expected.empty()) t.expected = f.expected;
    if (f.ok) continue;
    if (++t.failed > kFailuresShownPerCheck) continue;
    auto r = base_result(f.check, registry);
    r.verdict = failing_verdict(f.check, registry);
    r.scenario_step = f.device + ": " + f.subject;
    r.expected = f.expected;
    r.actual = f.actual;
    r.message = f.actual;
    if (const auto e = by_seq.find(f.seq); e != by_seq.end()) r.exchanges.push_back(to_exchange(*e->second, server_url));
    out.push_back(std::move(r));
  }
  for (const auto& id : order) {
    const Tally& t = tally[id];
    auto r = base_result(id, registry);
    r.scenario_step = "every request of the devices under test";
    r.expected = t.expected;
    if (t.failed == 0) {
      r.verdict = reports::Verdict::pass;
      r.actual = std::to_string(t.judged) + " judged, none failed";
      out.push_back(std::move(r));
    } else if (t.failed > kFailuresShownPerCheck) {
      r.verdict = failing_verdict(id, registry);
      r.actual = std::to_string(t.failed) + " of " + std::to_string(t.judged) + " judged failed; " +
                 std::to_string(t.failed - kFailuresShownPerCheck) + " more not shown";
      r.message = r.actual;
      out.push_back(std::move(r));
    }
  }
  return out;
}

}  // namespace syncsuite::client_checks

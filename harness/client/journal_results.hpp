#pragma once
// The journal checks' findings as the check results of one scenario, in the report model every
// writer reads: each failing finding a failed (or, for a SHOULD, warned) check with the journal
// exchange as its evidence (the first few per check id, then one counting the rest), and one
// passing result per check id that was judged and never failed.
#include <string>
#include <vector>

#include "harness/client/journal_checks.hpp"
#include "harness/scenario/check_registry.hpp"
#include "mockserver/journal.hpp"
#include "reports/run_result.hpp"

namespace syncsuite::client_checks {

inline constexpr std::size_t kFailuresShownPerCheck = 5;

// The journal entry as report evidence; `server_url` makes the absolute URL.
reports::Exchange to_exchange(const mockserver::JournalEntry& entry, const std::string& server_url);

std::vector<reports::CheckResult> to_check_results(const std::vector<Finding>& findings,
                                                   const std::vector<mockserver::JournalEntry>& entries,
                                                   const scenario::CheckRegistry& registry,
                                                   const std::string& server_url);

}  // namespace syncsuite::client_checks

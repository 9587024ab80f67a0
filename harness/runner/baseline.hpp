#pragma once
// --baseline FILE: a YAML list of check ids a server is known to fail. Their failures and errors
// are marked baseline_known (reported, not gating); a listed id that passed wherever it was judged
// is reported in RunResult::baseline_fixed.
#include <filesystem>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "harness/scenario/check_registry.hpp"
#include "harness/scenario/load_error.hpp"
#include "reports/run_result.hpp"

namespace syncsuite::runner {

// A list of check ids, each declared in `registry`; every problem with file:line.
std::set<std::string> parse_baseline(std::string_view text, const std::string& file,
                                     const scenario::CheckRegistry& registry,
                                     std::vector<scenario::LoadError>& errors);
std::set<std::string> load_baseline(const std::filesystem::path& path,
                                    const scenario::CheckRegistry& registry,
                                    std::vector<scenario::LoadError>& errors);

void apply_baseline(reports::RunResult& run, const std::set<std::string>& baseline);

}  // namespace syncsuite::runner

#pragma once
// Scenario files -> model, validated (README "A scenario" ... "Expectations"). Every problem is
// collected with file, line, column and field before the caller decides to stop: unknown keys,
// step kinds, tags, check ids, given states and devices are errors, never ignored.
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "harness/scenario/check_registry.hpp"
#include "harness/scenario/load_error.hpp"
#include "harness/scenario/model.hpp"

namespace syncsuite::scenario {

// The scenarios of one YAML text (one per document, documents separated by ---).
std::vector<Scenario> parse_scenarios(std::string_view text, const std::string& file,
                                      const CheckRegistry& registry,
                                      std::vector<LoadError>& errors);

std::vector<Scenario> load_scenario_file(const std::filesystem::path& path,
                                         const CheckRegistry& registry,
                                         std::vector<LoadError>& errors);

// *.yaml files: a file path is taken as given, a directory is searched recursively; sorted by
// path. A path that does not exist, or a directory without any, is an error.
std::vector<std::filesystem::path> discover_scenario_files(
    const std::vector<std::filesystem::path>& paths, std::vector<LoadError>& errors);

// Every scenario of every discovered file, in path then document order; names must be unique.
std::vector<Scenario> load_scenarios(const std::vector<std::filesystem::path>& paths,
                                     const CheckRegistry& registry,
                                     std::vector<LoadError>& errors);

// The step kinds the loader knows, for help texts and tests.
const std::vector<std::string_view>& step_kind_names();

}  // namespace syncsuite::scenario

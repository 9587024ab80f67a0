#pragma once
// Reading a load results file (written by `syncsuite load --json` or `syncsuite merge --json`), for
// the commands that take them: merge and compare.
#include <optional>
#include <string>

#include "reports/load_result.hpp"

namespace syncsuite::cli {

// The result in `path`; nullopt after a message on stderr naming `command`, the file, and the
// field that is wrong ("merge: a.json: field 'actions[0].ok': expected a non-negative integer")
// or why the file cannot be read.
std::optional<reports::LoadResult> read_load_file(const std::string& command,
                                                  const std::string& path);

}  // namespace syncsuite::cli

#pragma once
// The accounts file of contract section 10, as the mock server writes it for a run:
//   accounts:
//     - token: "9944b09199c62bcf9418ad846dd0e4bbdfc6ee4b"
// Tokens are secrets: the file is created with mode 0600.
#include <filesystem>
#include <string>
#include <vector>

#include "reference/core/result.hpp"

namespace syncsuite::mockserver {

std::string accounts_yaml(const std::vector<std::string>& tokens);

// Writes accounts_yaml(tokens) to `path` atomically (a 0600 temporary file in the same directory,
// renamed over `path`), so that a reader polling for the file never sees part of it. Errors name
// the path.
Status write_accounts_file(const std::filesystem::path& path,
                           const std::vector<std::string>& tokens);

}  // namespace syncsuite::mockserver

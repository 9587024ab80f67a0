#include "harness/cli/load_result_file.hpp"

#include <cerrno>
#include <cstring>
#include <fstream>
#include <iostream>
#include <sstream>
#include <variant>

#include "reports/load_json.hpp"

namespace syncsuite::cli {

std::optional<reports::LoadResult> read_load_file(const std::string& command,
                                                  const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    std::cerr << command << ": cannot read " << path << ": " << std::strerror(errno) << "\n";
    return std::nullopt;
  }
  std::ostringstream text;
  text << in.rdbuf();
  if (in.bad()) {
    std::cerr << command << ": reading " << path << " failed\n";
    return std::nullopt;
  }
  auto parsed = reports::read_load_json(text.str());
  if (const auto* error = std::get_if<std::string>(&parsed)) {
    std::cerr << command << ": " << path << ": " << *error << "\n";
    return std::nullopt;
  }
  return std::get<reports::LoadResult>(std::move(parsed));
}

}  // namespace syncsuite::cli

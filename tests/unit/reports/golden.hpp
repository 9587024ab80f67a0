#pragma once
// Golden-file comparison: the output must equal tests/golden/reports/<name> byte for byte.
// SYNCSUITE_UPDATE_GOLDEN=1 rewrites the file instead (review the diff before committing it).
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <string_view>

namespace syncsuite::reports::testing {

inline std::filesystem::path golden_path(const std::string& name) {
  return std::filesystem::path(SYNCSUITE_SOURCE_DIR) / "tests" / "golden" / "reports" / name;
}

inline std::string read_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream content;
  content << in.rdbuf();
  return content.str();
}

// Line number (1-based) and text of the first line where a and b differ.
inline std::string first_difference(std::string_view a, std::string_view b) {
  std::size_t line = 1;
  std::size_t start = 0;
  std::size_t i = 0;
  while (i < a.size() && i < b.size() && a[i] == b[i]) {
    if (a[i] == '\n') {
      ++line;
      start = i + 1;
    }
    ++i;
  }
  auto line_of = [start](std::string_view s) {
    const std::string_view rest = s.substr(std::min(start, s.size()));
    return std::string(rest.substr(0, std::min(rest.find('\n'), std::size_t{300})));
  };
  return "line " + std::to_string(line) + "\n  golden: " + line_of(b) + "\n  actual: " + line_of(a);
}

inline void expect_golden(const std::string& actual, const std::string& name) {
  const std::filesystem::path path = golden_path(name);
  const char* update = std::getenv("SYNCSUITE_UPDATE_GOLDEN");
  if (update != nullptr && std::string_view(update) == "1") {
    std::filesystem::create_directories(path.parent_path());
    std::ofstream(path, std::ios::binary) << actual;
    std::cout << "[golden] rewrote " << path << "\n";
    return;
  }
  ASSERT_TRUE(std::filesystem::exists(path))
      << path << " is missing; run with SYNCSUITE_UPDATE_GOLDEN=1 to create it";
  const std::string golden = read_file(path);
  EXPECT_TRUE(actual == golden)
      << name << " differs from the golden file at " << first_difference(actual, golden)
      << "\n(after an intended change: rerun with SYNCSUITE_UPDATE_GOLDEN=1 "
         "and review the diff)";
}

}  // namespace syncsuite::reports::testing

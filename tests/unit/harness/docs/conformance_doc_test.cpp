// docs/conformance.md states the catalogue's size and the mutation score: it must name every
// check id of scenarios/checks.yaml and every built-in mutant, so that it cannot drift silently.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "harness/scenario/check_registry.hpp"
#include "reference/server/sync_service.hpp"

namespace syncsuite {
namespace {

const std::filesystem::path kSource(SYNCSUITE_SOURCE_DIR);

std::string read(const std::filesystem::path& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

TEST(ConformanceDoc, NamesEveryCheckId) {
  std::vector<scenario::LoadError> errors;
  const auto registry = scenario::CheckRegistry::load(kSource / "scenarios" / "checks.yaml", errors);
  ASSERT_TRUE(errors.empty());
  ASSERT_FALSE(registry.checks().empty());
  const std::string doc = read(kSource / "docs" / "conformance.md");
  for (const auto& check : registry.checks()) {
    EXPECT_NE(doc.find("`" + check.id + "`"), std::string::npos) << check.id << " missing from docs/conformance.md";
  }
  EXPECT_NE(doc.find(std::to_string(registry.checks().size()) + " check ids"), std::string::npos)
      << "docs/conformance.md does not state the number of check ids";
}

TEST(ConformanceDoc, NamesEveryMutantAndTheScore) {
  const std::string doc = read(kSource / "docs" / "conformance.md");
  for (const auto& mutant : server::mutants()) {
    EXPECT_NE(doc.find("`" + mutant.name + "`"), std::string::npos) << mutant.name << " missing from docs/conformance.md";
  }
  const auto n = std::to_string(server::mutants().size());
  EXPECT_NE(doc.find(n + " of " + n), std::string::npos) << "the mutation score is not stated as " << n << " of " << n;
}

}  // namespace
}  // namespace syncsuite

// The client registry (scenarios/client-checks.yaml) and the client docs stay in step with the
// checks the journal judge can produce: an id it emits but nobody declared would be reported
// without its contract sentence, and an undocumented one would surprise the reader of a report.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "harness/client/journal_checks.hpp"
#include "harness/scenario/check_registry.hpp"

namespace syncsuite::client_checks {
namespace {

const std::filesystem::path kSource(SYNCSUITE_SOURCE_DIR);

TEST(ClientRegistry, DeclaresAndDocumentsEveryJournalCheck) {
  std::vector<scenario::LoadError> errors;
  const auto registry = scenario::CheckRegistry::load(kSource / "scenarios" / "client-checks.yaml", errors);
  ASSERT_TRUE(errors.empty()) << scenario::to_string(errors);
  std::ifstream in(kSource / "docs" / "client-conformance.md");
  std::stringstream doc;
  doc << in.rdbuf();
  for (const auto& id : journal_check_ids()) {
    EXPECT_NE(registry.find(id), nullptr) << id << " is not declared in scenarios/client-checks.yaml";
    EXPECT_NE(doc.str().find("`" + id + "`"), std::string::npos) << id << " missing from docs/client-conformance.md";
  }
}

}  // namespace
}  // namespace syncsuite::client_checks

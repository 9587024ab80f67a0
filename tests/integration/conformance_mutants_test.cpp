// Mutation testing of the catalogue: the embedded server started as each deliberately broken
// mutant (reference/server/sync_service.hpp mutants()) must fail at least one check. Prints which
// checks caught each mutant and, at the end, the mutation score.
#include <gtest/gtest.h>

#include <cctype>
#include <filesystem>
#include <iostream>
#include <map>
#include <set>

#include "harness/runner/embedded_server.hpp"
#include "harness/runner/suite_runner.hpp"
#include "reference/server/sync_service.hpp"
#include "tests/support/test_names.hpp"

namespace syncsuite::runner {
namespace {

std::map<std::string, bool>& caught() {
  static std::map<std::string, bool> results;
  return results;
}

class ScoreReport : public ::testing::Environment {
 public:
  void TearDown() override {
    if (caught().empty()) return;
    std::size_t killed = 0;
    for (const auto& [name, was_caught] : caught()) killed += was_caught ? 1 : 0;
    std::cout << "mutation score: " << killed << "/" << caught().size() << " mutants caught\n";
  }
};
[[maybe_unused]] ::testing::Environment* const kScore = ::testing::AddGlobalTestEnvironment(new ScoreReport);

Catalogue& catalogue() {
  static Catalogue c = [] {
    const auto root = std::filesystem::path(SYNCSUITE_SOURCE_DIR) / "scenarios";
    std::vector<scenario::LoadError> errors;
    auto loaded = load_catalogue({root / "conformance"}, root / "checks.yaml", errors);
    EXPECT_TRUE(errors.empty()) << scenario::to_string(errors);
    return loaded;
  }();
  return c;
}

std::vector<std::string> mutant_names() {
  std::vector<std::string> names;
  for (const auto& m : server::mutants()) names.push_back(m.name);
  return names;
}

class ConformanceMutants : public ::testing::TestWithParam<std::string> {};

TEST_P(ConformanceMutants, TheCatalogueCatchesIt) {
  const std::string mutant = GetParam();
  auto server = EmbeddedServer::start(mutant);
  ASSERT_TRUE(server.ok()) << server.error().message;
  Target target{(*server)->url(), (*server)->tokens(), "mutant " + mutant};
  SuiteOptions options;
  options.seed = 7;
  const auto result = run_suite(catalogue(), select_scenarios(catalogue(), {}), target, options, nullptr);
  ASSERT_TRUE(result.ok()) << result.error().message;
  std::set<std::string> failing;
  std::size_t errors = 0;
  for (const auto& sc : result->scenarios) {
    for (const auto& c : sc.checks) {
      if (c.verdict == reports::Verdict::fail) failing.insert(c.id);
      if (c.verdict == reports::Verdict::error) ++errors;
    }
  }
  std::string ids;
  for (const auto& id : failing) ids += " " + id;
  std::cout << "mutant " << mutant << ": " << (failing.empty() ? "NOT caught" : "caught by") << ids
            << (errors ? " (+" + std::to_string(errors) + " checks errored)" : "") << "\n";
  caught()[mutant] = !failing.empty();
  EXPECT_FALSE(failing.empty()) << "no check failed against mutant " << mutant;
}

INSTANTIATE_TEST_SUITE_P(EveryMutant, ConformanceMutants, ::testing::ValuesIn(mutant_names()),
                         [](const ::testing::TestParamInfo<std::string>& info) {
                           return test::camel_name(info.param);
                         });

}  // namespace
}  // namespace syncsuite::runner

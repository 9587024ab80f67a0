// Client conformance, the gate's own power on the client side: the client catalogue
// (scenarios/client) against `syncsuite adapter` (the reference client behind contract 9) passes
// every check, and against each client mutant (`syncsuite adapter --mutant NAME`) fails at least
// one. Prints which checks caught each mutant and, at the end, the client mutation score.
#include <gtest/gtest.h>

#include <cctype>
#include <filesystem>
#include <iostream>
#include <map>
#include <set>

#include "harness/client/client_suite.hpp"
#include "reference/client/mutations.hpp"
#include "tests/support/test_names.hpp"

namespace syncsuite::client_checks {
namespace {

std::map<std::string, bool>& caught() {
  static std::map<std::string, bool> results;
  return results;
}

class ClientScoreReport : public ::testing::Environment {
 public:
  void TearDown() override {
    if (caught().empty()) return;
    std::size_t killed = 0;
    for (const auto& [name, was_caught] : caught()) killed += was_caught ? 1 : 0;
    std::cout << "client mutation score: " << killed << "/" << caught().size() << " mutants caught\n";
  }
};
[[maybe_unused]] ::testing::Environment* const kScore = ::testing::AddGlobalTestEnvironment(new ClientScoreReport);

runner::Catalogue& catalogue() {
  static runner::Catalogue c = [] {
    const auto root = std::filesystem::path(SYNCSUITE_SOURCE_DIR) / "scenarios";
    std::vector<scenario::LoadError> errors;
    auto loaded = runner::load_catalogue({root / "client"}, root / "client-checks.yaml", errors);
    EXPECT_TRUE(errors.empty()) << scenario::to_string(errors);
    return loaded;
  }();
  return c;
}

std::string adapter(const std::string& mutant) {
  const std::string exe = std::string(SYNCSUITE_BINARY_DIR) + "/syncsuite adapter";
  return mutant.empty() ? exe : exe + " --mutant " + mutant;
}

Result<reports::RunResult> run(const std::string& mutant) {
  ClientSuiteOptions options;
  options.adapter = adapter(mutant);
  options.seed = 11;
  options.request_limit = std::chrono::milliseconds(20000);
  return run_client_suite(catalogue(), runner::select_scenarios(catalogue(), {}), options, nullptr);
}

TEST(ClientConformance, TheReferenceAdapterPassesEveryCheck) {
  const auto result = run("");
  ASSERT_TRUE(result.ok()) << result.error().message;
  ASSERT_FALSE(result->scenarios.empty());
  std::size_t judged = 0;
  for (const auto& sc : result->scenarios) {
    EXPECT_EQ(sc.verdict, reports::Verdict::pass) << sc.name << ": " << sc.error;
    for (const auto& c : sc.checks) {
      ++judged;
      EXPECT_EQ(c.verdict, reports::Verdict::pass)
          << sc.name << " / " << c.id << " at " << c.scenario_step << ": expected " << c.expected
          << "; actual " << c.actual << " " << c.message;
    }
  }
  std::cout << "client catalogue: " << result->scenarios.size() << " scenarios, " << judged
            << " check results against the reference adapter\n";
}

// Slips that show only when the user edits a record while a sync of it is in flight. Contract 9
// has one request at a time, so no adapter can be asked to edit during its own sync: these are
// shown by the in-process stories of tests/unit/reference/client/mutations_test.cpp instead.
const std::set<std::string> kNeedsAnEditDuringASync = {"edit-during-push-synced", "conflict-overwritten"};

std::vector<std::string> mutant_names() {
  std::vector<std::string> names;
  for (const auto& m : client::client_mutants()) {
    if (!kNeedsAnEditDuringASync.count(m.name)) names.push_back(m.name);
  }
  return names;
}

TEST(ClientMutantsOutOfReach, AreStillMutantsOfTheTable) {
  std::set<std::string> names;
  for (const auto& m : client::client_mutants()) names.insert(m.name);
  for (const auto& m : kNeedsAnEditDuringASync) EXPECT_TRUE(names.count(m)) << m;
}

class ClientMutants : public ::testing::TestWithParam<std::string> {};

TEST_P(ClientMutants, TheClientCatalogueCatchesIt) {
  const std::string mutant = GetParam();
  const auto result = run(mutant);
  ASSERT_TRUE(result.ok()) << result.error().message;
  std::set<std::string> failing;
  for (const auto& sc : result->scenarios) {
    for (const auto& c : sc.checks) {
      if (c.verdict == reports::Verdict::fail) failing.insert(c.id);
    }
  }
  std::string ids;
  for (const auto& id : failing) ids += " " + id;
  std::cout << "client mutant " << mutant << ": " << (failing.empty() ? "NOT caught" : "caught by") << ids << "\n";
  caught()[mutant] = !failing.empty();
  EXPECT_FALSE(failing.empty()) << "no check failed against client mutant " << mutant;
}

INSTANTIATE_TEST_SUITE_P(EveryMutant, ClientMutants, ::testing::ValuesIn(mutant_names()),
                         [](const ::testing::TestParamInfo<std::string>& info) {
                           return test::camel_name(info.param);
                         });

}  // namespace
}  // namespace syncsuite::client_checks

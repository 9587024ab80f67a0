// The load engine end to end over real sockets against the embedded reference server: closed and
// open models, the final check (passing on the correct server, failing on servers that lose or
// reorder writes), shards that add up, and the errors that stop a run before it starts.
#include "harness/load/load_run.hpp"

#include <gtest/gtest.h>

#include "harness/load/worker.hpp"
#include "harness/runner/embedded_server.hpp"
#include "reports/load_merge.hpp"
#include "reports/load_metrics.hpp"

namespace syncsuite::load {
namespace {

using namespace std::chrono_literals;

LoadProfile parse(const std::string& text) {
  std::vector<scenario::LoadError> errors;
  auto profile = parse_profile(text, "test.yaml", errors);
  EXPECT_TRUE(profile.has_value()) << scenario::to_string(errors);
  return profile ? *profile : LoadProfile{};
}

// Every action, two accounts of three devices, briefly.
const char* kClosed = R"(name: t-closed
model: closed
devices: 6
devices_per_account: 3
records_per_account: 40
warmup: 300ms
duration: 1500ms
think_time: {min: 0ms, max: 20ms}
timeout: 5s
mix:
  - {action: push, weight: 30, records: 4, bytes: 200}
  - {action: pull, weight: 20, limit: 7}
  - {action: status, weight: 5}
  - {action: conflict, weight: 10, resolution: merged}
  - {action: conflict, name: conflict_local, weight: 5, resolution: local}
  - {action: delete, weight: 5, records: 2}
thresholds:
  - "error_rate < 1%"
)";

Result<reports::LoadResult> run(const LoadProfile& profile, const std::string& mutant = "",
                                int shard_index = 0, int shard_count = 1) {
  LoadRunOptions options;
  options.profile = &profile;
  options.embedded_mutant = mutant;
  options.seed = 7;
  options.threads = 2;
  options.shard_index = shard_index;
  options.shard_count = shard_count;
  return run_load(options);
}

TEST(LoadRun, ClosedModelRunsEveryActionAndKeepsEveryWrite) {
  auto profile = parse(kClosed);
  auto result = run(profile);
  ASSERT_TRUE(result.ok()) << result.error().message;
  const auto& r = *result;
  EXPECT_EQ(r.devices, 6u);
  EXPECT_EQ(r.accounts, 2u);
  EXPECT_EQ(r.model, "closed");
  EXPECT_DOUBLE_EQ(r.duration_s, 1.5);
  ASSERT_EQ(r.actions.size(), 6u);
  for (const auto& a : r.actions) {
    EXPECT_GT(a.requests, 0u) << a.action;
    // Only a resolve that met a newer write on every attempt may fail: a race, not a fault.
    auto others = a.errors;
    others.erase("conflict");
    EXPECT_TRUE(others.empty()) << a.action << ": " << reports::error_count(a) << " errors";
    EXPECT_EQ(a.latency.count(), a.requests) << a.action;
  }
  EXPECT_GT(reports::find_action(r, "push")->records, 0u);
  EXPECT_GE(r.intervals.size(), 1u);
  EXPECT_TRUE(r.correctness.passed()) << (r.correctness.problems.empty() ? "" : r.correctness.problems[0]);
  EXPECT_GT(r.correctness.acknowledged_writes, 0u);
  EXPECT_GT(r.correctness.records_checked, 0u);
  EXPECT_EQ(r.correctness.unknown_outcome, 0u);
  EXPECT_EQ(r.thresholds, std::vector<std::string>{"error_rate < 1%"});
  EXPECT_GT(r.peak_rss_bytes, 0u);
}

TEST(LoadRun, OpenModelServesThePlannedArrivals) {
  auto profile = parse(R"(name: t-open
model: open
devices: 8
devices_per_account: 2
records_per_account: 50
rate: 100
duration: 1s
mix:
  - {action: push, weight: 3, records: 2}
  - {action: pull}
)");
  auto result = run(profile);
  ASSERT_TRUE(result.ok()) << result.error().message;
  std::uint64_t started = 0;
  for (const auto& a : result->actions) started += a.requests + a.dropped;
  // 100 arrivals planned in the measured second, each either served or dropped, never hidden.
  EXPECT_EQ(started, 100u);
  EXPECT_TRUE(result->correctness.passed());
}

TEST(LoadRun, OpenModelDropsArrivalsThatFindNoFreeDevice) {
  auto profile = parse(R"(name: t-drop
model: open
devices: 1
rate: 2000
duration: 500ms
mix:
  - {action: push, records: 50, bytes: 2000}
)");
  auto result = run(profile);
  ASSERT_TRUE(result.ok()) << result.error().message;
  const auto& push = result->actions.at(0);
  EXPECT_EQ(push.requests + push.dropped, 1000u);
  EXPECT_GT(push.dropped, 0u);
}

// Deletes spread over a record space so wide that no later push overwrites them: every delete
// must reach the account's other devices, whatever the timing of the run.
const char* kDeletes = R"(name: t-deletes
model: closed
devices: 6
devices_per_account: 3
records_per_account: 100000
duration: 1s
think_time: {min: 0ms, max: 5ms}
mix:
  - {action: push, records: 4}
  - {action: delete, records: 4}
  - {action: pull}
)";

struct MutantCase {
  const char* mutant;
  const char* profile;
};

void PrintTo(const MutantCase& c, std::ostream* os) { *os << c.mutant; }

// Servers that break the contract in ways only traffic shows: the final check must fail.
class LoadRunMutant : public ::testing::TestWithParam<MutantCase> {};

TEST_P(LoadRunMutant, FinalCheckFails) {
  auto profile = parse(GetParam().profile);
  auto result = run(profile, GetParam().mutant);
  ASSERT_TRUE(result.ok()) << result.error().message;
  EXPECT_FALSE(result->correctness.passed()) << GetParam().mutant << " went unnoticed";
  EXPECT_FALSE(result->correctness.problems.empty());
}

INSTANTIATE_TEST_SUITE_P(Mutants, LoadRunMutant,
                         ::testing::Values(MutantCase{"no-conflict-check", kClosed},
                                           MutantCase{"pull-skips-boundary", kClosed},
                                           MutantCase{"pull-no-tombstones", kDeletes}),
                         [](const auto& info) {
                           std::string name = info.param.mutant;
                           std::erase(name, '-');
                           return name;
                         });

TEST(LoadRun, DeletesReachEveryDeviceOnACorrectServer) {
  auto profile = parse(kDeletes);
  auto result = run(profile);
  ASSERT_TRUE(result.ok()) << result.error().message;
  EXPECT_TRUE(result->correctness.passed())
      << (result->correctness.problems.empty() ? "" : result->correctness.problems[0]);
  EXPECT_GT(reports::find_action(*result, "delete")->requests, 0u);
}

TEST(LoadRun, ShardsSplitTheRunAndMergeExactly) {
  auto profile = parse(kClosed);
  auto a = run(profile, "", 0, 2);
  auto b = run(profile, "", 1, 2);
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_EQ(a->devices + b->devices, 6u);
  EXPECT_EQ(a->accounts + b->accounts, 2u);
  auto merged = reports::merge_load_results({*a, *b});
  ASSERT_TRUE(std::holds_alternative<reports::LoadResult>(merged)) << std::get<std::string>(merged);
  const auto& m = std::get<reports::LoadResult>(merged);
  EXPECT_EQ(m.devices, 6u);
  for (std::size_t i = 0; i < m.actions.size(); ++i) {
    EXPECT_EQ(m.actions[i].requests, a->actions[i].requests + b->actions[i].requests);
    EXPECT_EQ(m.actions[i].latency.count(), a->actions[i].latency.count() + b->actions[i].latency.count());
  }
  EXPECT_TRUE(m.correctness.passed());
}

TEST(LoadRun, AnUnreachableTargetStopsTheRunBeforeItStarts) {
  auto profile = parse(kClosed);
  LoadRunOptions options;
  options.profile = &profile;
  options.target = "http://127.0.0.1:1";
  options.tokens = {"t1", "t2"};
  auto result = run_load(options);
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().code, "unreachable");
  EXPECT_NE(result.error().message.find("127.0.0.1:1"), std::string::npos) << result.error().message;
}

TEST(LoadRun, TooFewAccountsIsAUsageError) {
  auto profile = parse(kClosed);
  LoadRunOptions options;
  options.profile = &profile;
  options.target = "http://127.0.0.1:1";
  options.tokens = {"t1"};
  auto result = run_load(options);
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().code, "usage");
  EXPECT_NE(result.error().message.find("needs 2"), std::string::npos) << result.error().message;
}

TEST(LoadRun, ARefusedTokenStopsTheRun) {
  auto server = runner::EmbeddedServer::start("", 1);
  ASSERT_TRUE(server.ok());
  auto profile = parse(kClosed);
  LoadRunOptions options;
  options.profile = &profile;
  options.target = (*server)->url();
  options.tokens = {(*server)->tokens()[0], "not-a-token"};
  auto result = run_load(options);
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().code, "unreachable");
  EXPECT_NE(result.error().message.find("account 1"), std::string::npos) << result.error().message;
}

// ---- raw mode: every entry raw, plain http ----

TEST(RawMode, IsForAllRawProfilesOverPlainHttp) {
  auto raw = parse("name: r\nmodel: closed\ndevices: 2\nduration: 1s\nmix:\n  - {action: raw, path: /healthz}\n");
  auto mixed = parse(
      "name: m\nmodel: closed\ndevices: 2\nduration: 1s\nmix:\n  - {action: raw, path: /healthz}\n"
      "  - {action: status}\n");
  const auto http = net::TargetUrl::parse("http://127.0.0.1:8080").value();
  const auto https = net::TargetUrl::parse("https://127.0.0.1:8443").value();
  EXPECT_TRUE(runs_raw(raw, http));
  EXPECT_FALSE(runs_raw(raw, https));
  EXPECT_FALSE(runs_raw(mixed, http));
}

TEST(RawMode, ClosedModelCountsEveryRequestAndHasNoDevicesToCheck) {
  auto profile = parse(R"(name: t-raw
model: closed
devices: 6
devices_per_account: 2
warmup: 200ms
duration: 1s
mix:
  - {action: raw, weight: 3, path: /healthz}
  - {action: raw, name: status_raw, path: /api/v1/sync/status/}
  - {action: raw, name: missing, path: /nowhere/}
)");
  auto result = run(profile);
  ASSERT_TRUE(result.ok()) << result.error().message;
  const auto& r = *result;
  EXPECT_EQ(r.devices, 6u);
  EXPECT_EQ(r.accounts, 3u);
  ASSERT_EQ(r.actions.size(), 3u);
  std::uint64_t per_second = 0;
  for (const auto& a : r.actions) {
    EXPECT_GT(a.requests, 0u) << a.action;
    EXPECT_EQ(a.latency.count(), a.requests) << a.action;
  }
  for (const auto& i : r.intervals) per_second += i.requests;
  const auto* healthz = reports::find_action(r, "raw");
  const auto* status = reports::find_action(r, "status_raw");
  const auto* missing = reports::find_action(r, "missing");
  EXPECT_EQ(healthz->ok, healthz->requests);
  EXPECT_GT(healthz->bytes, 0u);  // the answers' bodies
  EXPECT_EQ(status->ok, status->requests);  // the account's token went along
  EXPECT_EQ(missing->ok, 0u);
  EXPECT_EQ(missing->errors.at("http_4xx"), missing->requests);
  EXPECT_EQ(per_second, healthz->requests + status->requests + missing->requests);
  EXPECT_EQ(r.correctness.records_checked, 0u);
  EXPECT_TRUE(r.correctness.passed());
}

TEST(RawMode, OpenModelServesThePlannedArrivals) {
  auto profile = parse(R"(name: t-raw-open
model: open
devices: 4
rate: 200
duration: 1s
mix:
  - {action: raw, path: /healthz}
)");
  auto result = run(profile);
  ASSERT_TRUE(result.ok()) << result.error().message;
  const auto& a = result->actions.at(0);
  EXPECT_EQ(a.requests + a.dropped, 200u);
  EXPECT_EQ(a.ok, a.requests);
}

TEST(RawMode, AnUnreachableTargetStopsTheRunBeforeItStarts) {
  auto profile = parse("name: r\nmodel: closed\ndevices: 2\nduration: 1s\nmix:\n  - {action: raw, path: /healthz}\n");
  LoadRunOptions options;
  options.profile = &profile;
  options.target = "http://127.0.0.1:1";
  options.tokens = {"t1", "t2"};
  auto result = run_load(options);
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().code, "unreachable");
  EXPECT_NE(result.error().message.find("127.0.0.1:1"), std::string::npos) << result.error().message;
}

}  // namespace
}  // namespace syncsuite::load

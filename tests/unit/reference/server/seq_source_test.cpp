// The cursor rule of contract section 5 under concurrency: several threads push while another
// follows the cursor; afterwards the puller must hold every record at its latest version. The
// cursor-before-commit mutant (seq taken before the write lock) must break exactly this.
#include "reference/server/seq_source.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <map>
#include <string>
#include <thread>
#include <vector>

#include "tests/unit/reference/server/server_fixture.hpp"

namespace syncsuite::server::fixture {
namespace {

struct RaceOutcome {
  std::map<std::string, std::int64_t> seen;   // what the concurrent puller ended with
  std::map<std::string, std::int64_t> truth;  // a full pull after the race
  int failed_requests = 0;
};

// `pushers` threads each push `pushes` batches (a new record, and a later edit of the previous
// one) while one thread pulls small pages; then the puller drains from its last cursor.
RaceOutcome race(SyncService& service, const std::string& token, int pushers, int pushes) {
  const Keys keys;
  std::atomic<int> finished{0};
  std::atomic<int> failed{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < pushers; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < pushes; ++i) {
        const std::string prefix = "t" + std::to_string(t) + "-";
        std::vector<Envelope> batch = {keys.seal("race", prefix + std::to_string(i), at(i), {})};
        if (i > 0) batch.push_back(keys.seal("race", prefix + std::to_string(i - 1), at(i), {}));
        const json body = {{"device_id", "d" + std::to_string(t)},
                           {"records", envelopes_json(batch)}};
        const auto response = service.handle(
            make_request("POST", std::string(protocol::kPushPath), token, body.dump()));
        if (response.status != 200) ++failed;
      }
      ++finished;
    });
  }
  RaceOutcome outcome;
  std::string cursor;
  auto pull_page = [&]() -> bool {  // true when has_more
    const auto response = service.handle(make_request(
        "GET", std::string(protocol::kPullPath) + "?limit=3&since=" + cursor, token));
    if (response.status != 200) {
      ++failed;
      return false;
    }
    const auto body = json::parse(response.body);
    for (const auto& r : body["records"]) {
      auto& version = outcome.seen[r["id"].get<std::string>()];
      version = std::max(version, r["version"].get<std::int64_t>());
    }
    cursor = body["cursor"].get<std::string>();
    return body["has_more"].get<bool>();
  };
  for (int rounds = 0; finished.load() < pushers && rounds < 100'000; ++rounds) pull_page();
  for (auto& thread : threads) thread.join();
  for (int pages = 0; pages < 10'000 && pull_page(); ++pages) {
  }
  // The truth: everything, from the beginning, after the race.
  std::string since;
  for (int pages = 0; pages < 10'000; ++pages) {
    const auto body = json::parse(
        service
            .handle(make_request("GET", std::string(protocol::kPullPath) + "?since=" + since,
                                 token))
            .body);
    for (const auto& r : body["records"]) {
      outcome.truth[r["id"].get<std::string>()] = r["version"].get<std::int64_t>();
    }
    since = body["cursor"].get<std::string>();
    if (!body["has_more"].get<bool>()) break;
  }
  outcome.failed_requests = failed.load();
  return outcome;
}

TEST(SeqSource, CorrectServerSkipsNothingUnderConcurrentPushes) {
  ScratchDir dir;
  auto service = SyncService::open({dir.path() / "s.db", ""});
  ASSERT_TRUE(service.ok());
  const auto token = (*service)->create_account().value();
  const int pushers = 4;
  const int pushes = 25;
  const auto outcome = race(**service, token, pushers, pushes);
  EXPECT_EQ(outcome.failed_requests, 0);
  ASSERT_EQ(outcome.truth.size(), static_cast<std::size_t>(pushers * pushes));
  EXPECT_EQ(outcome.seen, outcome.truth);
}

TEST(SeqSource, CursorBeforeCommitMutantSkipsUnderConcurrentPushes) {
  ScratchDir dir;
  auto service = SyncService::open({dir.path() / "s.db", "cursor-before-commit"});
  ASSERT_TRUE(service.ok());
  bool skipped = false;
  // Bounded: the interleaving is up to the scheduler, so give it several chances.
  for (int round = 0; round < 20 && !skipped; ++round) {
    const auto token = (*service)->create_account().value();
    const auto outcome = race(**service, token, 4, 12);
    EXPECT_EQ(outcome.failed_requests, 0);
    EXPECT_EQ(outcome.truth.size(), 48u);
    skipped = outcome.seen != outcome.truth;
  }
  EXPECT_TRUE(skipped) << "the mutant never made a puller miss a write";
}

TEST(SeqSource, MutantStillServesSequentialClientsCorrectly) {
  // Without concurrency the mutant looks correct: it is a concurrency-only bug.
  ScratchDir dir;
  auto service = SyncService::open({dir.path() / "s.db", "cursor-before-commit"});
  ASSERT_TRUE(service.ok());
  const auto token = (*service)->create_account().value();
  const auto outcome = race(**service, token, 1, 10);
  EXPECT_EQ(outcome.failed_requests, 0);
  EXPECT_EQ(outcome.seen, outcome.truth);
}

}  // namespace
}  // namespace syncsuite::server::fixture

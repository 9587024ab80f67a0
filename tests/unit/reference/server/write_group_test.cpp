// Group commit (write_group.hpp) on a real SQLite file: requests that arrive while a group is
// being written share the next transaction, each inside its own savepoint, so one request's
// failure undoes its own writes only and every success is committed before run() returns.
#include "reference/server/write_group.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "reference/server/token_hash.hpp"
#include "tests/unit/reference/server/server_fixture.hpp"

namespace syncsuite::server::fixture {
namespace {

bool has_account(ServerStore& store, const std::string& token) {
  auto db = store.acquire();
  if (!db) return false;
  auto found = (*db)->account_by_token_hash(hash_token(token));
  return found && found->has_value();
}

// Waits (bounded) until `count` requests are queued behind the running group.
bool wait_for_queue(WriteGroup& group, std::size_t count) {
  for (int i = 0; i < 5000; ++i) {
    if (group.waiting() >= count) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  return false;
}

class WriteGroupTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto opened = ServerStore::open(dir_.path() / "server.sqlite3");
    ASSERT_TRUE(opened) << opened.error().message;
    store_ = std::move(*opened);
  }

  ScratchDir dir_;
  std::unique_ptr<ServerStore> store_;
  WriteGroup group_;
};

TEST_F(WriteGroupTest, ALoneRequestIsCommittedBeforeRunReturns) {
  auto db = store_->acquire();
  ASSERT_TRUE(db);
  const Status st = group_.run(**db, [](ServerDb& w) { return w.insert_account(hash_token("a")); });
  ASSERT_TRUE(st) << st.error().message;
  EXPECT_FALSE((*db)->in_transaction());
  EXPECT_TRUE(has_account(*store_, "a"));
}

TEST_F(WriteGroupTest, ALoneFailingRequestLeavesNothing) {
  auto db = store_->acquire();
  ASSERT_TRUE(db);
  const Status st = group_.run(**db, [](ServerDb& w) -> Status {
    if (auto s = w.insert_account(hash_token("gone")); !s) return s;
    return make_error("refused", "the work refuses after writing");
  });
  ASSERT_FALSE(st);
  EXPECT_EQ(st.error().code, "refused");
  EXPECT_FALSE((*db)->in_transaction());
  EXPECT_FALSE(has_account(*store_, "gone"));
}

TEST_F(WriteGroupTest, AnExceptionIsThatRequestsErrorAndUndoesItsWrites) {
  auto db = store_->acquire();
  ASSERT_TRUE(db);
  const Status st = group_.run(**db, [](ServerDb& w) -> Status {
    (void)w.insert_account(hash_token("thrown"));
    throw std::runtime_error("boom");
  });
  ASSERT_FALSE(st);
  EXPECT_EQ(st.error().code, "internal");
  EXPECT_FALSE(has_account(*store_, "thrown"));
}

// The first request holds its group open until the others are queued; they then form one group
// of several, where the failing one is undone alone.
TEST_F(WriteGroupTest, QueuedRequestsShareOneGroupAndAFailureUndoesOnlyItsOwnWrites) {
  constexpr int kOthers = 6;
  constexpr int kFailing = 3;
  std::atomic<bool> writing{false};
  std::atomic<bool> release{false};
  std::vector<Status> outcomes(kOthers + 1, ok_status());
  std::vector<std::thread> threads;
  std::thread leader([&] {
    auto db = store_->acquire();
    if (!db) return;
    outcomes[kOthers] = group_.run(**db, [&](ServerDb& w) {
      writing = true;
      for (int i = 0; i < 5000 && !release; ++i) {
        std::this_thread::sleep_for(std::chrono::milliseconds(1));
      }
      return w.insert_account(hash_token("leader"));
    });
  });
  // Only once the leader is writing do the others start, so they all queue behind it.
  for (int i = 0; i < 5000 && !writing; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  if (!writing) {
    release = true;
    leader.join();
    FAIL() << "the leader never started";
  }
  for (int t = 0; t < kOthers; ++t) {
    threads.emplace_back([&, t] {
      auto db = store_->acquire();
      if (!db) return;
      outcomes[t] = group_.run(**db, [t](ServerDb& w) -> Status {
        if (auto s = w.insert_account(hash_token("t" + std::to_string(t))); !s) return s;
        if (t == kFailing) return make_error("refused", "this one fails after writing");
        return ok_status();
      });
    });
  }
  const bool queued = wait_for_queue(group_, kOthers);
  release = true;
  leader.join();
  for (auto& thread : threads) thread.join();
  ASSERT_TRUE(queued) << "the other requests never queued behind the leader";

  EXPECT_TRUE(outcomes[kOthers]);
  EXPECT_TRUE(has_account(*store_, "leader"));
  for (int t = 0; t < kOthers; ++t) {
    const std::string token = "t" + std::to_string(t);
    if (t == kFailing) {
      EXPECT_FALSE(outcomes[t]);
      EXPECT_FALSE(has_account(*store_, token)) << token;
    } else {
      EXPECT_TRUE(outcomes[t]) << token << ": " << outcomes[t].error().message;
      EXPECT_TRUE(has_account(*store_, token)) << token;
    }
  }
  EXPECT_EQ(group_.waiting(), 0U);
}

// Many writers at once, each write a read-modify-write of a shared counter: with one writer at a
// time and every success committed, the counter ends at exactly the number of successes.
TEST_F(WriteGroupTest, ConcurrentWritersLoseNoWrite) {
  constexpr int kThreads = 8;
  constexpr int kWrites = 40;
  std::atomic<int> failures{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&] {
      auto db = store_->acquire();
      if (!db) {
        ++failures;
        return;
      }
      for (int i = 0; i < kWrites; ++i) {
        const Status st = group_.run(**db, [](ServerDb& w) -> Status {
          auto current = w.current_seq(7);
          if (!current) return current.error();
          return w.raise_seq(7, *current + 1);
        });
        if (!st) ++failures;
      }
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(failures, 0);
  auto db = store_->acquire();
  ASSERT_TRUE(db);
  auto seq = (*db)->current_seq(7);
  ASSERT_TRUE(seq);
  EXPECT_EQ(*seq, kThreads * kWrites);
}

}  // namespace
}  // namespace syncsuite::server::fixture

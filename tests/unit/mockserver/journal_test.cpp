#include "mockserver/journal.hpp"

#include <gtest/gtest.h>

#include <set>
#include <string>
#include <thread>
#include <vector>

namespace syncsuite::mockserver {
namespace {

JournalEntry entry_for(const std::string& target) {
  JournalEntry entry;
  entry.method = "GET";
  entry.target = target;
  entry.status = 200;
  return entry;
}

TEST(Journal, RecordsInOrderWithSequenceNumbers) {
  Journal journal(10);
  journal.record(entry_for("/a/"));
  journal.record(entry_for("/b/"));
  const auto entries = journal.entries();
  ASSERT_EQ(entries.size(), 2u);
  EXPECT_EQ(entries[0].seq, 1u);
  EXPECT_EQ(entries[0].target, "/a/");
  EXPECT_EQ(entries[1].seq, 2u);
  EXPECT_EQ(entries[1].target, "/b/");
  EXPECT_EQ(journal.total(), 2u);
}

TEST(Journal, IsBoundedAndEvictsTheOldest) {
  Journal journal(3);
  for (int i = 1; i <= 5; ++i) {
    journal.record(entry_for("/" + std::to_string(i) + "/"));
  }
  const auto entries = journal.entries();
  ASSERT_EQ(entries.size(), 3u);
  EXPECT_EQ(entries.front().target, "/3/");
  EXPECT_EQ(entries.back().target, "/5/");
  EXPECT_EQ(journal.total(), 5u);
  EXPECT_EQ(journal.capacity(), 3u);
}

TEST(Journal, EntriesAfterASeq) {
  Journal journal;
  for (int i = 1; i <= 4; ++i) {
    journal.record(entry_for("/" + std::to_string(i) + "/"));
  }
  const auto newer = journal.entries(2);
  ASSERT_EQ(newer.size(), 2u);
  EXPECT_EQ(newer[0].seq, 3u);
  EXPECT_TRUE(journal.entries(4).empty());
}

TEST(Journal, ClearKeepsCounting) {
  Journal journal;
  journal.record(entry_for("/a/"));
  journal.clear();
  EXPECT_TRUE(journal.entries().empty());
  journal.record(entry_for("/b/"));
  ASSERT_EQ(journal.entries().size(), 1u);
  EXPECT_EQ(journal.entries()[0].seq, 2u);
}

TEST(Journal, ConcurrentRecordsAllKeptWithDistinctSeq) {
  Journal journal(100000);
  constexpr int kThreads = 4;
  constexpr int kEach = 500;
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&journal] {
      for (int i = 0; i < kEach; ++i) {
        journal.record(entry_for("/x/"));
      }
    });
  }
  for (auto& thread : threads) {
    thread.join();
  }
  const auto entries = journal.entries();
  ASSERT_EQ(entries.size(), static_cast<std::size_t>(kThreads * kEach));
  std::set<std::uint64_t> seqs;
  for (const auto& entry : entries) {
    seqs.insert(entry.seq);
  }
  EXPECT_EQ(seqs.size(), entries.size());
  EXPECT_EQ(*seqs.rbegin(), journal.total());
}

TEST(DeviceLabel, IsAPrefixOfTheTokensSha256) {
  // SHA-256("abc") = ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad
  EXPECT_EQ(device_label(std::string_view("Token abc")), "ba7816bf8f01cfea");
  EXPECT_EQ(device_label(std::string_view("abc")), "ba7816bf8f01cfea");
  EXPECT_EQ(device_label(std::nullopt), "");
  EXPECT_NE(device_label(std::string_view("Token abd")), device_label(std::string_view("Token abc")));
}

TEST(Journal, JsonHasEveryFieldAndNeverTheToken) {
  const std::string token = "9944b09199c62bcf9418ad846dd0e4bbdfc6ee4b";
  Journal journal;
  JournalEntry entry = entry_for("/api/v1/sync/status/");
  entry.device = device_label("Token " + token);
  entry.connection = 7;
  entry.received_at = "2026-11-24T10:00:00.123Z";
  entry.fault = "drop-after-commit";
  entry.outcome = Outcome::dropped_after_commit;
  entry.handled = true;
  entry.request_bytes = 12;
  entry.response_bytes = 34;
  journal.record(entry);
  const auto json = journal.to_json();
  EXPECT_EQ(json["total"], 1);
  ASSERT_EQ(json["entries"].size(), 1u);
  const auto& e = json["entries"][0];
  EXPECT_EQ(e["seq"], 1);
  EXPECT_EQ(e["connection"], 7);
  EXPECT_EQ(e["method"], "GET");
  EXPECT_EQ(e["target"], "/api/v1/sync/status/");
  EXPECT_EQ(e["status"], 200);
  EXPECT_EQ(e["device"], entry.device);
  EXPECT_EQ(e["fault"], "drop-after-commit");
  EXPECT_EQ(e["outcome"], "dropped_after_commit");
  EXPECT_EQ(e["handled"], true);
  EXPECT_EQ(e["request_bytes"], 12);
  EXPECT_EQ(e["response_bytes"], 34);
  EXPECT_EQ(e["received_at"], "2026-11-24T10:00:00.123Z");
  EXPECT_EQ(json.dump().find(token), std::string::npos);
  EXPECT_EQ(json.dump().find(token.substr(0, 16)), std::string::npos);
}

TEST(Journal, OutcomeNames) {
  EXPECT_EQ(outcome_name(Outcome::answered), "answered");
  EXPECT_EQ(outcome_name(Outcome::rejected), "rejected");
  EXPECT_EQ(outcome_name(Outcome::dropped), "dropped");
  EXPECT_EQ(outcome_name(Outcome::reset), "reset");
  EXPECT_EQ(outcome_name(Outcome::dropped_after_commit), "dropped_after_commit");
  EXPECT_EQ(outcome_name(Outcome::truncated), "truncated");
}

}  // namespace
}  // namespace syncsuite::mockserver

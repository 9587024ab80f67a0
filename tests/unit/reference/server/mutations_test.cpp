// Each mutant changes the answer to the request its contract rule is about, and the correct
// server answers that same request right (each test runs the request against both).
#include "reference/server/mutations.hpp"

#include <gtest/gtest.h>

#include <set>
#include <string>

#include "reference/core/base64.hpp"
#include "tests/unit/reference/server/server_fixture.hpp"

namespace syncsuite::server::fixture {
namespace {

TEST(Mutations, TableListsEveryPlannedNameOnceWithSectionAndDescription) {
  const std::set<std::string> planned = {
      "auth-ignored",         "html-errors",          "method-404",
      "nonce-length-unchecked", "updated-at-reformatted", "partial-batch",
      "batch-limit-off",      "retry-bumps-version",  "tie-overwrites",
      "no-conflict-check",    "pull-skips-boundary",  "pull-no-tombstones",
      "cursor-before-commit", "resolve-ignores-version", "resolve-keeps-conflict",
      "status-count-no-tombstones", "isolation-leak", "limit-unchecked",
      "trailing-bytes-accepted",
      "table-trailing-newline", "timestamp-calendar-lax", "base64-whitespace",
      "expected-version-bool", "resolution-any-case",  "deep-nesting-500",
      "ciphertext-cut-64k",   "id-64-rejected",       "leap-day-rejected",
      "body-limit-8mib",      "pull-start-leak",      "resolve-copy-leak",
      "resolve-write-leak"};
  std::set<std::string> listed;
  for (const auto& m : mutants()) {
    EXPECT_TRUE(listed.insert(m.name).second) << "listed twice: " << m.name;
    EXPECT_FALSE(m.section.empty()) << m.name;
    EXPECT_FALSE(m.description.empty()) << m.name;
    EXPECT_TRUE(Mutations::from_name(m.name).ok()) << m.name;
  }
  EXPECT_EQ(listed, planned);
}

TEST(Mutations, EachNameSetsExactlyOneFlag) {
  for (const auto& m : mutants()) {
    const auto flags = Mutations::from_name(m.name).value();
    const bool all[] = {flags.auth_ignored,           flags.html_errors,
                        flags.method_404,             flags.nonce_length_unchecked,
                        flags.updated_at_reformatted, flags.partial_batch,
                        flags.batch_limit_off,        flags.retry_bumps_version,
                        flags.tie_overwrites,         flags.no_conflict_check,
                        flags.pull_skips_boundary,    flags.pull_no_tombstones,
                        flags.cursor_before_commit,   flags.resolve_ignores_version,
                        flags.resolve_keeps_conflict, flags.status_count_no_tombstones,
                        flags.isolation_leak,         flags.limit_unchecked,
                        flags.trailing_bytes_accepted,
                        flags.table_trailing_newline, flags.timestamp_calendar_lax,
                        flags.base64_whitespace,      flags.expected_version_bool,
                        flags.resolution_any_case,    flags.deep_nesting_500,
                        flags.ciphertext_cut_64k,     flags.id_64_rejected,
                        flags.leap_day_rejected,      flags.body_limit_8mib,
                        flags.pull_start_leak,        flags.resolve_copy_leak,
                        flags.resolve_write_leak};
    int set = 0;
    for (bool b : all) set += b ? 1 : 0;
    EXPECT_EQ(set, 1) << m.name;
  }
  EXPECT_EQ(sizeof(Mutations), 32u) << "a new flag needs a row in the mutant table";
}

TEST(Mutations, EmptyNameIsTheCorrectServerAndUnknownIsAnError) {
  const auto none = Mutations::from_name("").value();
  EXPECT_FALSE(none.auth_ignored || none.isolation_leak || none.cursor_before_commit);
  const auto unknown = Mutations::from_name("auth");
  ASSERT_FALSE(unknown.ok());
  EXPECT_NE(unknown.error().message.find("auth-ignored"), std::string::npos);
}

// Runs `check` first on the correct server (expecting `correct` true) and then on the mutant
// (expecting false), each on a fresh file.
class MutantTest : public ServerTest {
 protected:
  void SetUp() override {}
  void TearDown() override { service_.reset(); }  // before its directory goes
  void open_fresh(const std::string& mutant) {
    dir_holder_ = std::make_unique<ScratchDir>();
    service_.reset();
    auto opened = SyncService::open({dir_holder_->path() / "s.db", mutant});
    ASSERT_TRUE(opened.ok()) << opened.error().message;
    service_ = std::move(opened).value();
    token_ = new_account();
  }
  template <typename Check>
  void expect_mutant_differs(const std::string& mutant, Check check) {
    open_fresh("");
    EXPECT_TRUE(check()) << "the correct server fails the check for " << mutant;
    open_fresh(mutant);
    EXPECT_FALSE(check()) << "mutant " << mutant << " behaves correctly";
  }
  std::unique_ptr<ScratchDir> dir_holder_;
};

TEST_F(MutantTest, AuthIgnored) {
  expect_mutant_differs("auth-ignored", [&] {
    return call(make_request("GET", std::string(protocol::kStatusPath), std::nullopt)).status ==
               401 &&
           call(make_request("GET", std::string(protocol::kStatusPath), "nope")).status == 401;
  });
}

TEST_F(MutantTest, HtmlErrors) {
  expect_mutant_differs("html-errors", [&] {
    const auto r =
        call(make_request("POST", std::string(protocol::kPushPath), token_, "<not json>"));
    return r.status == 400 && r.header("Content-Type").value_or("") == "application/json";
  });
}

TEST_F(MutantTest, Method404) {
  expect_mutant_differs("method-404", [&] {
    return call(make_request("DELETE", std::string(protocol::kPushPath), token_)).status == 405;
  });
}

TEST_F(MutantTest, NonceLengthUnchecked) {
  expect_mutant_differs("nonce-length-unchecked", [&] {
    auto e = keys_.seal("t", "a", at(0), {});
    e.nonce = base64::encode(base64::Bytes(12, 7));
    return push({e}).status == 400 && status_ok()["record_count"] == 0;
  });
}

TEST_F(MutantTest, UpdatedAtReformatted) {
  expect_mutant_differs("updated-at-reformatted", [&] {
    const auto e = keys_.seal("t", "a", at(123), {});
    push_ok({e});
    return pull_ok()["records"][0]["updated_at"] == e.updated_at;
  });
}

TEST_F(MutantTest, PartialBatch) {
  expect_mutant_differs("partial-batch", [&] {
    auto good = keys_.seal("t", "a", at(0), {});
    auto bad = keys_.seal("t", "b", at(0), {});
    bad.updated_at = "yesterday";
    return push({good, bad}).status == 400 && status_ok()["record_count"] == 0;
  });
}

TEST_F(MutantTest, BatchLimitOff) {
  expect_mutant_differs("batch-limit-off", [&] {
    std::vector<Envelope> batch;
    for (int i = 0; i < 501; ++i) batch.push_back(keys_.seal("t", std::to_string(i), at(0), {}));
    return push(batch).status == 400 && status_ok()["record_count"] == 0;
  });
}

TEST_F(MutantTest, RetryBumpsVersion) {
  expect_mutant_differs("retry-bumps-version", [&] {
    const auto e = keys_.seal("t", "a", at(0), {});
    push_ok({e});
    return push_ok({e})[0]["version"] == 1;
  });
}

TEST_F(MutantTest, TieOverwrites) {
  expect_mutant_differs("tie-overwrites", [&] {
    push_ok({keys_.seal("t", "a", at(0), {{"v", 1}})});
    return push_ok({keys_.seal("t", "a", at(0), {{"v", 2}})})[0]["status"] == "conflict";
  });
}

TEST_F(MutantTest, NoConflictCheck) {
  expect_mutant_differs("no-conflict-check", [&] {
    push_ok({keys_.seal("t", "a", at(10), {{"v", 1}})});
    return push_ok({keys_.seal("t", "a", at(5), {{"v", 2}})})[0]["status"] == "conflict" &&
           status_ok()["conflict_count"] == 1;
  });
}

TEST_F(MutantTest, PullSkipsBoundary) {
  expect_mutant_differs("pull-skips-boundary", [&] {
    std::vector<Envelope> batch;
    for (int i = 0; i < 5; ++i) batch.push_back(keys_.seal("t", std::to_string(i), at(0), {}));
    push_ok(batch);
    std::set<std::string> seen;
    std::string since;
    for (int page = 0; page < 10; ++page) {
      const auto body = pull_ok("?limit=2&since=" + since);
      for (const auto& r : body["records"]) seen.insert(r["id"].get<std::string>());
      since = body["cursor"].get<std::string>();
      if (!body["has_more"].get<bool>()) break;
    }
    return seen.size() == 5;
  });
}

TEST_F(MutantTest, PullNoTombstones) {
  expect_mutant_differs("pull-no-tombstones", [&] {
    push_ok({keys_.seal("t", "a", at(0), {})});
    push_ok({keys_.seal("t", "a", at(1), {}, true)});
    const auto records = pull_ok()["records"];
    return records.size() == 1 && records[0]["deleted"] == true;
  });
}

TEST_F(MutantTest, ResolveIgnoresVersion) {
  expect_mutant_differs("resolve-ignores-version", [&] {
    const auto stored = make_conflict();
    return resolve(stored, "server", 7, std::nullopt).status == 409 &&
           status_ok()["conflict_count"] == 1;
  });
}

TEST_F(MutantTest, ResolveKeepsConflict) {
  expect_mutant_differs("resolve-keeps-conflict", [&] {
    const auto stored = make_conflict();
    const auto local = keys_.seal("transactions", "r1", at(20'000), {{"amount", 3}});
    return resolve(stored, "local", 1, local).status == 200 &&
           status_ok()["conflict_count"] == 0;
  });
}

TEST_F(MutantTest, ResolveKeepsConflictAlsoForServerChoice) {
  expect_mutant_differs("resolve-keeps-conflict", [&] {
    const auto stored = make_conflict();
    return resolve(stored, "server", 1, std::nullopt).status == 200 &&
           status_ok()["conflict_count"] == 0;
  });
}

TEST_F(MutantTest, StatusCountNoTombstones) {
  expect_mutant_differs("status-count-no-tombstones", [&] {
    push_ok({keys_.seal("t", "a", at(0), {}), keys_.seal("t", "b", at(0), {}, true)});
    return status_ok()["record_count"] == 2;
  });
}

TEST_F(MutantTest, IsolationLeak) {
  expect_mutant_differs("isolation-leak", [&] {
    const auto other = new_account();
    push_ok({keys_.seal("t", "a", at(0), {})});
    const Keys other_keys;
    const auto results = push_ok({other_keys.seal("t", "a", at(5), {})}, other);
    return results[0]["version"] == 1 && pull_ok()["records"][0]["version"] == 1 &&
           pull_ok("", other)["records"].size() == 1;
  });
}

TEST_F(MutantTest, LimitUnchecked) {
  expect_mutant_differs("limit-unchecked", [&] {
    return pull("?limit=0").status == 400 && pull("?limit=5000").status == 400 &&
           pull("?limit=ten").status == 400;
  });
}

TEST_F(MutantTest, TrailingBytesAccepted) {
  expect_mutant_differs("trailing-bytes-accepted", [&] {
    const auto body = json{{"device_id", "d"},
                           {"records", envelopes_json({keys_.seal("t", "a", at(0), {})})}}
                          .dump() +
                      std::string("\0garbage", 8);
    return call(make_request("POST", std::string(protocol::kPushPath), token_, body)).status ==
               400 &&
           pull_all().empty();
  });
}

TEST_F(MutantTest, CiphertextCut64k) {
  expect_mutant_differs("ciphertext-cut-64k", [&] {
    const auto e = keys_.seal("t", "a", at(0), {{"pad", std::string(70'000, 'x')}});
    push_ok({e});
    return pull_ok()["records"][0]["ciphertext"] == e.ciphertext;
  });
}

TEST_F(MutantTest, Id64Rejected) {
  expect_mutant_differs("id-64-rejected", [&] {
    return push({keys_.seal("t", std::string(64, 'i'), at(0), {})}).status == 200 &&
           push({keys_.seal("t", std::string(65, 'i'), at(0), {})}).status == 400;
  });
}

TEST_F(MutantTest, LeapDayRejected) {
  expect_mutant_differs("leap-day-rejected", [&] {
    return push({keys_.seal("t", "a", "2028-02-29T23:59:59.999Z", {})}).status == 200 &&
           push({keys_.seal("t", "b", "2027-02-29T00:00:00.000Z", {})}).status == 400;
  });
}

TEST_F(MutantTest, BodyLimit8MiB) {
  expect_mutant_differs("body-limit-8mib", [&] {
    const std::string pad(12u << 20, 'x');
    const json body = {{"device_id", "d"}, {"records", envelopes_json({keys_.seal("t", "a", at(0), {})})}};
    std::string text = body.dump();
    text.insert(text.size() - 1, ",\"pad\":\"" + pad + "\"");
    return call(make_request("POST", std::string(protocol::kPushPath), token_, text)).status == 200;
  });
}

TEST_F(MutantTest, PullStartLeak) {
  expect_mutant_differs("pull-start-leak", [&] {
    push_ok({keys_.seal("t", "first", at(0), {})});
    const auto other = new_account();
    push_ok({keys_.seal("t", "second", at(0), {})}, other);
    const auto records = pull_ok("", other)["records"];
    return records.size() == 1 && records[0]["id"] == "second";
  });
}

TEST_F(MutantTest, ResolveCopyLeak) {
  expect_mutant_differs("resolve-copy-leak", [&] {
    const auto other = new_account();
    const Keys other_keys;
    push_ok({keys_.seal("transactions", "r1", at(0), {})});
    const auto stored = other_keys.seal("transactions", "r1", at(10'000), {{"amount", 1}});
    push_ok({stored}, other);
    push_ok({other_keys.seal("transactions", "r1", at(5'000), {{"amount", 2}})}, other);
    const auto answer = body_of(resolve(stored, "server", 1, std::nullopt, other));
    return answer["record"]["ciphertext"] == stored.ciphertext;
  });
}

TEST_F(MutantTest, ResolveWriteLeak) {
  expect_mutant_differs("resolve-write-leak", [&] {
    const auto other = new_account();
    const Keys other_keys;
    const auto mine = keys_.seal("transactions", "r1", at(0), {});
    push_ok({mine});
    const auto stored = other_keys.seal("transactions", "r1", at(10'000), {{"amount", 1}});
    push_ok({stored}, other);
    push_ok({other_keys.seal("transactions", "r1", at(5'000), {{"amount", 2}})}, other);
    const auto local = other_keys.seal("transactions", "r1", at(20'000), {{"amount", 3}});
    return resolve(stored, "local", 1, local, other).status == 200 &&
           pull_ok()["records"][0]["ciphertext"] == mine.ciphertext &&
           pull_ok("", other)["records"][0]["ciphertext"] == local.ciphertext;
  });
}

TEST_F(MutantTest, TableTrailingNewline) {
  expect_mutant_differs("table-trailing-newline", [&] {
    auto e = keys_.seal("t", "a", at(0), {});
    e.table = "t\n";
    auto f = keys_.seal("t", "b", at(0), {});
    f.id = "b\n";
    return push({e}).status == 400 && push({f}).status == 400 && status_ok()["record_count"] == 0;
  });
}

TEST_F(MutantTest, TimestampCalendarLax) {
  expect_mutant_differs("timestamp-calendar-lax", [&] {
    auto leap = keys_.seal("t", "a", at(0), {});
    leap.updated_at = "2026-12-31T23:59:60.000Z";
    auto feb = keys_.seal("t", "b", at(0), {});
    feb.updated_at = "2027-02-29T10:00:00.000Z";
    return push({leap}).status == 400 && push({feb}).status == 400 && status_ok()["record_count"] == 0;
  });
}

TEST_F(MutantTest, Base64Whitespace) {
  expect_mutant_differs("base64-whitespace", [&] {
    auto nonce = keys_.seal("t", "a", at(0), {});
    nonce.nonce += "\n";
    auto ct = keys_.seal("t", "b", at(0), {});
    ct.ciphertext = " " + ct.ciphertext;
    return push({nonce}).status == 400 && push({ct}).status == 400 && status_ok()["record_count"] == 0;
  });
}

TEST_F(MutantTest, ExpectedVersionBool) {
  expect_mutant_differs("expected-version-bool", [&] {
    const auto stored = make_conflict();
    const auto body = json{{"table", stored.table}, {"id", stored.id}, {"resolution", "server"}, {"expected_version", true}};
    return resolve_raw(body, token_).status == 400 && status_ok()["conflict_count"] == 1;
  });
}

TEST_F(MutantTest, ResolutionAnyCase) {
  expect_mutant_differs("resolution-any-case", [&] {
    const auto stored = make_conflict();
    return resolve(stored, "SERVER", 1, std::nullopt).status == 400 && status_ok()["conflict_count"] == 1;
  });
}

TEST_F(MutantTest, DeepNesting500) {
  expect_mutant_differs("deep-nesting-500", [&] {
    const std::string deep = std::string(600, '[') + std::string(600, ']');
    const auto r = call(make_request("POST", std::string(protocol::kPushPath), token_,
                                     R"({"device_id":)" + deep + R"(,"records":[]})"));
    return r.status == 400;
  });
}

}  // namespace
}  // namespace syncsuite::server::fixture

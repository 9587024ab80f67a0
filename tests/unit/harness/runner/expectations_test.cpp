#include "harness/runner/expectations.hpp"

#include <gtest/gtest.h>

#include "harness/scenario/check_registry.hpp"
#include "harness/scenario/loader.hpp"

namespace syncsuite::runner {
namespace {

using scenario::Expectation;
using scenario::Json;

// Expectations are written as scenarios write them and loaded through the real loader.
Expectation load_expectation(const std::string& yaml) {
  static const scenario::CheckRegistry registry = [] {
    std::vector<scenario::LoadError> errors;
    return scenario::CheckRegistry::parse(
        "tags: [a]\nchecks:\n  - {id: 3/no-plaintext-on-wire, section: '3', level: MUST, text: t}\n"
        "  - {id: 4.2/x, section: '4.2', level: MUST, text: t}\n",
        "checks.yaml", errors);
  }();
  std::vector<scenario::LoadError> errors;
  auto scenarios = scenario::parse_scenarios(
      "scenario: t\ndescription: d\nsections: ['4']\ndevices: {phone: 0, laptop: 0}\nsteps:\n  - sync: phone\n"
      "    expect:\n" + yaml,
      "t.yaml", registry, errors);
  EXPECT_TRUE(errors.empty()) << scenario::to_string(errors);
  if (scenarios.empty()) return {};
  return scenarios[0].steps[0].expect.at(0);
}

class Judging : public ::testing::Test {
 protected:
  void SetUp() override {
    accounts_ = make_accounts({"token-zero"});
    ctx_.run_prefix = "rabc";
    ctx_.base_time = *timestamp::parse("2026-11-24T10:00:00.000Z");
    ctx_.canary = "CANARY";
    ctx_.device_accounts = {{"phone", 0}, {"laptop", 0}};
  }

  Judgement run(const std::string& yaml) {
    const auto e = load_expectation(yaml);
    JudgeContext jc{ctx_, {}, accounts_};
    return judge(e, obs_, jc);
  }

  void respond(int status, std::string body, std::string type = "application/json") {
    exchange_ = reports::Exchange{};
    exchange_.status = status;
    exchange_.response_body = std::move(body);
    if (!type.empty()) exchange_.response_headers.emplace_back("Content-Type", type);
    obs_.response = &exchange_;
  }

  client::LocalRecord local(std::string id, client::RecordStatus status, std::int64_t version,
                            Json data = Json{{"text", "hi"}, {"_canary", "CANARY"}}) {
    client::LocalRecord r;
    r.table = "notes";
    r.id = "rabc-" + id;
    r.data = std::move(data);
    r.updated_at = "2026-11-24T10:00:05.000Z";
    r.sync_status = status;
    r.version = version;
    return r;
  }

  std::vector<Account> accounts_;
  scenario::TemplateContext ctx_;
  Observation obs_;
  reports::Exchange exchange_;
};

TEST_F(Judging, StatusCodesClassesAndLists) {
  respond(400, R"({"detail":"bad"})");
  EXPECT_EQ(run("      {check: 4.2/x, status: 400}\n").kind, Judgement::Kind::pass);
  EXPECT_EQ(run("      {check: 4.2/x, status: 4xx}\n").kind, Judgement::Kind::pass);
  EXPECT_EQ(run("      {check: 4.2/x, status: [413, \"4xx\"]}\n").kind, Judgement::Kind::pass);
  const auto j = run("      {check: 4.2/x, status: [200, 201]}\n");
  EXPECT_EQ(j.kind, Judgement::Kind::fail);
  EXPECT_EQ(j.expected, "status 200 or 201");
  EXPECT_EQ(j.actual, "status 400");
}

TEST_F(Judging, DroppedConnectionFailsButTimeoutCannotBeJudged) {
  exchange_ = reports::Exchange{};
  exchange_.transport_error = "io: connection reset";
  obs_.response = &exchange_;
  EXPECT_EQ(run("      {check: 4.2/x, status: 400}\n").kind, Judgement::Kind::fail);
  exchange_.transport_error = "timeout: no answer within 10000 ms";
  EXPECT_EQ(run("      {check: 4.2/x, status: 400}\n").kind, Judgement::Kind::unjudgeable);
  obs_.response = nullptr;
  EXPECT_EQ(run("      {check: 4.2/x, status: 400}\n").kind, Judgement::Kind::unjudgeable);
}

TEST_F(Judging, ErrorBody) {
  respond(400, R"({"detail":"missing nonce"})", "application/json; charset=utf-8");
  EXPECT_EQ(run("      {check: 4.2/x, error_body: true}\n").kind, Judgement::Kind::pass);
  respond(400, "<html>bad</html>", "text/html");
  EXPECT_EQ(run("      {check: 4.2/x, error_body: true}\n").kind, Judgement::Kind::fail);
  respond(400, R"({"error":"bad"})");
  const auto j = run("      {check: 4.2/x, error_body: true}\n");
  EXPECT_EQ(j.kind, Judgement::Kind::fail);
  EXPECT_NE(j.actual.find("no string \"detail\""), std::string::npos);
  respond(400, R"({"detail":["a list"]})");
  EXPECT_EQ(run("      {check: 4.2/x, error_body: true}\n").kind, Judgement::Kind::fail);
}

TEST_F(Judging, JsonMatchers) {
  respond(200, R"({"results":[{"id":"rabc-t1","status":"accepted","version":2}],"cursor":"c42","has_more":false})");
  EXPECT_EQ(run("      check: 4.2/x\n      json:\n        results[0].id: \"${id:t1}\"\n        results[0].version: 2\n").kind,
            Judgement::Kind::pass);
  EXPECT_EQ(run("      check: 4.2/x\n      json: {'results[0].version': {type: integer, one_of: [1, 2]}}\n").kind,
            Judgement::Kind::pass);
  EXPECT_EQ(run("      check: 4.2/x\n      json: {cursor: {matches: 'c[0-9]+'}, results: {length: 1}}\n").kind,
            Judgement::Kind::pass);
  EXPECT_EQ(run("      check: 4.2/x\n      json: {results: {contains: {status: accepted, version: 2}}}\n").kind,
            Judgement::Kind::pass);
  EXPECT_EQ(run("      check: 4.2/x\n      json: {results: {not_contains: {status: conflict}}}\n").kind,
            Judgement::Kind::pass);
  EXPECT_EQ(run("      check: 4.2/x\n      json: {'results[0].server': {exists: false}}\n").kind,
            Judgement::Kind::pass);
  const auto j = run("      check: 4.2/x\n      json: {'results[0].status': conflict}\n");
  EXPECT_EQ(j.kind, Judgement::Kind::fail);
  EXPECT_EQ(j.expected, "results[0].status equals \"conflict\"");
  EXPECT_EQ(j.actual, "results[0].status is \"accepted\"");
  EXPECT_EQ(run("      check: 4.2/x\n      json: {has_more: {type: string}}\n").kind, Judgement::Kind::fail);
  EXPECT_EQ(run("      check: 4.2/x\n      json: {'results[1].id': x}\n").kind, Judgement::Kind::fail);
  respond(200, "not json");
  EXPECT_EQ(run("      check: 4.2/x\n      json: {cursor: {exists: true}}\n").kind, Judgement::Kind::fail);
}

TEST_F(Judging, DecryptsTo) {
  auto sealed = accounts_[0].box->seal(R"({"text":"later","_canary":"CANARY"})");
  respond(200, Json{{"results", {{{"server", {{"nonce", sealed.nonce}, {"ciphertext", sealed.ciphertext}}}}}}}.dump());
  EXPECT_EQ(run("      {check: 4.2/x, decrypts_to: {path: 'results[0].server', device: phone, data: {text: later}}}\n").kind,
            Judgement::Kind::pass);
  const auto j = run("      {check: 4.2/x, decrypts_to: {path: 'results[0].server', device: phone, data: {text: other}}}\n");
  EXPECT_EQ(j.kind, Judgement::Kind::fail);
  EXPECT_NE(j.actual.find("opens to {\"text\":\"later\"}"), std::string::npos);
  auto foreign = crypto::KeyPair::generate();
  crypto::RecordBox other(foreign.public_key, foreign.secret_key);
  auto bad = other.seal("{}");
  respond(200, Json{{"record", {{"nonce", bad.nonce}, {"ciphertext", bad.ciphertext}}}}.dump());
  EXPECT_EQ(run("      {check: 4.2/x, decrypts_to: {path: record, account: 0, data: {}}}\n").kind,
            Judgement::Kind::fail);
}

TEST_F(Judging, OkOfADeviceOperation) {
  obs_.op_ok = false;
  obs_.op_error = "io: reset";
  EXPECT_EQ(run("      {check: 4.2/x, ok: false}\n").kind, Judgement::Kind::pass);
  const auto j = run("      {check: 4.2/x, ok: true}\n");
  EXPECT_EQ(j.kind, Judgement::Kind::fail);
  EXPECT_EQ(j.actual, "it failed: io: reset");
}

TEST_F(Judging, DeviceRecords) {
  obs_.devices["phone"].records = {local("t1", client::RecordStatus::synced, 2),
                                   local("t2", client::RecordStatus::conflict, 1)};
  EXPECT_EQ(run("      {check: 4.2/x, device: phone, count: 2, conflicts: 1, "
                "records: [{table: notes, id: t1, data: {text: hi}, sync_status: synced, version: 2, updated_at: '+5s'}], "
                "absent: [{table: notes, id: t3}]}\n").kind,
            Judgement::Kind::pass);
  const auto j = run("      {check: 4.2/x, device: phone, records: [{table: notes, id: t2, sync_status: synced}]}\n");
  EXPECT_EQ(j.kind, Judgement::Kind::fail);
  EXPECT_EQ(j.expected, "phone holds notes/rabc-t2 with sync_status synced");
  EXPECT_EQ(j.actual, "phone holds it with sync_status conflict");
  EXPECT_EQ(run("      {check: 4.2/x, device: phone, records: [{table: notes, id: t9}]}\n").kind,
            Judgement::Kind::fail);
  obs_.devices["phone"].error = "store: locked";
  EXPECT_EQ(run("      {check: 4.2/x, device: phone, count: 2}\n").kind, Judgement::Kind::unjudgeable);
}

TEST_F(Judging, ServerDeltas) {
  obs_.accounts[0].start = StatusCounts{10, 1, "c1"};
  obs_.accounts[0].now = StatusCounts{12, 1, "c2"};
  EXPECT_EQ(run("      {check: 4.2/x, server_delta: {record_count: 2, conflict_count: 0}}\n").kind,
            Judgement::Kind::pass);
  const auto j = run("      {check: 4.2/x, server_delta: {record_count: 1}}\n");
  EXPECT_EQ(j.kind, Judgement::Kind::fail);
  EXPECT_EQ(j.actual, "record_count +2 (10 -> 12)");
  obs_.accounts[0].error = "probe: status 500";
  EXPECT_EQ(run("      {check: 4.2/x, server_delta: {record_count: 2}}\n").kind, Judgement::Kind::unjudgeable);
}

ServerRecord server_record(std::string id, std::int64_t version, Json data = Json{{"text", "hi"}}) {
  ServerRecord r;
  r.envelope.table = "notes";
  r.envelope.id = "rabc-" + id;
  r.envelope.updated_at = "2026-11-24T10:00:05.000Z";
  r.envelope.nonce = "n" + std::to_string(version);
  r.envelope.ciphertext = "c";
  r.envelope.version = version;
  r.data = std::move(data);
  return r;
}

TEST_F(Judging, ServerRecordsAndNothingStored) {
  auto& view = obs_.accounts[0];
  view.before = StatusCounts{5, 0, "c1"};
  view.now = StatusCounts{5, 0, "c1"};
  view.records_before = RunRecords{{{"notes", "rabc-t1"}, server_record("t1", 1)}};
  view.records = view.records_before;
  EXPECT_EQ(run("      {check: 4.2/x, nothing_stored: true}\n").kind, Judgement::Kind::pass);
  EXPECT_EQ(run("      {check: 4.2/x, server_records: {count: 1, records: [{table: notes, id: t1, version: 1, data: {text: hi}}]}}\n").kind,
            Judgement::Kind::pass);

  (*view.records)[{"notes", "rabc-t1"}] = server_record("t1", 2);
  (*view.records)[{"notes", "rabc-t2"}] = server_record("t2", 1);
  view.now = StatusCounts{6, 0, "c2"};
  const auto j = run("      {check: 4.2/x, nothing_stored: true}\n");
  EXPECT_EQ(j.kind, Judgement::Kind::fail);
  EXPECT_NE(j.actual.find("notes/rabc-t1 changed v1 -> v2"), std::string::npos) << j.actual;
  EXPECT_NE(j.actual.find("new notes/rabc-t2 v1"), std::string::npos) << j.actual;
  EXPECT_NE(j.actual.find("record_count 5 -> 6"), std::string::npos) << j.actual;
  EXPECT_EQ(run("      {check: 4.2/x, server_records: {absent: [{table: notes, id: t2}]}}\n").kind,
            Judgement::Kind::fail);
}

TEST_F(Judging, ContainsOnAnObjectComparesItsFields) {
  respond(200, R"({"record":{"id":"rabc-t1","nonce":"n","version":2,"extra":1}})");
  EXPECT_EQ(
      run("      check: 4.2/x\n      json: {record: {contains: {id: '${id:t1}', version: 2}}}\n")
          .kind,
      Judgement::Kind::pass);
  EXPECT_EQ(run("      check: 4.2/x\n      json: {record: {not_contains: {version: 3}}}\n").kind,
            Judgement::Kind::pass);
  const auto j = run("      check: 4.2/x\n      json: {record: {contains: {nonce: other}}}\n");
  EXPECT_EQ(j.kind, Judgement::Kind::fail);
  EXPECT_EQ(j.expected, "record has the fields {\"nonce\":\"other\"}");
  respond(200, R"({"record":5})");
  EXPECT_EQ(run("      check: 4.2/x\n      json: {record: {contains: {id: x}}}\n").kind,
            Judgement::Kind::fail);
}

TEST_F(Judging, ServerRecordsSameAsComparesTheStoredBytes) {
  auto record = server_record("t1", 1);
  ctx_.envelopes["e1"] = protocol::to_json(record.envelope);
  ctx_.envelopes["e1"].erase("version");
  obs_.accounts[0].records = RunRecords{{{"notes", "rabc-t1"}, record}};
  EXPECT_EQ(run("      {check: 4.2/x, server_records: {records: [{table: notes, id: t1, same_as: "
                "e1}]}}\n")
                .kind,
            Judgement::Kind::pass);
  (*obs_.accounts[0].records)[{"notes", "rabc-t1"}].envelope.ciphertext = "cut";
  const auto j = run(
      "      {check: 4.2/x, server_records: {records: [{table: notes, id: t1, same_as: e1}]}}\n");
  EXPECT_EQ(j.kind, Judgement::Kind::fail);
  EXPECT_NE(j.actual.find("other ciphertext (3 characters, 1 sent)"), std::string::npos)
      << j.actual;
  EXPECT_EQ(run("      {check: 4.2/x, server_records: {records: [{table: notes, id: t1, same_as: "
                "e9}]}}\n")
                .kind,
            Judgement::Kind::unjudgeable);
}

// A page walk of `isolated`: envelopes sealed with the given accounts' keys.
PageWalk walk_of(const std::vector<Account>& accounts, std::string since,
                 const std::vector<std::vector<std::pair<std::string, int>>>& pages) {
  PageWalk walk;
  walk.since = std::move(since);
  for (const auto& page : pages) {
    auto& out = walk.pages.emplace_back();
    for (const auto& [id, account] : page) {
      const auto sealed = accounts[static_cast<std::size_t>(account)].box->seal("{}");
      protocol::Envelope e;
      e.table = "notes";
      e.id = id;
      e.updated_at = "2026-11-24T10:00:05.000Z";
      e.nonce = sealed.nonce;
      e.ciphertext = sealed.ciphertext;
      e.version = 1;
      out.push_back(e);
    }
  }
  return walk;
}

TEST_F(Judging, IsolatedFindsAnotherAccountsRecordOnAnyPage) {
  accounts_ = make_accounts({"token-zero", "token-one"});
  auto& view = obs_.walks[WalkKey{1, 1000, 20}];
  view.walks = {walk_of(accounts_, "", {{{"old-record", 1}}, {{"rabc-b1", 1}}}),
                walk_of(accounts_, "c9", {{{"rabc-b1", 1}}})};
  const auto ok = run("      {check: 4.2/x, isolated: {account: 1, from: 0}}\n");
  EXPECT_EQ(ok.kind, Judgement::Kind::pass);
  EXPECT_NE(ok.actual.find("2 of this scenario's own records"), std::string::npos) << ok.actual;

  view.walks[0] = walk_of(accounts_, "", {{{"old-record", 1}}, {{"rabc-b1", 1}, {"any-id", 0}}});
  const auto leak = run("      {check: 4.2/x, isolated: {account: 1}}\n");
  EXPECT_EQ(leak.kind, Judgement::Kind::fail);
  EXPECT_NE(
      leak.actual.find(
          "page 2 from the beginning holds notes/any-id v1, which opens with account 0's key"),
      std::string::npos)
      << leak.actual;

  // A record that opens with no test account's key (another user's, on a shared server) is no leak.
  auto foreign = crypto::KeyPair::generate();
  crypto::RecordBox other(foreign.public_key, foreign.secret_key);
  const auto sealed = other.seal("{}");
  view.walks[0].pages[1][1].nonce = sealed.nonce;
  view.walks[0].pages[1][1].ciphertext = sealed.ciphertext;
  view.walks[1].capped = true;
  const auto capped = run("      {check: 4.2/x, isolated: {account: 1}}\n");
  EXPECT_EQ(capped.kind, Judgement::Kind::pass);
  EXPECT_NE(capped.actual.find("(capped: pages left unread)"), std::string::npos) << capped.actual;
}

TEST_F(Judging, IsolatedCannotBeJudgedWithoutItsWalks) {
  accounts_ = make_accounts({"token-zero", "token-one"});
  EXPECT_EQ(run("      {check: 4.2/x, isolated: {account: 1}}\n").kind,
            Judgement::Kind::unjudgeable);
  obs_.walks[WalkKey{1, 2, 20}].error = "probe: pull from the beginning, page 1: status 500";
  EXPECT_EQ(run("      {check: 4.2/x, isolated: {account: 1, limit: 2}}\n").kind,
            Judgement::Kind::unjudgeable);
  obs_.walks[WalkKey{5, 1000, 20}];
  EXPECT_EQ(run("      {check: 4.2/x, isolated: {account: 5}}\n").kind,
            Judgement::Kind::unjudgeable);
}

TEST_F(Judging, Converged) {
  obs_.devices["phone"].records = {local("t1", client::RecordStatus::synced, 1)};
  obs_.devices["laptop"].records = {local("t1", client::RecordStatus::synced, 1)};
  EXPECT_EQ(run("      {check: 4.2/x, converged: [phone, laptop]}\n").kind, Judgement::Kind::pass);
  obs_.devices["laptop"].records[0].data = Json{{"text", "other"}};
  EXPECT_EQ(run("      {check: 4.2/x, converged: [phone, laptop]}\n").kind, Judgement::Kind::fail);
  obs_.devices["laptop"].records.clear();
  const auto j = run("      {check: 4.2/x, converged: [phone, laptop]}\n");
  EXPECT_EQ(j.kind, Judgement::Kind::fail);
  EXPECT_NE(j.actual.find("laptop lacks notes/rabc-t1"), std::string::npos);
  obs_.devices["laptop"].records = {local("t1", client::RecordStatus::pending, 1)};
  EXPECT_EQ(run("      {check: 4.2/x, converged: [phone, laptop]}\n").kind, Judgement::Kind::fail);
}

TEST_F(Judging, AFailureOutranksAnUnjudgeablePart) {
  respond(500, R"({"detail":"x"})");
  obs_.accounts[0].error = "probe: down";
  EXPECT_EQ(run("      {check: 4.2/x, status: 200, server_delta: {record_count: 1}}\n").kind, Judgement::Kind::fail);
}

TEST(Grading, MustFailsShouldWarnsUnjudgeableErrors) {
  EXPECT_EQ(grade(Judgement::Kind::pass, scenario::Level::must), reports::Verdict::pass);
  EXPECT_EQ(grade(Judgement::Kind::fail, scenario::Level::must), reports::Verdict::fail);
  EXPECT_EQ(grade(Judgement::Kind::fail, scenario::Level::should), reports::Verdict::warn);
  EXPECT_EQ(grade(Judgement::Kind::unjudgeable, scenario::Level::should), reports::Verdict::error);
  EXPECT_EQ(grade(Judgement::Kind::pass, scenario::Level::should), reports::Verdict::pass);
}

TEST(ProbeNeeds, FromExpectations) {
  Expectation a;
  a.server_delta = scenario::ServerDelta{1, 1, std::nullopt};
  Expectation b;
  b.nothing_stored = true;
  auto needs = probe_needs({a}, {0, 1});
  EXPECT_FALSE(needs.snapshot_before);
  EXPECT_EQ(needs.status_accounts, std::vector<int>{1});
  EXPECT_TRUE(needs.record_accounts.empty());
  needs = probe_needs({a, b}, {0, 1});
  EXPECT_TRUE(needs.snapshot_before);
  EXPECT_EQ(needs.status_accounts, (std::vector<int>{0, 1}));
  EXPECT_EQ(needs.record_accounts, (std::vector<int>{0, 1}));
  EXPECT_TRUE(needs.walks.empty());
  Expectation c, d;
  c.isolated = scenario::Isolated{1, {0}, 1, 100};
  d.isolated = scenario::Isolated{1, {}, 1, 100};
  needs = probe_needs({c, d}, {0, 1});
  EXPECT_EQ(needs.walks, std::vector<WalkKey>{WalkKey(1, 1, 100)}) << "one walk for the same pages";
}

TEST(MediaType, StripsParametersAndCase) {
  EXPECT_EQ(media_type("Application/JSON; charset=utf-8"), "application/json");
  EXPECT_EQ(media_type(" text/html "), "text/html");
}

}  // namespace
}  // namespace syncsuite::runner

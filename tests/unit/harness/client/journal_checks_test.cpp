#include "harness/client/journal_checks.hpp"

#include <gtest/gtest.h>

#include <set>

#include "mockserver/journal.hpp"
#include "reference/crypto/keys.hpp"
#include "reference/crypto/record_box.hpp"

namespace syncsuite::client_checks {
namespace {

using Json = nlohmann::json;

const std::string kToken = "token-of-account-zero";
const std::string kCanary = "canary-5b1e";

// A journal written by hand: a device of account 0 (real keys, real sealing) talking to a server.
class JournalBuilder {
 public:
  JournalBuilder()
      : keys_(crypto::KeyPair::generate()), box_(keys_.public_key, keys_.secret_key) {
    input_.canary = kCanary;
    input_.accounts.push_back({0, mockserver::device_label("Token " + kToken), keys_.public_key, &box_});
  }

  Json data(const std::string& text) const { return {{"text", text}, {"_canary", kCanary}}; }

  Json envelope(const std::string& id, const std::string& at, const Json& plain, bool deleted = false,
                const crypto::RecordBox* box = nullptr, const crypto::Nonce* nonce = nullptr) const {
    const auto& sealer = box ? *box : box_;
    const auto sealed = nonce ? sealer.seal(plain.dump(), *nonce) : sealer.seal(plain.dump());
    return {{"table", "notes"}, {"id", id},          {"updated_at", at},
            {"deleted", deleted}, {"nonce", sealed.nonce}, {"ciphertext", sealed.ciphertext}};
  }

  // An operation of the device; its requests are the entries added until the next op.
  void op(const std::string& name, std::string id = "", std::optional<Json> data = std::nullopt) {
    close_op();
    DeviceOp o;
    o.device = "phone";
    o.op = name;
    o.table = id.empty() ? "" : "notes";
    o.id = std::move(id);
    o.data = std::move(data);
    o.after_seq = seq_;
    o.until_seq = seq_;
    input_.ops.push_back(o);
    open_ = true;
  }
  void op_failed() { input_.ops.back().ok = false; }

  void request(std::string method, std::string target, const Json& body, int status, const Json& answer,
               mockserver::Outcome outcome = mockserver::Outcome::answered) {
    mockserver::JournalEntry e;
    e.seq = ++seq_;
    e.method = std::move(method);
    e.target = std::move(target);
    e.device = mockserver::device_label("Token " + kToken);
    e.status = status;
    e.outcome = outcome;
    e.request_body = body.is_null() ? "" : body.dump();
    e.response_body = answer.is_null() ? "" : answer.dump();
    e.headers = {{"Authorization", "Token " + e.device}};
    input_.entries.push_back(e);
    if (open_) input_.ops.back().until_seq = seq_;
  }
  void raw_request(const std::string& body) {
    request("POST", "/api/v1/sync/push/", Json(), 200, Json());
    input_.entries.back().request_body = body;
  }

  void key_upload() {
    request("PUT", "/api/v1/sync/key/", {{"public_key", keys_.public_key.to_base64()}}, 200,
            {{"public_key", keys_.public_key.to_base64()}});
  }
  void push(const std::vector<Json>& records, int status = 200,
            mockserver::Outcome outcome = mockserver::Outcome::answered) {
    Json results = Json::array();
    for (const auto& r : records) results.push_back({{"table", r["table"]}, {"id", r["id"]}, {"status", "accepted"}, {"version", 1}});
    request("POST", "/api/v1/sync/push/", {{"device_id", "phone-1"}, {"records", records}}, status,
            status == 200 ? Json{{"results", results}, {"server_time", "2026-11-24T10:00:00.000Z"}} : Json{{"detail", "x"}},
            outcome);
  }
  void pull(const std::string& since, const std::vector<Json>& records, const std::string& cursor, bool more) {
    request("GET", "/api/v1/sync/pull/" + (since.empty() ? std::string("?limit=500") : "?since=" + since + "&limit=500"),
            Json(), 200,
            {{"records", records}, {"cursor", cursor}, {"has_more", more}, {"server_time", "2026-11-24T10:00:00.000Z"}});
  }

  JournalInput& input() {
    close_op();
    return input_;
  }
  const crypto::RecordBox& box() const { return box_; }

 private:
  void close_op() { open_ = false; }

  crypto::KeyPair keys_;
  crypto::RecordBox box_;
  JournalInput input_;
  std::uint64_t seq_ = 0;
  bool open_ = false;
};

std::set<std::string> failed(const std::vector<Finding>& findings) {
  std::set<std::string> out;
  for (const auto& f : findings) {
    if (!f.ok) out.insert(f.check);
  }
  return out;
}
std::set<std::string> judged(const std::vector<Finding>& findings) {
  std::set<std::string> out;
  for (const auto& f : findings) out.insert(f.check);
  return out;
}

// A clean session: key, push, a conflict seen on pull, resolve local, two pages followed.
JournalBuilder clean_session() {
  JournalBuilder b;
  b.op("init");
  b.key_upload();
  b.op("put", "r1", b.data("one"));
  b.op("sync");
  b.push({b.envelope("r1", "2026-11-24T10:00:00.000Z", b.data("one"))});
  b.pull("", {}, "c1", true);
  b.pull("c1", {}, "c2", false);
  return b;
}

TEST(JournalChecksTest, ACleanSessionPassesEveryCheckItJudges) {
  auto b = clean_session();
  const auto findings = judge_journal(b.input());
  EXPECT_TRUE(failed(findings).empty());
  for (const char* id : {"2/client-envelope-format", "4.1/client-push-shape", "3/client-sealed-to-account-key",
                         "3/client-plaintext-is-data-put", "3/client-nonce-fresh", "3/client-no-plaintext-on-wire",
                         "3/client-key-uploaded", "8/client-push-before-pull", "8/client-follows-has-more",
                         "5/client-pull-query"}) {
    EXPECT_TRUE(judged(findings).count(id)) << id;
  }
}

TEST(JournalChecksTest, EveryIdItProducesIsListed) {
  auto b = clean_session();
  const auto& ids = journal_check_ids();
  for (const auto& f : judge_journal(b.input())) {
    EXPECT_NE(std::find(ids.begin(), ids.end(), f.check), ids.end()) << f.check;
  }
}

TEST(JournalChecksTest, ANonceUsedForTwoRecordsFails) {
  JournalBuilder b;
  b.op("init");
  b.key_upload();
  b.op("put", "r1", b.data("one"));
  b.op("put", "r2", b.data("two"));
  b.op("sync");
  const crypto::Nonce nonce{7};
  b.push({b.envelope("r1", "2026-11-24T10:00:00.000Z", b.data("one"), false, nullptr, &nonce),
          b.envelope("r2", "2026-11-24T10:00:00.001Z", b.data("two"), false, nullptr, &nonce)});
  const auto findings = judge_journal(b.input());
  EXPECT_EQ(failed(findings), std::set<std::string>{"3/client-nonce-fresh"});
}

TEST(JournalChecksTest, AnIdenticalResendMayRepeatItsNonce) {
  JournalBuilder b;
  b.op("init");
  b.key_upload();
  b.op("put", "r1", b.data("one"));
  b.op("sync");
  const auto record = b.envelope("r1", "2026-11-24T10:00:00.000Z", b.data("one"));
  b.push({record}, 0, mockserver::Outcome::dropped_after_commit);
  b.op_failed();
  b.op("sync");
  b.push({record});
  b.pull("", {}, "c1", false);
  EXPECT_TRUE(failed(judge_journal(b.input())).empty());
}

TEST(JournalChecksTest, AResendSealedAfreshAfterALostAnswerFails) {
  JournalBuilder b;
  b.op("init");
  b.key_upload();
  b.op("put", "r1", b.data("one"));
  b.op("sync");
  b.push({b.envelope("r1", "2026-11-24T10:00:00.000Z", b.data("one"))}, 0,
         mockserver::Outcome::dropped_after_commit);
  b.op_failed();
  b.op("sync");
  b.push({b.envelope("r1", "2026-11-24T10:00:00.000Z", b.data("one"))});  // same time, new nonce
  EXPECT_EQ(failed(judge_journal(b.input())), std::set<std::string>{"8/client-resent-unchanged"});
}

TEST(JournalChecksTest, AResendWithANewTimeAfterAFailedPushFails) {
  JournalBuilder b;
  b.op("init");
  b.key_upload();
  b.op("put", "r1", b.data("one"));
  b.op("sync");
  b.push({b.envelope("r1", "2026-11-24T10:00:00.000Z", b.data("one"))}, 503);
  b.op_failed();
  b.op("sync");
  b.push({b.envelope("r1", "2026-11-24T10:00:09.000Z", b.data("one"))});
  EXPECT_EQ(failed(judge_journal(b.input())), std::set<std::string>{"8/client-resent-unchanged"});
}

TEST(JournalChecksTest, AnEditBetweenTwoPushesMaySealAfresh) {
  JournalBuilder b;
  b.op("init");
  b.key_upload();
  b.op("put", "r1", b.data("one"));
  b.op("sync");
  b.push({b.envelope("r1", "2026-11-24T10:00:00.000Z", b.data("one"))}, 503);
  b.op_failed();
  b.op("put", "r1", b.data("two"));
  b.op("sync");
  b.push({b.envelope("r1", "2026-11-24T10:00:09.000Z", b.data("two"))});
  EXPECT_TRUE(failed(judge_journal(b.input())).empty());
}

TEST(JournalChecksTest, TheCanaryInClearFails) {
  JournalBuilder b;
  b.op("init");
  b.key_upload();
  b.op("put", "r1", b.data("one"));
  b.op("sync");
  auto record = b.envelope("r1", "2026-11-24T10:00:00.000Z", b.data("one"));
  record["data"] = b.data("one");  // the plaintext beside the ciphertext
  b.push({record});
  EXPECT_EQ(failed(judge_journal(b.input())), std::set<std::string>{"3/client-no-plaintext-on-wire"});
}

TEST(JournalChecksTest, ARecordSealedToAnotherKeyFails) {
  JournalBuilder b;
  const auto other = crypto::KeyPair::generate();
  const crypto::RecordBox foreign(other.public_key, other.secret_key);
  b.op("init");
  b.key_upload();
  b.op("put", "r1", b.data("one"));
  b.op("sync");
  b.push({b.envelope("r1", "2026-11-24T10:00:00.000Z", b.data("one"), false, &foreign)});
  EXPECT_EQ(failed(judge_journal(b.input())), std::set<std::string>{"3/client-sealed-to-account-key"});
}

TEST(JournalChecksTest, APlaintextOtherThanTheDataPutFails) {
  JournalBuilder b;
  b.op("init");
  b.key_upload();
  b.op("put", "r1", b.data("one"));
  b.op("sync");
  b.push({b.envelope("r1", "2026-11-24T10:00:00.000Z", b.data("uno"))});
  EXPECT_EQ(failed(judge_journal(b.input())), std::set<std::string>{"3/client-plaintext-is-data-put"});
}

TEST(JournalChecksTest, ATombstoneMustSealAnEmptyObject) {
  JournalBuilder b;
  b.op("init");
  b.key_upload();
  b.op("delete", "r1");
  b.op("sync");
  b.push({b.envelope("r1", "2026-11-24T10:00:00.000Z", b.data("one"), true)});
  EXPECT_EQ(failed(judge_journal(b.input())), std::set<std::string>{"2/client-tombstone-sealed-empty"});
  JournalBuilder good;
  good.op("init");
  good.key_upload();
  good.op("delete", "r1");
  good.op("sync");
  good.push({good.envelope("r1", "2026-11-24T10:00:00.000Z", Json::object(), true)});
  EXPECT_TRUE(failed(judge_journal(good.input())).empty());
}

TEST(JournalChecksTest, MalformedEnvelopesAndBatchesFail) {
  JournalBuilder b;
  b.op("init");
  b.key_upload();
  b.op("put", "r1", b.data("one"));
  b.op("sync");
  auto record = b.envelope("r1", "2026-11-24T10:00:00Z", b.data("one"));  // no milliseconds
  b.push({record});
  std::vector<Json> many;
  for (int i = 0; i < 501; ++i) many.push_back(b.envelope("m" + std::to_string(i), "2026-11-24T10:00:00.000Z", Json::object(), true));
  b.push(many);
  const auto f = failed(judge_journal(b.input()));
  EXPECT_TRUE(f.count("2/client-envelope-format"));
  EXPECT_TRUE(f.count("4.1/client-push-shape"));
}

TEST(JournalChecksTest, APushBeforeAnyKeyUploadFails) {
  JournalBuilder b;
  b.op("init");
  b.op("put", "r1", b.data("one"));
  b.op("sync");
  b.push({b.envelope("r1", "2026-11-24T10:00:00.000Z", b.data("one"))});
  EXPECT_EQ(failed(judge_journal(b.input())), std::set<std::string>{"3/client-key-uploaded"});
}

TEST(JournalChecksTest, APushAfterThePullOfOneSyncFails) {
  JournalBuilder b;
  b.op("init");
  b.key_upload();
  b.op("put", "r1", b.data("one"));
  b.op("sync");
  b.pull("", {}, "c1", false);
  b.push({b.envelope("r1", "2026-11-24T10:00:00.000Z", b.data("one"))});
  EXPECT_EQ(failed(judge_journal(b.input())), std::set<std::string>{"8/client-push-before-pull"});
}

TEST(JournalChecksTest, StoppingWhileHasMoreFailsUnlessTheSyncFailed) {
  JournalBuilder b;
  b.op("init");
  b.op("sync");
  b.pull("", {}, "c1", true);
  EXPECT_EQ(failed(judge_journal(b.input())), std::set<std::string>{"8/client-follows-has-more"});
  JournalBuilder failing;
  failing.op("init");
  failing.op("sync");
  failing.pull("", {}, "c1", true);
  failing.op_failed();
  EXPECT_TRUE(failed(judge_journal(failing.input())).empty());
}

TEST(JournalChecksTest, ACursorPastARecordThatDoesNotOpenFails) {
  JournalBuilder b;
  const auto other = crypto::KeyPair::generate();
  const crypto::RecordBox foreign(other.public_key, other.secret_key);
  b.op("init");
  b.op("sync");
  auto bad = b.envelope("x1", "2026-11-24T10:00:00.000Z", b.data("x"), false, &foreign);
  bad["version"] = 1;
  b.pull("", {bad}, "c1", false);
  b.op_failed();
  b.op("sync");
  b.pull("c1", {}, "c2", false);
  EXPECT_EQ(failed(judge_journal(b.input())), std::set<std::string>{"8/client-cursor-from-applied-page"});
}

TEST(JournalChecksTest, ACursorNeverGivenFails) {
  JournalBuilder b;
  b.op("init");
  b.op("sync");
  b.pull("made-up", {}, "c1", false);
  EXPECT_EQ(failed(judge_journal(b.input())), std::set<std::string>{"5/client-pull-query"});
}

TEST(JournalChecksTest, ResolveSendsTheServerVersionAndALaterTime) {
  auto resolve_session = [](std::int64_t expected_version, const std::string& at) {
    JournalBuilder b;
    b.op("init");
    b.key_upload();
    b.op("put", "r1", b.data("mine"));
    b.op("sync");
    const auto mine = b.envelope("r1", "2026-11-24T10:00:05.000Z", b.data("mine"));
    auto theirs = b.envelope("r1", "2026-11-24T10:00:10.000Z", b.data("theirs"));
    theirs["version"] = 3;
    b.request("POST", "/api/v1/sync/push/", {{"device_id", "phone-1"}, {"records", {mine}}}, 200,
              {{"results", {{{"table", "notes"}, {"id", "r1"}, {"status", "conflict"}, {"server", theirs}}}},
               {"server_time", "2026-11-24T10:00:00.000Z"}});
    b.pull("", {}, "c1", false);
    b.op("resolve", "r1", b.data("merged"));
    b.request("POST", "/api/v1/sync/resolve/",
              {{"table", "notes"}, {"id", "r1"}, {"resolution", "merged"}, {"expected_version", expected_version},
               {"record", b.envelope("r1", at, b.data("merged"))}},
              200, Json::object());
    return failed(judge_journal(b.input()));
  };
  EXPECT_TRUE(resolve_session(3, "2026-11-24T10:00:10.001Z").empty());
  EXPECT_EQ(resolve_session(1, "2026-11-24T10:00:10.001Z"), std::set<std::string>{"6/client-resolve-expected-version"});
  EXPECT_EQ(resolve_session(3, "2026-11-24T10:00:10.000Z"), std::set<std::string>{"8/client-resolve-later-time"});
}

TEST(JournalChecksTest, ABadResolveBodyFails) {
  JournalBuilder b;
  b.op("init");
  b.op("resolve", "r1");
  b.request("POST", "/api/v1/sync/resolve/",
            {{"table", "notes"}, {"id", "r1"}, {"resolution", "server"}, {"expected_version", "3"}}, 400,
            {{"detail", "x"}});
  EXPECT_EQ(failed(judge_journal(b.input())), std::set<std::string>{"6/client-resolve-body"});
}

TEST(JournalChecksTest, RequestsOfDevicesNotUnderTestAreNotJudged) {
  JournalBuilder b;
  b.op("sync");
  b.input().ops.back().under_test = false;
  b.push({b.envelope("r1", "bad time", Json::object())});
  EXPECT_TRUE(judge_journal(b.input()).empty());
}

}  // namespace
}  // namespace syncsuite::client_checks

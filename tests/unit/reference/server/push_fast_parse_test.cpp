// The push fast path (push_fast_parse.hpp) against the full parser, differentially: whatever the
// fast path accepts, the full parser (read_json_object + parse_push_batch) accepts too, with the
// same device_id and the same records; whatever the full parser refuses, the fast path declines.
// Bodies: the usual shapes and their edge cases, then every single-byte substitution, deletion
// and insertion of a small valid body.
#include "reference/server/push_fast_parse.hpp"

#include <gtest/gtest.h>

#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "reference/protocol/http_message.hpp"
#include "reference/server/request_body.hpp"

namespace syncsuite::server {
namespace {

// The full parser's reading: a batch, or nullopt when it answers with an error.
std::optional<PushBatch> full_parse(const std::string& body) {
  protocol::HttpRequest request{"POST", "/api/v1/sync/push/", {{"Content-Type", "application/json"}}, body};
  const Mutations none;
  nlohmann::json parsed;
  if (read_json_object(request, none, parsed)) return std::nullopt;
  PushBatch batch = parse_push_batch(parsed, none);
  if (batch.error) return std::nullopt;
  return batch;
}

std::string nonce() { return std::string(32, 'A'); }  // 24 bytes

std::string envelope(const std::string& id, const std::string& extra = "") {
  return R"({"table":"transactions","id":")" + id +
         R"(","updated_at":"2026-11-24T10:00:00.123Z","deleted":false,"nonce":")" + nonce() +
         R"(","ciphertext":"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")" +
         extra + "}";
}

std::string body_of(const std::vector<std::string>& envelopes, const std::string& device = "d1") {
  std::string body = R"({"device_id":")" + device + R"(","records":[)";
  for (std::size_t i = 0; i < envelopes.size(); ++i) body += (i ? "," : "") + envelopes[i];
  return body + "]}";
}

// The property, for one body; `fast_accepts` counts the bodies the fast path took.
void expect_agreement(const std::string& body, int& fast_accepts) {
  const auto fast = parse_push_fast(body);
  if (!fast) return;  // declined: the full parser answers, whatever it is
  ++fast_accepts;
  const auto full = full_parse(body);
  ASSERT_TRUE(full.has_value()) << "the fast path accepted what the full parser refuses:\n" << body;
  EXPECT_FALSE(fast->error);
  EXPECT_EQ(fast->device_id, full->device_id) << body;
  ASSERT_EQ(fast->records.size(), full->records.size()) << body;
  for (std::size_t i = 0; i < full->records.size(); ++i) {
    const auto& a = fast->records[i];
    const auto& b = full->records[i];
    EXPECT_EQ(a.table, b.table) << body;
    EXPECT_EQ(a.id, b.id) << body;
    EXPECT_EQ(a.updated_at, b.updated_at) << body;
    EXPECT_EQ(a.deleted, b.deleted) << body;
    EXPECT_EQ(a.nonce, b.nonce) << body;
    EXPECT_EQ(a.ciphertext, b.ciphertext) << body;
  }
}

TEST(PushFastParse, TakesTheUsualBodyExactlyAsTheFullParserReadsIt) {
  std::vector<std::string> envelopes;
  for (int i = 0; i < 500; ++i) envelopes.push_back(envelope("r" + std::to_string(i)));
  for (const std::string& body :
       {body_of(envelopes), body_of({envelope("a")}),
        " \n" + body_of({envelope("a"), envelope("b")}) + " \t\r\n",  // whitespace around
        body_of({envelope("a")}, R"(d\u00e9v\n)"),                    // escapes in a string
        R"({"records":[)" + envelope("x") + R"(],"device_id":"other order"})"}) {
    const auto fast = parse_push_fast(body);
    ASSERT_TRUE(fast.has_value()) << "declined a usual body:\n" << body.substr(0, 300);
    int accepted = 0;
    expect_agreement(body, accepted);
  }
  const auto fast = parse_push_fast(body_of({envelope("a")}, R"(d\u00e9v)"));
  ASSERT_TRUE(fast);
  EXPECT_EQ(fast->device_id, "d\xc3\xa9v");
}

TEST(PushFastParse, DeclinesWhatItDoesNotFullyKnow) {
  std::vector<std::string> too_many;
  for (int i = 0; i < 501; ++i) too_many.push_back(envelope("r" + std::to_string(i)));
  const std::string ct64 = std::string(64, 'A');
  const std::vector<std::string> declined = {
      body_of(too_many),
      body_of({}),
      body_of({envelope("a"), envelope("a")}),                                  // repeated record
      body_of({envelope("a", R"(,"version":3)")}),                               // a field more
      body_of({envelope("a", R"(,"id":"b")")}),                                  // repeated key
      body_of({envelope("a", R"(,"i\u0064":"b")")}),                             // escaped repeat
      body_of({envelope("a")}) + "x",                                            // trailing bytes
      body_of({envelope("a")}) + std::string("\0", 1),                           // trailing NUL
      body_of({envelope("a")}) + body_of({envelope("b")}),                       // two values
      R"({"device_id":"d","device_id":"e","records":[)" + envelope("a") + "]}",  // repeated top
      R"({"device_id":"d","records":[)" + envelope("a") + R"(],"extra":1})",     // unknown top
      R"({"device_id":"","records":[)" + envelope("a") + "]}",                   // empty device
      R"({"device_id":")" + std::string(65, 'd') + R"(","records":[)" + envelope("a") + "]}",
      R"({"records":[)" + envelope("a") + "]}",                                  // no device_id
      R"({"device_id":"d"})",                                                    // no records
      R"({"device_id":"d","records":{}})",
      R"({"device_id":"d","records":[1]})",
      R"(["device_id"])",
      body_of({envelope(std::string(65, 'i'))}),
      body_of({envelope("bad id")}),
      body_of({envelope("a\\u0000")}),
      body_of({envelope("a\\ud800")}),
      "",
      "{}",
      "null",
  };
  for (const auto& body : declined) {
    EXPECT_FALSE(parse_push_fast(body).has_value()) << "took:\n" << body.substr(0, 300);
  }
  // The field rules, one field at a time, through the same template.
  const std::string good = envelope("a");
  auto with = [&](const std::string& from, const std::string& to) {
    std::string e = good;
    e.replace(e.find(from), from.size(), to);
    return body_of({e});
  };
  for (const auto& body : {
           with("\"deleted\":false", "\"deleted\":0"),
           with("\"deleted\":false", "\"deleted\":\"false\""),
           with("\"deleted\":false", "\"deleted\":falsey"),
           with("2026-11-24T10:00:00.123Z", "2026-11-24T10:00:00Z"),
           with("2026-11-24T10:00:00.123Z", "2026-02-30T10:00:00.123Z"),
           with(nonce(), std::string(28, 'A') + "AA=="),  // 22 bytes
           with(nonce(), std::string(36, 'A')),           // 27 bytes
           with(nonce(), std::string(31, 'A') + "B"),     // valid: other bytes
           with("\"table\":\"transactions\"", "\"table\":\"Transactions\""),
           with("\"nonce\":\"", "\"nonce\":\" "),
           with("\"ciphertext\":\"AAAA", "\"ciphertext\":\"===="),
           with("\"ciphertext\":\"" + ct64, "\"ciphertext\":\"AAAAAAAAAAAAAAAAAAA="),  // 14 bytes
           with("\"ciphertext\":\"" + ct64, "\"ciphertext\":\"" + ct64.substr(0, 60) + "AAB="),
           with("\"table\":\"transactions\"", "\"table\":\"9x\""),
       }) {
    const auto fast = parse_push_fast(body);
    const auto full = full_parse(body);
    EXPECT_EQ(fast.has_value(), full.has_value()) << body;
  }
}

// A body past kFastPathMaxBytes (500 records of 5,000-character ciphertexts) is left to the full
// parser, which takes it.
TEST(PushFastParse, LeavesLargeBodiesToTheFullParser) {
  const std::string small_ct(64, 'A');
  std::vector<std::string> envelopes;
  for (int i = 0; i < 500; ++i) {
    std::string e = envelope("r" + std::to_string(i));
    e.replace(e.find(small_ct), small_ct.size(), std::string(5000, 'A'));
    envelopes.push_back(std::move(e));
  }
  const std::string body = body_of(envelopes);
  ASSERT_GT(body.size(), kFastPathMaxBytes);
  EXPECT_FALSE(parse_push_fast(body).has_value());
  EXPECT_TRUE(full_parse(body).has_value());
}

// Every single-byte change of a small valid body, with the bytes that matter to JSON, base64,
// UTF-8 and the field rules: the fast path never takes what the full parser refuses, and reads
// alike what both take.
TEST(PushFastParse, AgreesWithTheFullParserOnEverySingleByteChange) {
  const std::string base = body_of({envelope("a1"), envelope("b2", "")}, "d");
  std::string bytes = "\"\\{}[],: \t\n0159eEtfnu-+./=AZaz_x\x01\x7f\xc3\xa9\xff";
  bytes.push_back('\0');
  int fast_accepts = 0;
  int cases = 0;
  for (std::size_t pos = 0; pos <= base.size(); ++pos) {
    for (char c : bytes) {
      std::string inserted = base;
      inserted.insert(pos, 1, c);
      expect_agreement(inserted, fast_accepts);
      ++cases;
      if (pos == base.size()) continue;
      std::string replaced = base;
      replaced[pos] = c;
      expect_agreement(replaced, fast_accepts);
      ++cases;
    }
    if (pos < base.size()) {
      std::string deleted = base;
      deleted.erase(pos, 1);
      expect_agreement(deleted, fast_accepts);
      ++cases;
    }
    if (testing::Test::HasFatalFailure()) return;
  }
  EXPECT_GT(cases, 10000);
  EXPECT_GT(fast_accepts, 100);  // the sweep did reach accepted variants, not only refusals
}

}  // namespace
}  // namespace syncsuite::server

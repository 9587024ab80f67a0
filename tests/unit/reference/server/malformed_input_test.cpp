// Malformed requests of every kind get a 4xx JSON answer whose detail names the field and rule,
// and store nothing (contract sections 1, 2, 3, 4.1 and 6).
#include <gtest/gtest.h>

#include <functional>
#include <string>

#include "reference/core/base64.hpp"
#include "tests/unit/reference/server/server_fixture.hpp"

namespace syncsuite::server::fixture {
namespace {

std::string b64(std::size_t n) { return base64::encode(base64::Bytes(n, 0x42)); }

json good_envelope(const std::string& id = "r1") {
  return json{{"table", "transactions"}, {"id", id},        {"updated_at", at(0)},
              {"deleted", false},        {"nonce", b64(24)}, {"ciphertext", b64(40)}};
}

// A push body with one envelope changed by `edit`.
std::string push_with(const std::function<void(json&)>& edit) {
  json envelope = good_envelope();
  edit(envelope);
  return json{{"device_id", "d"}, {"records", json::array({good_envelope("r0"), envelope})}}
      .dump();
}

std::string resolve_with(const std::function<void(json&)>& edit) {
  json body = {{"table", "transactions"},
               {"id", "r1"},
               {"resolution", "local"},
               {"expected_version", 1},
               {"record", good_envelope()}};
  edit(body);
  return body.dump();
}

// `body` (compact JSON) with `"key": first_value,` put before the first `"key":` in it, so that
// the object holding it repeats the key.
std::string with_key_before(std::string body, const std::string& key,
                            const std::string& first_value) {
  const std::string name = "\"" + key + "\":";
  body.insert(body.find(name), name + first_value + ",");
  return body;
}

// A valid push body with `count` extra keys x0, x1, ... at the top level, then `extra` members,
// then keys x<count>... up to `total` (when larger).
std::string many_keys_body(int count, const std::vector<std::string>& extra, int total = 0) {
  std::string body = R"({"device_id": "d", "records": )" + json::array({good_envelope()}).dump();
  for (int i = 0; i < count; ++i) body += ", \"x" + std::to_string(i) + "\": 0";
  for (const auto& member : extra) body += ", " + member;
  for (int i = count; i < total; ++i) body += ", \"x" + std::to_string(i) + "\": 0";
  return body + "}";
}

struct Malformed {
  std::string name;
  std::string path;
  std::string body;
  int status;
  std::string detail;  // must appear in the detail
};
void PrintTo(const Malformed& c, std::ostream* os) { *os << c.name; }

std::vector<Malformed> cases() {
  const std::string push(protocol::kPushPath);
  const std::string resolve(protocol::kResolvePath);
  const std::string key(protocol::kKeyPath);
  const std::string nonce_rule = "records[1].nonce: must be standard base64 of exactly 24 bytes";
  std::string deep(100'000, '[');
  std::vector<Malformed> all = {
      // Not JSON, or not an object.
      {"EmptyBody", push, "", 400, "body"},
      {"NotJson", push, "device_id=d", 400, "body"},
      {"TruncatedJson", push, R"({"device_id": "d", "records": [)", 400, "body"},
      {"TrailingGarbage", push, R"({"device_id": "d"} x)", 400, "body"},
      {"JsonArray", push, "[]", 400, "body"},
      {"JsonNull", push, "null", 400, "body"},
      {"JsonString", push, "\"push\"", 400, "body"},
      {"InvalidUtf8", push, "{\"device_id\": \"\xff\xfe\", \"records\": []}", 400, "body"},
      {"DeepNesting", push, deep, 400, "body"},
      {"NaNLiteral", push, R"({"device_id": NaN})", 400, "body"},
      // device_id and records.
      {"NoDeviceId", push, json{{"records", json::array({good_envelope()})}}.dump(), 400,
       "device_id"},
      {"EmptyDeviceId", push, json{{"device_id", ""}, {"records", json::array({good_envelope()})}}.dump(),
       400, "device_id"},
      {"LongDeviceId", push,
       json{{"device_id", std::string(65, 'd')}, {"records", json::array({good_envelope()})}}.dump(),
       400, "device_id"},
      {"NumericDeviceId", push, json{{"device_id", 7}, {"records", json::array({good_envelope()})}}.dump(),
       400, "device_id"},
      {"NoRecords", push, json{{"device_id", "d"}}.dump(), 400, "records"},
      {"RecordsNotArray", push, json{{"device_id", "d"}, {"records", good_envelope()}}.dump(), 400,
       "records"},
      {"EmptyRecords", push, json{{"device_id", "d"}, {"records", json::array()}}.dump(), 400,
       "records"},
      {"RecordNotObject", push, json{{"device_id", "d"}, {"records", json::array({good_envelope("a"), 5})}}.dump(),
       400, "records[1]"},
      {"Duplicate", push,
       json{{"device_id", "d"}, {"records", json::array({good_envelope(), good_envelope()})}}.dump(),
       400, "records[1]"},
      // Envelope fields (section 2).
      {"NoTable", push, push_with([](json& e) { e.erase("table"); }), 400, "records[1].table"},
      {"UpperTable", push, push_with([](json& e) { e["table"] = "Transactions"; }), 400,
       "records[1].table"},
      {"DigitFirstTable", push, push_with([](json& e) { e["table"] = "1t"; }), 400,
       "records[1].table"},
      {"LongTable", push, push_with([](json& e) { e["table"] = std::string(65, 't'); }), 400,
       "records[1].table"},
      {"EmptyId", push, push_with([](json& e) { e["id"] = ""; }), 400, "records[1].id"},
      {"IdWithSpace", push, push_with([](json& e) { e["id"] = "a b"; }), 400, "records[1].id"},
      {"IdWithSlash", push, push_with([](json& e) { e["id"] = "../x"; }), 400, "records[1].id"},
      {"LongId", push, push_with([](json& e) { e["id"] = std::string(65, 'i'); }), 400,
       "records[1].id"},
      {"NumericId", push, push_with([](json& e) { e["id"] = 5; }), 400, "records[1].id"},
      {"NoMillis", push, push_with([](json& e) { e["updated_at"] = "2026-11-24T10:00:00Z"; }), 400,
       "records[1].updated_at"},
      {"Micros", push, push_with([](json& e) { e["updated_at"] = "2026-11-24T10:00:00.123456Z"; }),
       400, "records[1].updated_at"},
      {"Offset", push, push_with([](json& e) { e["updated_at"] = "2026-11-24T10:00:00.123+01:00"; }),
       400, "records[1].updated_at"},
      {"NotADay", push, push_with([](json& e) { e["updated_at"] = "2026-02-30T10:00:00.000Z"; }),
       400, "records[1].updated_at"},
      {"EpochNumber", push, push_with([](json& e) { e["updated_at"] = 1764000000000; }), 400,
       "records[1].updated_at"},
      {"NoDeleted", push, push_with([](json& e) { e.erase("deleted"); }), 400,
       "records[1].deleted"},
      {"DeletedString", push, push_with([](json& e) { e["deleted"] = "false"; }), 400,
       "records[1].deleted"},
      {"DeletedNumber", push, push_with([](json& e) { e["deleted"] = 0; }), 400,
       "records[1].deleted"},
      {"NoNonce", push, push_with([](json& e) { e.erase("nonce"); }), 400, nonce_rule},
      {"Nonce23", push, push_with([](json& e) { e["nonce"] = b64(23); }), 400, nonce_rule},
      {"Nonce25", push, push_with([](json& e) { e["nonce"] = b64(25); }), 400, nonce_rule},
      {"NonceUnpadded", push, push_with([](json& e) { e["nonce"] = b64(23).substr(0, 31); }), 400,
       nonce_rule},
      {"NonceUrlSafe", push,
       push_with([](json& e) { e["nonce"] = std::string(31, '-') + "A"; }), 400, nonce_rule},
      {"CiphertextShort", push, push_with([](json& e) { e["ciphertext"] = b64(15); }), 400,
       "records[1].ciphertext"},
      {"CiphertextEmpty", push, push_with([](json& e) { e["ciphertext"] = ""; }), 400,
       "records[1].ciphertext"},
      {"CiphertextNotBase64", push, push_with([](json& e) { e["ciphertext"] = std::string(24, '!'); }),
       400, "records[1].ciphertext"},
      {"CiphertextOver1MiB", push,
       push_with([](json& e) { e["ciphertext"] = b64(protocol::kMaxCiphertextBytes + 1); }), 400,
       "records[1].ciphertext"},
      // Resolve bodies (section 6).
      {"ResolveNotJson", resolve, "{", 400, "body"},
      {"ResolveBadTable", resolve, resolve_with([](json& b) { b["table"] = "T"; }), 400, "table"},
      {"ResolveNoId", resolve, resolve_with([](json& b) { b.erase("id"); }), 400, "id"},
      {"ResolveBadChoice", resolve, resolve_with([](json& b) { b["resolution"] = "both"; }), 400,
       "resolution"},
      {"ResolveNoChoice", resolve, resolve_with([](json& b) { b.erase("resolution"); }), 400,
       "resolution"},
      {"ResolveVersionText", resolve, resolve_with([](json& b) { b["expected_version"] = "1"; }),
       400, "expected_version"},
      {"ResolveVersionFloat", resolve, resolve_with([](json& b) { b["expected_version"] = 1.5; }),
       400, "expected_version"},
      {"ResolveVersionMissing", resolve, resolve_with([](json& b) { b.erase("expected_version"); }),
       400, "expected_version"},
      {"ResolveNoRecord", resolve, resolve_with([](json& b) { b.erase("record"); }), 400,
       "record"},
      {"ResolveRecordNull", resolve, resolve_with([](json& b) { b["record"] = nullptr; }), 400,
       "record"},
      {"ResolveRecordBadNonce", resolve,
       resolve_with([](json& b) { b["record"]["nonce"] = b64(12); }), 400, "record.nonce"},
      {"ResolveRecordOtherId", resolve, resolve_with([](json& b) { b["record"]["id"] = "r2"; }),
       400, "record.id"},
      // Key bodies (section 3).
      {"KeyNotJson", key, "key", 400, "body"},
      // A body is exactly one JSON value (section 1): nothing after it, a NUL included. Each
      // body is valid up to the trailing bytes.
      {"PushNulThenGarbage", push, push_with([](json&) {}) + std::string("\0garbage", 8), 400,
       "exactly one JSON value"},
      {"PushNulAlone", push, push_with([](json&) {}) + std::string(1, '\0'), 400,
       "exactly one JSON value"},
      {"PushNulThenObject", push,
       push_with([](json&) {}) + std::string(1, '\0') + push_with([](json&) {}), 400,
       "exactly one JSON value"},
      {"PushSecondObject", push, push_with([](json&) {}) + " " + push_with([](json&) {}), 400,
       "body"},
      {"PushTrailingJunk", push, push_with([](json&) {}) + "x", 400, "body"},
      {"ResolveNulThenGarbage", resolve, resolve_with([](json&) {}) + std::string("\0}", 2), 400,
       "exactly one JSON value"},
      {"KeyNulThenGarbage", key,
       json{{"public_key", b64(32)}}.dump() + std::string("\0\xff", 2), 400,
       "exactly one JSON value"},
      // Repeated keys (section 1, SHOULD): refused wherever they are.
      {"EnvelopeRepeatsTable", push,
       R"({"device_id": "d", "records": [{"table": "BAD TABLE", "table": "transactions", )"
       R"("id": "r1", "updated_at": ")" + at(0) + R"(", "deleted": false, "nonce": ")" + b64(24) +
           R"(", "ciphertext": ")" + b64(40) + R"("}]})",
       400, "repeats the key \"table\""},
      {"TopLevelRepeatsDeviceId", push,
       R"({"device_id": "d", "device_id": "e", "records": )" +
           json::array({good_envelope()}).dump() + "}",
       400, "repeats the key \"device_id\""},
      {"EscapedKeyRepeats", push,
       R"({"device_id": "d", "device_\u0069d": "e", "records": )" +
           json::array({good_envelope()}).dump() + "}",
       400, "repeats the key \"device_id\""},
      {"ResolveRecordRepeatsNonce", resolve,
       with_key_before(resolve_with([](json&) {}), "nonce", "\"" + b64(12) + "\""), 400,
       "repeats the key \"nonce\""},
      {"KeyRepeatsPublicKey", key,
       R"({"public_key": ")" + b64(16) + R"(", "public_key": ")" + b64(32) + R"("})", 400,
       "repeats the key \"public_key\""},
      {"KeyShort", key, json{{"public_key", b64(16)}}.dump(), 400, "public_key"},
      // Objects of many keys (the watch keeps a small object's keys in a list, a large one's in
      // a set): a repeat is found on either side of that change, and a nested object's keys
      // never count as the outer object's.
      {"RepeatAmongManyKeys", push, many_keys_body(40, {"\"x3\": 0"}), 400,
       "repeats the key \"x3\""},
      {"RepeatWhileStillSmall", push, many_keys_body(5, {"\"x2\": 0"}, 40), 400,
       "repeats the key \"x2\""},
      {"NestedKeysAreTheirOwn", push,
       many_keys_body(20, {"\"inner\": {\"x1\": 0, \"x19\": 0}", "\"x19\": 0"}), 400,
       "repeats the key \"x19\""},
  };
  return all;
}

class MalformedInput : public ServerTest, public ::testing::WithParamInterface<Malformed> {};

TEST_P(MalformedInput, Is4xxJsonWithDetailAndStoresNothing) {
  const auto& c = GetParam();
  const std::string method = c.path == protocol::kKeyPath ? "PUT" : "POST";
  expect_error(call(make_request(method, c.path, token_, c.body)), c.status, c.detail);
  const auto status = status_ok();
  EXPECT_EQ(status["record_count"], 0);
  EXPECT_EQ(status["conflict_count"], 0);
  EXPECT_EQ(status["cursor"], "c0");
  EXPECT_TRUE(status["public_key"].is_null());
}

INSTANTIATE_TEST_SUITE_P(Table, MalformedInput, ::testing::ValuesIn(cases()),
                         [](const auto& info) { return info.param.name; });

}  // namespace
}  // namespace syncsuite::server::fixture

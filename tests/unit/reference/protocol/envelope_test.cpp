#include "reference/protocol/envelope.hpp"

#include <gtest/gtest.h>

#include <functional>
#include <string>

#include "reference/core/base64.hpp"
#include "reference/protocol/limits.hpp"

namespace syncsuite::protocol {
namespace {

using nlohmann::json;

std::string b64_of(std::size_t n, std::uint8_t fill = 0x5a) {
  return base64::encode(base64::Bytes(n, fill));
}

json valid_envelope() {
  return json{{"table", "transactions"},
              {"id", "3f2504e0-4f89-11d3-9a0c-0305e82c3301"},
              {"updated_at", "2026-11-24T10:00:00.123Z"},
              {"deleted", false},
              {"nonce", b64_of(kNonceBytes, 0x11)},
              {"ciphertext", b64_of(40, 0x22)}};
}

// One row: a change to a valid envelope, whether `version` is read, and the field the error must
// name ("" when the envelope must be accepted).
struct EnvelopeCase {
  std::string name;
  std::function<void(json&)> mutate;
  bool with_version = false;
  std::string bad_field;
};
void PrintTo(const EnvelopeCase& c, std::ostream* os) { *os << c.name; }

class EnvelopeParseTable : public ::testing::TestWithParam<EnvelopeCase> {};

TEST_P(EnvelopeParseTable, AcceptsOrNamesTheField) {
  const auto& c = GetParam();
  json v = valid_envelope();
  c.mutate(v);
  const auto parsed = parse_envelope(v, "records[3]", c.with_version);
  if (c.bad_field.empty()) {
    ASSERT_TRUE(parsed.ok()) << parsed.error().message;
    // Accepted fields are kept byte-exactly (section 2: stored and returned as accepted).
    EXPECT_EQ(parsed->table, v["table"].get<std::string>());
    EXPECT_EQ(parsed->id, v["id"].get<std::string>());
    EXPECT_EQ(parsed->updated_at, v["updated_at"].get<std::string>());
    EXPECT_EQ(parsed->deleted, v["deleted"].get<bool>());
    EXPECT_EQ(parsed->nonce, v["nonce"].get<std::string>());
    EXPECT_EQ(parsed->ciphertext, v["ciphertext"].get<std::string>());
    if (!c.with_version) {
      EXPECT_FALSE(parsed->version.has_value());
    }
  } else {
    ASSERT_FALSE(parsed.ok()) << "accepted an envelope with a bad " << c.bad_field;
    EXPECT_EQ(parsed.error().code, "bad_request");
    const std::string prefix = "records[3]." + c.bad_field + ": ";
    EXPECT_EQ(parsed.error().message.rfind(prefix, 0), 0u)
        << "error does not start with \"" << prefix << "\": " << parsed.error().message;
    EXPECT_GT(parsed.error().message.size(), prefix.size()) << "no rule stated";
  }
}

std::function<void(json&)> set(const char* field, json value) {
  return [field, value](json& v) { v[field] = value; };
}
std::function<void(json&)> erase(const char* field) {
  return [field](json& v) { v.erase(field); };
}
EnvelopeCase ok(std::string name, std::function<void(json&)> m, bool with_version = false) {
  return {std::move(name), std::move(m), with_version, ""};
}
EnvelopeCase bad(std::string name, std::function<void(json&)> m, std::string field,
                 bool with_version = false) {
  return {std::move(name), std::move(m), with_version, std::move(field)};
}

std::vector<EnvelopeCase> envelope_cases() {
  const auto nothing = [](json&) {};
  return {
      ok("Valid", nothing),
      // table: ^[a-z][a-z0-9_]{0,63}$
      ok("TableOneLetter", set("table", "a")),
      ok("Table64Chars", set("table", "a" + std::string(63, 'z'))),
      ok("TableDigitsUnderscore", set("table", "budget_2026_")),
      bad("TableMissing", erase("table"), "table"),
      bad("TableNull", set("table", nullptr), "table"),
      bad("TableNumber", set("table", 7), "table"),
      bad("TableArray", set("table", json::array({"transactions"})), "table"),
      bad("TableEmpty", set("table", ""), "table"),
      bad("Table65Chars", set("table", "a" + std::string(64, 'z')), "table"),
      bad("TableUppercase", set("table", "Transactions"), "table"),
      bad("TableInnerUppercase", set("table", "transActions"), "table"),
      bad("TableLeadingDigit", set("table", "1transactions"), "table"),
      bad("TableLeadingUnderscore", set("table", "_transactions"), "table"),
      bad("TableDash", set("table", "my-table"), "table"),
      bad("TableSpace", set("table", "my table"), "table"),
      bad("TableNonAscii", set("table", "caf\u00e9"), "table"),
      bad("TableTrailingNewline", set("table", "transactions\n"), "table"),
      // id: ^[A-Za-z0-9_-]{1,64}$
      ok("IdOneChar", set("id", "x")),
      ok("Id64Chars", set("id", std::string(64, 'A'))),
      ok("IdAllClasses", set("id", "Az09_-")),
      ok("IdLeadingDash", set("id", "-abc")),
      bad("IdMissing", erase("id"), "id"),
      bad("IdNull", set("id", nullptr), "id"),
      bad("IdNumber", set("id", 42), "id"),
      bad("IdEmpty", set("id", ""), "id"),
      bad("Id65Chars", set("id", std::string(65, 'A')), "id"),
      bad("IdSlash", set("id", "a/b"), "id"),
      bad("IdDot", set("id", "a.b"), "id"),
      bad("IdSpace", set("id", "a b"), "id"),
      bad("IdBraces", set("id", "{3f2504e0}"), "id"),
      bad("IdNonAscii", set("id", "\u00e9t\u00e9"), "id"),
      bad("IdNul", set("id", std::string("a\0b", 3)), "id"),
      // updated_at: RFC 3339 UTC, exactly milliseconds
      ok("UpdatedAtLeapDay", set("updated_at", "2024-02-29T23:59:59.999Z")),
      bad("UpdatedAtMissing", erase("updated_at"), "updated_at"),
      bad("UpdatedAtNull", set("updated_at", nullptr), "updated_at"),
      bad("UpdatedAtEpochNumber", set("updated_at", 1795514400123), "updated_at"),
      bad("UpdatedAtSeconds", set("updated_at", "2026-11-24T10:00:00Z"), "updated_at"),
      bad("UpdatedAtMicros", set("updated_at", "2026-11-24T10:00:00.123456Z"), "updated_at"),
      bad("UpdatedAtOffset", set("updated_at", "2026-11-24T10:00:00.123+00:00"), "updated_at"),
      bad("UpdatedAtLowercaseZ", set("updated_at", "2026-11-24T10:00:00.123z"), "updated_at"),
      bad("UpdatedAtNotADay", set("updated_at", "2026-02-30T10:00:00.123Z"), "updated_at"),
      bad("UpdatedAtEmpty", set("updated_at", ""), "updated_at"),
      // deleted: bool
      ok("DeletedTrue", set("deleted", true)),
      bad("DeletedMissing", erase("deleted"), "deleted"),
      bad("DeletedNull", set("deleted", nullptr), "deleted"),
      bad("DeletedString", set("deleted", "false"), "deleted"),
      bad("DeletedZero", set("deleted", 0), "deleted"),
      bad("DeletedOne", set("deleted", 1), "deleted"),
      // nonce: standard base64 (with padding) of exactly 24 bytes
      bad("NonceMissing", erase("nonce"), "nonce"),
      bad("NonceNull", set("nonce", nullptr), "nonce"),
      bad("NonceNumber", set("nonce", 24), "nonce"),
      bad("NonceEmpty", set("nonce", ""), "nonce"),
      bad("Nonce23Bytes", set("nonce", b64_of(23)), "nonce"),
      bad("Nonce25Bytes", set("nonce", b64_of(25)), "nonce"),
      bad("Nonce32Bytes", set("nonce", b64_of(32)), "nonce"),
      bad("NonceUrlSafe", set("nonce", std::string(32, '_')), "nonce"),
      bad("NonceWhitespace", set("nonce", b64_of(24) + "\n"), "nonce"),
      bad("NonceInnerSpace", set("nonce", b64_of(12) + " " + b64_of(12)), "nonce"),
      bad("NonceHex", set("nonce", std::string(48, 'a') + "!"), "nonce"),
      bad("NonceHuge", set("nonce", std::string(4000, 'A')), "nonce"),
      bad("NonceBytesArray", set("nonce", json::array({1, 2, 3})), "nonce"),
      // ciphertext: standard base64, 16 bytes .. 1 MiB decoded
      ok("Ciphertext16Bytes", set("ciphertext", b64_of(kMinCiphertextBytes))),
      ok("Ciphertext1MiB", set("ciphertext", b64_of(kMaxCiphertextBytes))),
      bad("CiphertextMissing", erase("ciphertext"), "ciphertext"),
      bad("CiphertextNull", set("ciphertext", nullptr), "ciphertext"),
      bad("CiphertextNumber", set("ciphertext", 16), "ciphertext"),
      bad("CiphertextEmpty", set("ciphertext", ""), "ciphertext"),
      bad("Ciphertext15Bytes", set("ciphertext", b64_of(15)), "ciphertext"),
      bad("CiphertextOneByteOver1MiB", set("ciphertext", b64_of(kMaxCiphertextBytes + 1)),
          "ciphertext"),
      bad("Ciphertext2MiB", set("ciphertext", b64_of(2 * kMaxCiphertextBytes)), "ciphertext"),
      bad("CiphertextMissingPadding", set("ciphertext", "AAAAAAAAAAAAAAAAAAAAAAA"), "ciphertext"),
      bad("CiphertextUrlSafe", set("ciphertext", std::string(24, '-')), "ciphertext"),
      bad("CiphertextWrapped", set("ciphertext", b64_of(30) + "\n" + b64_of(30)), "ciphertext"),
      bad("CiphertextStrayBits", set("ciphertext", "AAAAAAAAAAAAAAAAAAAAAB=="), "ciphertext"),
      // version: read only with_version; then a positive integer
      ok("VersionIgnoredInPush", set("version", 3)),
      ok("BadVersionIgnoredInPush", set("version", "three")),
      ok("VersionAbsentInResponse", nothing, true),
      ok("VersionOneInResponse", set("version", 1), true),
      ok("VersionLargeInResponse", set("version", 9007199254740993LL), true),
      bad("VersionZero", set("version", 0), "version", true),
      bad("VersionNegative", set("version", -1), "version", true),
      bad("VersionString", set("version", "1"), "version", true),
      bad("VersionFloat", set("version", 1.5), "version", true),
      bad("VersionNull", set("version", nullptr), "version", true),
      bad("VersionBool", set("version", true), "version", true),
      bad("VersionAboveInt64", set("version", 18446744073709551615ULL), "version", true),
      // Unknown fields are ignored.
      ok("UnknownFieldsIgnored",
         [](json& v) {
           v["syncStatus"] = "pending";
           v["user"] = "someone-else";
           v["data"] = json{{"amount", 1}};
         }),
  };
}

INSTANTIATE_TEST_SUITE_P(Section2, EnvelopeParseTable, ::testing::ValuesIn(envelope_cases()),
                         [](const auto& info) { return info.param.name; });

TEST(EnvelopeParse, VersionIsReadOnlyWithVersion) {
  json v = valid_envelope();
  v["version"] = 7;
  auto with = parse_envelope(v, "", true);
  ASSERT_TRUE(with.ok());
  ASSERT_TRUE(with->version.has_value());
  EXPECT_EQ(*with->version, 7);
  auto without = parse_envelope(v, "", false);
  ASSERT_TRUE(without.ok());
  EXPECT_FALSE(without->version.has_value());
}

TEST(EnvelopeParse, NonObjectsAreRefusedNamingWhere) {
  for (const json& v : {json::array(), json("text"), json(nullptr), json(5), json(true)}) {
    auto r = parse_envelope(v, "records[0]", false);
    ASSERT_FALSE(r.ok()) << v.dump();
    EXPECT_EQ(r.error().code, "bad_request");
    EXPECT_EQ(r.error().message.rfind("records[0]: ", 0), 0u) << r.error().message;
  }
}

TEST(EnvelopeParse, EmptyWhereGivesBareFieldName) {
  json v = valid_envelope();
  v["nonce"] = "short";
  auto r = parse_envelope(v, "", false);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().message.rfind("nonce: ", 0), 0u) << r.error().message;
  auto whole = parse_envelope(json::array(), "", false);
  ASSERT_FALSE(whole.ok());
  EXPECT_FALSE(whole.error().message.empty());
  EXPECT_NE(whole.error().message.front(), '.');
  EXPECT_NE(whole.error().message.front(), ':');
}

TEST(EnvelopeParse, UnknownFieldsAreNotKept) {
  json v = valid_envelope();
  v["extra"] = "x";
  auto r = parse_envelope(v, "", false);
  ASSERT_TRUE(r.ok());
  const json back = to_json(*r);
  EXPECT_FALSE(back.contains("extra"));
  EXPECT_EQ(back, valid_envelope());
}

TEST(EnvelopeToJson, RoundTripsAndWritesVersionOnlyWhenSet) {
  auto parsed = parse_envelope(valid_envelope(), "", true);
  ASSERT_TRUE(parsed.ok());
  Envelope e = *parsed;
  json j = to_json(e);
  EXPECT_EQ(j.size(), 6u);
  EXPECT_FALSE(j.contains("version"));
  e.version = 4;
  j = to_json(e);
  EXPECT_EQ(j.size(), 7u);
  EXPECT_EQ(j["version"], 4);
  auto back = parse_envelope(json::parse(j.dump()), "", true);
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(back->table, e.table);
  EXPECT_EQ(back->id, e.id);
  EXPECT_EQ(back->updated_at, e.updated_at);
  EXPECT_EQ(back->deleted, e.deleted);
  EXPECT_EQ(back->nonce, e.nonce);
  EXPECT_EQ(back->ciphertext, e.ciphertext);
  EXPECT_EQ(back->version, e.version);
}

TEST(EnvelopeSameContent, ComparesTheFourStoredFieldsOnly) {
  auto parsed = parse_envelope(valid_envelope(), "", false);
  ASSERT_TRUE(parsed.ok());
  const Envelope base = *parsed;
  Envelope other = base;
  other.version = 9;  // server bookkeeping, not content
  EXPECT_TRUE(base.same_content(other));
  other = base;
  other.updated_at = "2026-11-24T10:00:00.124Z";
  EXPECT_FALSE(base.same_content(other));
  other = base;
  other.deleted = true;
  EXPECT_FALSE(base.same_content(other));
  other = base;
  other.nonce = b64_of(kNonceBytes, 0x12);
  EXPECT_FALSE(base.same_content(other));
  other = base;
  other.ciphertext = b64_of(40, 0x23);
  EXPECT_FALSE(base.same_content(other));
}

TEST(EnvelopeRules, TableAndIdPredicates) {
  EXPECT_TRUE(valid_table("receipts"));
  EXPECT_TRUE(valid_table("z"));
  EXPECT_FALSE(valid_table(""));
  EXPECT_FALSE(valid_table("9"));
  EXPECT_FALSE(valid_table(std::string(65, 'a')));
  EXPECT_TRUE(valid_table(std::string(64, 'a')));
  EXPECT_TRUE(valid_record_id("-"));
  EXPECT_TRUE(valid_record_id(std::string(64, '_')));
  EXPECT_FALSE(valid_record_id(std::string(65, '_')));
  EXPECT_FALSE(valid_record_id("a+b"));
  EXPECT_FALSE(valid_record_id(""));
}

}  // namespace
}  // namespace syncsuite::protocol

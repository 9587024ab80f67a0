#include "reference/client/sync_messages.hpp"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <ostream>

#include "reference/crypto/keys.hpp"

namespace syncsuite::client {
namespace {

using nlohmann::json;
using protocol::Envelope;
using protocol::HttpResponse;

Envelope envelope(std::string id, std::optional<std::int64_t> version = std::nullopt) {
  return Envelope{"transactions",
                  std::move(id),
                  "2026-11-24T10:00:00.123Z",
                  false,
                  "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
                  "AAAAAAAAAAAAAAAAAAAAAA==",
                  version};
}

HttpResponse answer(int status, const json& body) { return HttpResponse{status, {}, body.dump()}; }

TEST(ClientMessages, PushRequestCarriesTokenDeviceAndEnvelopesWithoutVersion) {
  auto request = push_request("tok123", "phone-1", {envelope("a", 4), envelope("b")});
  EXPECT_EQ(request.method, "POST");
  EXPECT_EQ(request.target, "/api/v1/sync/push/");
  EXPECT_EQ(request.header("authorization"), "Token tok123");
  EXPECT_EQ(request.header("content-type"), "application/json");
  auto body = json::parse(request.body);
  EXPECT_EQ(body["device_id"], "phone-1");
  ASSERT_EQ(body["records"].size(), 2u);
  EXPECT_FALSE(body["records"][0].contains("version"));
  EXPECT_EQ(body["records"][0]["id"], "a");
  EXPECT_EQ(body["records"][1]["nonce"], "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA");
  EXPECT_EQ(body["records"][1]["deleted"], false);
}

TEST(ClientMessages, PullRequestEncodesTheCursorAndLeavesOutAnEmptyOne) {
  EXPECT_EQ(pull_request("t", "", 500).target, "/api/v1/sync/pull/?limit=500");
  EXPECT_EQ(pull_request("t", "c 1/2+3&x=y", 7).target,
            "/api/v1/sync/pull/?since=c%201%2F2%2B3%26x%3Dy&limit=7");
  EXPECT_EQ(pull_request("t", "", 1).method, "GET");
  EXPECT_TRUE(pull_request("t", "", 1).body.empty());
}

TEST(ClientMessages, UrlEncodeKeepsOnlyUnreservedCharacters) {
  EXPECT_EQ(url_encode("AZaz09-._~"), "AZaz09-._~");
  EXPECT_EQ(url_encode("\xc3\xa9=%"), "%C3%A9%3D%25");
}

TEST(ClientMessages, ResolveRequestCarriesRecordOnlyForLocalAndMerged) {
  auto server = json::parse(
      resolve_request("t", "transactions", "a", Resolution::server, 3, std::nullopt).body);
  EXPECT_EQ(server["resolution"], "server");
  EXPECT_EQ(server["expected_version"], 3);
  EXPECT_FALSE(server.contains("record"));
  auto merged = json::parse(
      resolve_request("t", "transactions", "a", Resolution::merged, 3, envelope("a", 9)).body);
  EXPECT_EQ(merged["resolution"], "merged");
  EXPECT_EQ(merged["record"]["id"], "a");
  EXPECT_FALSE(merged["record"].contains("version"));
}

TEST(ClientMessages, KeyRequestIsAPutOfThePublicKey) {
  auto keys = crypto::KeyPair::generate();
  auto request = key_request("t", keys.public_key);
  EXPECT_EQ(request.method, "PUT");
  EXPECT_EQ(request.target, "/api/v1/sync/key/");
  EXPECT_EQ(json::parse(request.body)["public_key"], keys.public_key.to_base64());
  EXPECT_TRUE(check_key_response(answer(200, {{"public_key", keys.public_key.to_base64()}}),
                                 keys.public_key));
  EXPECT_FALSE(check_key_response(answer(200, {{"public_key", "other"}}), keys.public_key));
  EXPECT_FALSE(check_key_response(answer(401, {{"detail", "no"}}), keys.public_key));
}

TEST(ClientMessages, PushResponseGivesOneOutcomePerRecordInOrder) {
  auto server = protocol::to_json(envelope("b", 2));
  auto outcomes = parse_push_response(
      answer(
          200,
          {{"results",
            {{{"table", "transactions"}, {"id", "a"}, {"status", "accepted"}, {"version", 1}},
             {{"table", "transactions"}, {"id", "b"}, {"status", "conflict"}, {"server", server}}}},
           {"server_time", "2026-11-24T10:00:00.000Z"}}),
      {envelope("a"), envelope("b")});
  ASSERT_TRUE(outcomes) << outcomes.error().message;
  ASSERT_EQ(outcomes->size(), 2u);
  EXPECT_TRUE((*outcomes)[0].accepted);
  EXPECT_EQ((*outcomes)[0].version, 1);
  EXPECT_FALSE((*outcomes)[1].accepted);
  ASSERT_TRUE((*outcomes)[1].server);
  EXPECT_EQ((*outcomes)[1].server->version, 2);
}

TEST(ClientMessages, PushErrorStatusCarriesStatusAndDetail) {
  auto outcomes =
      parse_push_response(answer(503, {{"detail", "down for maintenance"}}), {envelope("a")});
  ASSERT_FALSE(outcomes);
  EXPECT_EQ(outcomes.error().code, "http_status");
  EXPECT_NE(outcomes.error().message.find("503"), std::string::npos);
  EXPECT_NE(outcomes.error().message.find("down for maintenance"), std::string::npos);
}

struct BadBody {
  const char* name;
  std::string body;
};
// Names the case in failure messages instead of dumping its bytes.
void PrintTo(const BadBody& c, std::ostream* os) { *os << c.name; }

class ClientMessagesBadPush : public ::testing::TestWithParam<BadBody> {};

TEST_P(ClientMessagesBadPush, IsABadResponse) {
  auto outcomes =
      parse_push_response(HttpResponse{200, {}, GetParam().body}, {envelope("a"), envelope("b")});
  ASSERT_FALSE(outcomes);
  EXPECT_EQ(outcomes.error().code, "bad_response") << outcomes.error().message;
}

json accepted(const char* id) {
  return {{"table", "transactions"}, {"id", id}, {"status", "accepted"}, {"version", 1}};
}

INSTANTIATE_TEST_SUITE_P(
    Shapes, ClientMessagesBadPush,
    ::testing::Values(
        BadBody{"NotJson", "<html>ok</html>"}, BadBody{"NotObject", "[]"},
        BadBody{"NoResults", "{}"}, BadBody{"TooFew", json{{"results", {accepted("a")}}}.dump()},
        BadBody{"TooMany", json{{"results", {accepted("a"), accepted("b"), accepted("c")}}}.dump()},
        BadBody{"OutOfOrder", json{{"results", {accepted("b"), accepted("a")}}}.dump()},
        BadBody{"UnknownStatus",
                json{{"results",
                      {accepted("a"), {{"table", "transactions"}, {"id", "b"}, {"status", "ok"}}}}}
                    .dump()},
        BadBody{"AcceptedWithoutVersion",
                json{{"results",
                      {accepted("a"),
                       {{"table", "transactions"}, {"id", "b"}, {"status", "accepted"}}}}}
                    .dump()},
        BadBody{"ZeroVersion", json{{"results",
                                     {accepted("a"),
                                      {{"table", "transactions"},
                                       {"id", "b"},
                                       {"status", "accepted"},
                                       {"version", 0}}}}}
                                   .dump()},
        BadBody{"ConflictWithoutServer",
                json{{"results",
                      {accepted("a"),
                       {{"table", "transactions"}, {"id", "b"}, {"status", "conflict"}}}}}
                    .dump()},
        BadBody{"ConflictServerWithoutVersion",
                json{{"results",
                      {accepted("a"),
                       {{"table", "transactions"},
                        {"id", "b"},
                        {"status", "conflict"},
                        {"server", protocol::to_json(envelope("b"))}}}}}
                    .dump()},
        BadBody{"ConflictServerOfOtherRecord",
                json{{"results",
                      {accepted("a"),
                       {{"table", "transactions"},
                        {"id", "b"},
                        {"status", "conflict"},
                        {"server", protocol::to_json(envelope("z", 1))}}}}}
                    .dump()}),
    [](const auto& info) { return std::string(info.param.name); });

TEST(ClientMessages, PullResponseParsesRecordsCursorAndHasMore) {
  auto page = parse_pull_response(answer(
      200, {{"records", {protocol::to_json(envelope("a", 1)), protocol::to_json(envelope("b", 3))}},
            {"cursor", "c2"},
            {"has_more", true},
            {"server_time", "2026-11-24T10:00:00.000Z"}}));
  ASSERT_TRUE(page) << page.error().message;
  ASSERT_EQ(page->records.size(), 2u);
  EXPECT_EQ(page->records[1].version, 3);
  EXPECT_EQ(page->cursor, "c2");
  EXPECT_TRUE(page->has_more);
}

class ClientMessagesBadPull : public ::testing::TestWithParam<BadBody> {};

TEST_P(ClientMessagesBadPull, IsABadResponse) {
  auto page = parse_pull_response(HttpResponse{200, {}, GetParam().body});
  ASSERT_FALSE(page);
  EXPECT_EQ(page.error().code, "bad_response") << page.error().message;
}

json pull_body(json records, json cursor = "c", json has_more = false) {
  return {{"records", std::move(records)},
          {"cursor", std::move(cursor)},
          {"has_more", std::move(has_more)}};
}

json with(json e, const char* field, json value) {
  e[field] = std::move(value);
  return e;
}

INSTANTIATE_TEST_SUITE_P(
    Shapes, ClientMessagesBadPull,
    ::testing::Values(
        BadBody{"NotJson", "nope"}, BadBody{"NoRecords", R"({"cursor":"c","has_more":false})"},
        BadBody{"NoCursor", R"({"records":[],"has_more":false})"},
        BadBody{"NumericCursor", pull_body(json::array(), 5).dump()},
        BadBody{"HasMoreString", pull_body(json::array(), "c", "yes").dump()},
        BadBody{"RecordWithoutVersion", pull_body({protocol::to_json(envelope("a"))}).dump()},
        BadBody{"ShortNonce",
                pull_body({with(protocol::to_json(envelope("a", 1)), "nonce", "AAAA")}).dump()},
        BadBody{"BadUpdatedAt", pull_body({with(protocol::to_json(envelope("a", 1)), "updated_at",
                                                "2026-11-24T10:00:00Z")})
                                    .dump()},
        BadBody{"BadTable",
                pull_body({with(protocol::to_json(envelope("a", 1)), "table", "Bad")}).dump()}),
    [](const auto& info) { return std::string(info.param.name); });

TEST(ClientMessages, ResolveAnswersAre200RecordOr409Server) {
  auto ok = parse_resolve_response(answer(200, {{"record", protocol::to_json(envelope("a", 2))}}),
                                   "transactions", "a");
  ASSERT_TRUE(ok) << ok.error().message;
  EXPECT_TRUE(ok->applied);
  EXPECT_EQ(ok->record.version, 2);
  auto stale = parse_resolve_response(
      answer(409, {{"detail", "newer write"}, {"server", protocol::to_json(envelope("a", 5))}}),
      "transactions", "a");
  ASSERT_TRUE(stale) << stale.error().message;
  EXPECT_FALSE(stale->applied);
  EXPECT_EQ(stale->record.version, 5);
  auto missing = parse_resolve_response(answer(409, {{"detail", "newer"}}), "transactions", "a");
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().code, "bad_response");
  auto other = parse_resolve_response(
      answer(200, {{"record", protocol::to_json(envelope("b", 2))}}), "transactions", "a");
  ASSERT_FALSE(other);
  EXPECT_EQ(other.error().code, "bad_response");
  auto gone =
      parse_resolve_response(answer(404, {{"detail", "no such record"}}), "transactions", "a");
  ASSERT_FALSE(gone);
  EXPECT_EQ(gone.error().code, "http_status");
}

TEST(ClientMessages, ResolutionNamesRoundTrip) {
  for (auto r : {Resolution::local, Resolution::server, Resolution::merged}) {
    EXPECT_EQ(parse_resolution(to_string(r)), r);
  }
  EXPECT_FALSE(parse_resolution("mine"));
}

}  // namespace
}  // namespace syncsuite::client

#include "reference/server/pull_body.hpp"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "reference/server/record_json.hpp"

namespace syncsuite::server {
namespace {

StoredRecord record(std::string id, std::string ciphertext, bool deleted, std::int64_t version) {
  StoredRecord r;
  r.envelope.table = "transactions";
  r.envelope.id = std::move(id);
  r.envelope.updated_at = "2026-11-24T10:00:00.123Z";
  r.envelope.deleted = deleted;
  r.envelope.nonce = std::string(32, 'A');
  r.envelope.ciphertext = std::move(ciphertext);
  r.envelope.version = version;
  r.seq = version;
  return r;
}

// What the handler wrote before: the nlohmann tree, dumped as json_response dumps it.
std::string tree_body(const std::vector<StoredRecord>& records, const std::string& cursor,
                      bool has_more, const std::string& time, const Mutations& mutations) {
  auto list = nlohmann::json::array();
  for (const auto& r : records) list.push_back(record_json(r.envelope, mutations));
  const nlohmann::json body = {
      {"records", list}, {"cursor", cursor}, {"has_more", has_more}, {"server_time", time}};
  return body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

TEST(PullBody, SameBytesAsTheJsonTree) {
  const std::vector<StoredRecord> records = {
      record("a", "QUJD", false, 1), record("b-2_x", std::string(64, 'B'), true, 7),
      // Not what push lets in, but a body must still come out as the tree would write it.
      record("q\"\\", "tab\there\nnl\x01", false, 3), record("\xC3\xA9\xFF", "x", false, 2)};
  const Mutations plain;
  EXPECT_EQ(pull_body(records, "c7", true, "2026-12-05T13:00:00.000Z", plain),
            tree_body(records, "c7", true, "2026-12-05T13:00:00.000Z", plain));
  Mutations reformatted;
  reformatted.updated_at_reformatted = true;
  EXPECT_EQ(pull_body(records, "c7", false, "t", reformatted),
            tree_body(records, "c7", false, "t", reformatted));
}

TEST(PullBody, EmptyPage) {
  EXPECT_EQ(pull_body({}, "", false, "t", Mutations{}),
            R"({"cursor":"","has_more":false,"records":[],"server_time":"t"})");
}

}  // namespace
}  // namespace syncsuite::server

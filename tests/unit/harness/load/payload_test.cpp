#include "harness/load/payload.hpp"

#include <gtest/gtest.h>

namespace syncsuite::load {
namespace {

TEST(Payload, HasTheRequestedSizeAndNamesItsWrite) {
  const WriteId w = make_write_id(7, 42);
  for (std::uint32_t bytes : {64u, 256u, 1000u}) {
    auto data = make_payload(w, bytes);
    EXPECT_EQ(data.dump().size(), bytes);
    EXPECT_EQ(payload_write(data), w);
    EXPECT_TRUE(payload_intact(data, w, bytes));
  }
  // Too small to hold the name: the shortest form.
  EXPECT_EQ(payload_write(make_payload(w, 2)), w);
}

TEST(Payload, DifferentWritesPadDifferently) {
  auto a = make_payload(make_write_id(1, 1), 200);
  auto b = make_payload(make_write_id(1, 2), 200);
  EXPECT_NE(a["p"], b["p"]);
  EXPECT_FALSE(payload_intact(a, make_write_id(1, 2), 200));
}

TEST(Payload, ATamperedBodyIsNotIntact) {
  const WriteId w = make_write_id(3, 9);
  auto data = make_payload(w, 300);
  auto pad = data["p"].get<std::string>();
  pad[10] = pad[10] == 'x' ? 'y' : 'x';
  data["p"] = pad;
  EXPECT_EQ(payload_write(data), w);
  EXPECT_FALSE(payload_intact(data, w, 300));
  auto truncated = make_payload(w, 300);
  truncated["p"] = truncated["p"].get<std::string>().substr(0, 100);
  EXPECT_FALSE(payload_intact(truncated, w, 300));
}

TEST(Payload, NamesOnlyWellFormedWriteIds) {
  EXPECT_FALSE(payload_write(nlohmann::json::object()).has_value());
  EXPECT_FALSE(payload_write(nlohmann::json{{"w", 12}}).has_value());
  EXPECT_FALSE(payload_write(nlohmann::json{{"w", "12"}}).has_value());
  EXPECT_FALSE(payload_write(nlohmann::json{{"w", "zzzzzzzzzzzzzzzz"}}).has_value());
  EXPECT_FALSE(payload_write(nlohmann::json::array()).has_value());
}

TEST(Payload, RecordNamesRoundTrip) {
  EXPECT_EQ(record_name(17), "r17");
  EXPECT_EQ(record_index("r17"), 17u);
  EXPECT_FALSE(record_index("r").has_value());
  EXPECT_FALSE(record_index("x17").has_value());
  EXPECT_FALSE(record_index("r17a").has_value());
  EXPECT_FALSE(record_index("r-1").has_value());
}

}  // namespace
}  // namespace syncsuite::load

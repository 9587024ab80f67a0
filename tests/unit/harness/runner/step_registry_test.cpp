#include "harness/runner/step_registry.hpp"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

namespace syncsuite::runner {
namespace {

TEST(FillerBody, IsValidJsonOfExactlyTheSize) {
  for (std::size_t size : {64u, 1000u, 17u * 1024 * 1024}) {
    const auto body = filler_body(size);
    EXPECT_EQ(body.size(), size);
    const auto json = nlohmann::json::parse(body, nullptr, false);
    ASSERT_TRUE(json.is_object()) << size;
    EXPECT_TRUE(json["records"].empty());
  }
}

}  // namespace
}  // namespace syncsuite::runner

#include "reference/server/auth.hpp"

#include <gtest/gtest.h>

namespace syncsuite::server {
namespace {

TEST(Auth, TakesTheTokenAfterACaseInsensitiveScheme) {
  EXPECT_EQ(parse_token_header("Token abc").value(), "abc");
  EXPECT_EQ(parse_token_header("token abc").value(), "abc");
  EXPECT_EQ(parse_token_header("  TOKEN\tabc  ").value(), "abc");
}

TEST(Auth, RefusesWithDjangoRestFrameworkMessages) {
  EXPECT_EQ(parse_token_header(std::nullopt).error().message,
            "Authentication credentials were not provided.");
  EXPECT_EQ(parse_token_header("Bearer abc").error().message,
            "Authentication credentials were not provided.");
  EXPECT_EQ(parse_token_header("Token").error().message,
            "Invalid token header. No credentials provided.");
  EXPECT_EQ(parse_token_header("Token a b").error().message,
            "Invalid token header. Token string should not contain spaces.");
  EXPECT_FALSE(parse_token_header("").ok());
  EXPECT_FALSE(parse_token_header("Tokenabc").ok());
}

}  // namespace
}  // namespace syncsuite::server

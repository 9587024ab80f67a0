#include "harness/runner/server_probe.hpp"

#include <gtest/gtest.h>

namespace syncsuite::runner {
namespace {

protocol::HttpResponse answer(int status, std::string body) {
  protocol::HttpResponse r;
  r.status = status;
  r.body = std::move(body);
  return r;
}

TEST(ServerProbe, ParsesStatus) {
  auto s = parse_status(answer(200, R"({"server_time":"x","cursor":"c9","record_count":4,"conflict_count":1,"public_key":null})"));
  ASSERT_TRUE(s.ok());
  EXPECT_EQ(s->record_count, 4);
  EXPECT_EQ(s->conflict_count, 1);
  EXPECT_EQ(s->cursor, "c9");
}

TEST(ServerProbe, RefusesWhatIsNotAStatus) {
  EXPECT_FALSE(parse_status(answer(500, R"({"detail":"x"})")).ok());
  EXPECT_FALSE(parse_status(answer(200, "<html>")).ok());
  EXPECT_FALSE(parse_status(answer(200, R"({"cursor":"c","record_count":"4","conflict_count":0})")).ok());
  EXPECT_FALSE(parse_status(answer(200, R"({"record_count":4,"conflict_count":0})")).ok());
  const auto e = parse_status(answer(401, R"({"detail":"no token"})"));
  ASSERT_FALSE(e.ok());
  EXPECT_NE(e.error().message.find("status 401"), std::string::npos);
}

}  // namespace
}  // namespace syncsuite::runner

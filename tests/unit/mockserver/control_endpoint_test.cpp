#include "mockserver/control_endpoint.hpp"

#include <gtest/gtest.h>

#include <string>

namespace syncsuite::mockserver {
namespace {

protocol::HttpRequest request(std::string method, std::string target, std::string body = "") {
  protocol::HttpRequest out;
  out.method = std::move(method);
  out.target = std::move(target);
  out.body = std::move(body);
  return out;
}

nlohmann::json body_of(const protocol::HttpResponse& response) {
  return nlohmann::json::parse(response.body);
}

class ControlEndpoint : public ::testing::Test {
 protected:
  protocol::HttpResponse call(std::string method, std::string target, std::string body = "") {
    return handle_control(request(std::move(method), std::move(target), std::move(body)), faults,
                          journal);
  }
  FaultInjector faults;
  Journal journal{100};
};

TEST(ControlTarget, RecognizesThePrefixOnly) {
  EXPECT_TRUE(is_control_target("/__syncsuite/control/faults/"));
  EXPECT_TRUE(is_control_target("/__syncsuite/control/journal/?after=3"));
  EXPECT_FALSE(is_control_target("/__syncsuite/control"));
  EXPECT_FALSE(is_control_target("/api/v1/sync/status/"));
}

TEST_F(ControlEndpoint, PostInstallsAPlan) {
  auto response = call("POST", "/__syncsuite/control/faults/",
                       R"({"rules": [{"nth": 1, "action": "drop"}]})");
  EXPECT_EQ(response.status, 200);
  EXPECT_EQ(response.header("Content-Type"), "application/json");
  EXPECT_EQ(body_of(response)["installed"], 1);
  ASSERT_EQ(faults.rules().size(), 1u);
  EXPECT_EQ(faults.rules()[0].rule.action.kind, FaultKind::drop);
}

TEST_F(ControlEndpoint, BadPlanIs400NamingTheFieldAndKeepsTheOldPlan) {
  call("POST", "/__syncsuite/control/faults/", R"({"rules": [{"action": "reset"}]})");
  auto response =
      call("POST", "/__syncsuite/control/faults/", R"({"rules": [{"action": "explode"}]})");
  EXPECT_EQ(response.status, 400);
  EXPECT_NE(body_of(response)["detail"].get<std::string>().find("rules[0].action"),
            std::string::npos);
  ASSERT_EQ(faults.rules().size(), 1u);
  EXPECT_EQ(faults.rules()[0].rule.action.kind, FaultKind::reset);
}

TEST_F(ControlEndpoint, GetShowsCountersAndDeleteClears) {
  call("POST", "/__syncsuite/control/faults/", R"({"rules": [{"every": 2, "action": "drop"}]})");
  faults.decide("GET", "/a/");
  faults.decide("GET", "/a/");
  auto shown = call("GET", "/__syncsuite/control/faults/");
  EXPECT_EQ(shown.status, 200);
  EXPECT_EQ(body_of(shown)["rules"][0]["matched"], 2);
  EXPECT_EQ(body_of(shown)["rules"][0]["fired"], 1);
  auto deleted = call("DELETE", "/__syncsuite/control/faults/");
  EXPECT_EQ(deleted.status, 200);
  EXPECT_TRUE(faults.rules().empty());
}

TEST_F(ControlEndpoint, JournalListsEntriesAfterASeq) {
  for (int i = 0; i < 3; ++i) {
    JournalEntry entry;
    entry.target = "/t" + std::to_string(i) + "/";
    journal.record(entry);
  }
  auto all = call("GET", "/__syncsuite/control/journal/");
  EXPECT_EQ(all.status, 200);
  EXPECT_EQ(body_of(all)["total"], 3);
  EXPECT_EQ(body_of(all)["entries"].size(), 3u);
  auto newer = call("GET", "/__syncsuite/control/journal/?after=2");
  ASSERT_EQ(body_of(newer)["entries"].size(), 1u);
  EXPECT_EQ(body_of(newer)["entries"][0]["target"], "/t2/");
}

TEST_F(ControlEndpoint, JournalBadAfterIs400) {
  for (const char* target : {"/__syncsuite/control/journal/?after=x",
                             "/__syncsuite/control/journal/?after=",
                             "/__syncsuite/control/journal/?after=-1"}) {
    auto response = call("GET", target);
    EXPECT_EQ(response.status, 400) << target;
    EXPECT_TRUE(body_of(response).contains("detail"));
  }
}

TEST_F(ControlEndpoint, JournalDeleteForgetsEntries) {
  journal.record(JournalEntry{});
  auto response = call("DELETE", "/__syncsuite/control/journal/");
  EXPECT_EQ(response.status, 200);
  EXPECT_TRUE(journal.entries().empty());
}

TEST_F(ControlEndpoint, UnknownPathIs404AndWrongMethodIs405) {
  auto unknown = call("GET", "/__syncsuite/control/nothing/");
  EXPECT_EQ(unknown.status, 404);
  EXPECT_TRUE(body_of(unknown).contains("detail"));
  auto wrong = call("PUT", "/__syncsuite/control/faults/");
  EXPECT_EQ(wrong.status, 405);
  EXPECT_EQ(wrong.header("Allow"), "GET, POST, DELETE");
  auto wrong_journal = call("POST", "/__syncsuite/control/journal/");
  EXPECT_EQ(wrong_journal.status, 405);
  EXPECT_EQ(wrong_journal.header("Allow"), "GET, DELETE");
}

}  // namespace
}  // namespace syncsuite::mockserver

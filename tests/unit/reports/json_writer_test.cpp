#include "reports/json_writer.hpp"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <sstream>

#include "tests/unit/reports/golden.hpp"
#include "tests/unit/reports/sample_run.hpp"

namespace syncsuite::reports {
namespace {

std::string json_text(const RunResult& run, const WriteOptions& options = {}) {
  std::ostringstream out;
  write_json(run, out, options);
  return out.str();
}

nlohmann::json parsed(const RunResult& run) { return nlohmann::json::parse(json_text(run)); }

TEST(JsonWriterTest, MatchesGolden) {
  testing::expect_golden(json_text(testing::sample_run()), "report.json");
}

TEST(JsonWriterTest, SchemaVersionComesFirst) {
  const nlohmann::ordered_json report =
      nlohmann::ordered_json::parse(json_text(testing::sample_run()));
  ASSERT_TRUE(report.contains("schema_version"));
  EXPECT_EQ(report["schema_version"], 1);
  EXPECT_EQ(report.begin().key(), "schema_version");
}

TEST(JsonWriterTest, HeaderFieldsAreExact) {
  const nlohmann::json report = parsed(testing::sample_run());
  EXPECT_EQ(report["generator"], "syncsuite 0.1.0");
  EXPECT_EQ(report["target"], "http://127.0.0.1:8080");
  EXPECT_EQ(report["started_at"], "2026-11-24T10:00:00.123Z");
  EXPECT_EQ(report["seed"].get<std::uint64_t>(), 18446744073709551557ull);
  EXPECT_EQ(report["duration_ms"], 1234.5);
  EXPECT_EQ(report["baseline_fixed"], nlohmann::json::array({"5/limit-out-of-range"}));
}

TEST(JsonWriterTest, SummaryCounts) {
  const nlohmann::json summary = parsed(testing::sample_run())["summary"];
  EXPECT_EQ(summary["verdict"], "fail");
  EXPECT_EQ(summary["scenarios"], (nlohmann::json{{"total", 6},
                                                  {"pass", 1},
                                                  {"fail", 1},
                                                  {"warn", 1},
                                                  {"error", 1},
                                                  {"skipped", 1},
                                                  {"known", 1}}));
  EXPECT_EQ(summary["checks"]["total"], 9);
  EXPECT_EQ(summary["sections"]["4.2"]["fail"], 1);
  EXPECT_EQ(summary["sections"]["4.2"]["pass"], 2);
  EXPECT_EQ(summary["sections"]["7"]["known"], 1);
}

TEST(JsonWriterTest, ScenariosCarryAllData) {
  const nlohmann::json report = parsed(testing::sample_run());
  ASSERT_EQ(report["scenarios"].size(), 6u);
  const nlohmann::json& failed = report["scenarios"][1];
  EXPECT_EQ(failed["name"], "push: later write <wins> & \"earlier\" loses");
  EXPECT_EQ(failed["verdict"], "fail");
  EXPECT_EQ(failed["outcome"], "fail");
  EXPECT_EQ(failed["sections"], nlohmann::json::array({"4.2", "7"}));
  const nlohmann::json& check = failed["checks"][1];
  EXPECT_EQ(check["id"], "4.2/lww-later-wins");
  EXPECT_EQ(check["scenario_step"], "step 3: push a");
  const nlohmann::json& exchange = check["exchanges"][0];
  EXPECT_EQ(exchange["request"]["headers"][0],
            nlohmann::json::array({"Authorization", "Token [redacted]"}));
  EXPECT_EQ(exchange["response"]["status"], 200);
  EXPECT_EQ(exchange["elapsed_ms"], 12.25);
  EXPECT_EQ(report["scenarios"][5]["outcome"], "known");
  EXPECT_EQ(report["scenarios"][5]["verdict"], "fail");
  EXPECT_EQ(report["scenarios"][5]["checks"][0]["baseline_known"], true);
  EXPECT_EQ(report["scenarios"][2]["wirelog"][0]["transport_error"], "timeout after 5000 ms");
}

TEST(JsonWriterTest, LongBodyIsCutOnACharacterBoundary) {
  const nlohmann::json report = parsed(testing::sample_run());
  const std::string body = report["scenarios"][1]["checks"][1]["exchanges"][0]["response"]["body"];
  const std::string marker = "… [cut: 5000 bytes total]";
  ASSERT_GE(body.size(), marker.size());
  EXPECT_EQ(body.substr(body.size() - marker.size()), marker);
  EXPECT_EQ(body.size() - marker.size(), 4095u) << "byte 4096 falls inside an é: keep 4095";
}

TEST(JsonWriterTest, InvalidUtf8IsReplaced) {
  const nlohmann::json report = parsed(testing::sample_run());
  const std::string body = report["scenarios"][1]["wirelog"][1]["response"]["body"];
  EXPECT_EQ(body, "{\"detail\":\"bell\x07 and bad byte \xEF\xBF\xBD end ]]>\"}");
}

TEST(JsonWriterTest, InvalidUtf8InNamesDoesNotThrow) {
  RunResult run;
  run.target = "\xFF";
  ScenarioResult s;
  s.name = "\xC3";
  run.scenarios.push_back(s);
  std::ostringstream out;
  EXPECT_NO_THROW(write_json(run, out));
  EXPECT_EQ(nlohmann::json::parse(out.str())["target"], "\xEF\xBF\xBD");
}

}  // namespace
}  // namespace syncsuite::reports

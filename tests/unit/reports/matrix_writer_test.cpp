#include "reports/matrix_writer.hpp"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <sstream>
#include <string>

namespace syncsuite::reports {
namespace {

ScenarioResult scenario(std::string name, Verdict verdict) {
  ScenarioResult s;
  s.name = std::move(name);
  s.file = "interop/interop.yaml";
  s.verdict = verdict;
  CheckResult c;
  c.id = "8/interop-converges";
  c.section = "8";
  c.verdict = verdict;
  s.checks.push_back(c);
  return s;
}

// Two clients × two servers: the second client fails against the second server, and the first
// client could not reach the second server at all.
MatrixResult sample_matrix() {
  MatrixResult m;
  m.clients = {"reference <C++>", "js-client"};
  m.servers = {"embedded reference server", "http://127.0.0.1:8000"};
  m.seed = 7;
  MatrixCell pass{0, 0, {}, "", "cell-1-1/report.html"};
  pass.run.scenarios = {scenario("interop/a", Verdict::pass), scenario("interop/b", Verdict::pass)};
  MatrixCell unreachable{0, 1, {}, "connection refused", ""};
  MatrixCell warned{1, 0, {}, "", ""};
  warned.run.scenarios = {scenario("interop/a", Verdict::warn), scenario("interop/b", Verdict::pass)};
  MatrixCell failed{1, 1, {}, "", "cell-2-2/report.html"};
  failed.run.scenarios = {scenario("interop/a", Verdict::fail), scenario("interop/b", Verdict::pass)};
  m.cells = {pass, unreachable, warned, failed};
  return m;
}

TEST(MatrixWriter, CellOutcomeIsTheWorstScenarioOrErrorWhenNotRun) {
  const auto m = sample_matrix();
  EXPECT_EQ(cell_outcome(m.cells[0]), Outcome::pass);
  EXPECT_EQ(cell_outcome(m.cells[1]), Outcome::error);
  EXPECT_EQ(cell_outcome(m.cells[2]), Outcome::warn);
  EXPECT_EQ(cell_outcome(m.cells[3]), Outcome::fail);
  EXPECT_EQ(matrix_outcome(m), Outcome::fail);
  MatrixResult clean = m;
  clean.cells = {m.cells[0], m.cells[2]};
  EXPECT_EQ(matrix_outcome(clean), Outcome::warn);
}

TEST(MatrixWriter, TextGridNamesEveryPairing) {
  std::ostringstream out;
  write_matrix_text(sample_matrix(), out);
  const std::string text = out.str();
  EXPECT_NE(text.find("[2] http://127.0.0.1:8000"), std::string::npos);
  EXPECT_NE(text.find("PASS 2 of 2 passed"), std::string::npos);
  EXPECT_NE(text.find("ERROR not run: connection refused"), std::string::npos);
  EXPECT_NE(text.find("WARN 2 of 2 passed, 1 warned"), std::string::npos);
  EXPECT_NE(text.find("FAIL 1 of 2 scenarios failed"), std::string::npos);
  EXPECT_NE(text.find("matrix: FAIL (4 pairings"), std::string::npos);
}

TEST(MatrixWriter, HtmlHasOneCellPerPairingWithItsOutcomeAndEscapedLabels) {
  std::ostringstream out;
  write_matrix_html(sample_matrix(), out);
  const std::string html = out.str();
  EXPECT_NE(html.find("data-row=\"0\" data-column=\"1\" data-outcome=\"error\""), std::string::npos);
  EXPECT_NE(html.find("data-row=\"1\" data-column=\"1\" data-outcome=\"fail\""), std::string::npos);
  EXPECT_NE(html.find("href=\"cell-2-2/report.html\""), std::string::npos);
  EXPECT_NE(html.find("reference &lt;C++&gt;"), std::string::npos);
  EXPECT_EQ(html.find("reference <C++>"), std::string::npos);
  EXPECT_EQ(html.find("src=\"http"), std::string::npos);
}

TEST(MatrixWriter, JsonCarriesEachCellsRunAndOutcome) {
  std::ostringstream out;
  write_matrix_json(sample_matrix(), out);
  const auto doc = nlohmann::json::parse(out.str());
  EXPECT_EQ(doc["schema_version"], 1);
  EXPECT_EQ(doc["verdict"], "fail");
  ASSERT_EQ(doc["cells"].size(), 4u);
  EXPECT_EQ(doc["cells"][1]["outcome"], "error");
  EXPECT_FALSE(doc["cells"][1].contains("run"));
  EXPECT_EQ(doc["cells"][3]["run"]["summary"]["scenarios"]["fail"], 1);
}

TEST(MatrixWriter, JunitNamesEveryScenarioWithItsPairing) {
  std::ostringstream out;
  write_matrix_junit(sample_matrix(), out);
  const std::string xml = out.str();
  EXPECT_NE(xml.find("[js-client × http://127.0.0.1:8000] interop/a"), std::string::npos);
  EXPECT_NE(xml.find("[reference &lt;C++&gt; × http://127.0.0.1:8000] pairing"), std::string::npos);
  EXPECT_NE(xml.find("tests=\"7\""), std::string::npos);  // 2 + 1 not run + 2 + 2
}

}  // namespace
}  // namespace syncsuite::reports

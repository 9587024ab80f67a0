#include "reports/junit_writer.hpp"

#include <gtest/gtest.h>

#include <sstream>

#include "tests/unit/reports/golden.hpp"
#include "tests/unit/reports/sample_run.hpp"
#include "tests/unit/reports/xml_wellformed.hpp"

namespace syncsuite::reports {
namespace {

std::string junit(const RunResult& run, const WriteOptions& options = {}) {
  std::ostringstream out;
  write_junit(run, out, options);
  return out.str();
}

// The <testcase ...> element (up to its end) whose name attribute starts with `name`.
std::string testcase(const std::string& xml, const std::string& name) {
  const std::size_t at = xml.find("name=\"" + name);
  if (at == std::string::npos) return "";
  const std::size_t start = xml.rfind("<testcase", at);
  const std::size_t tag_end = xml.find('>', at);
  const std::size_t end = xml[tag_end - 1] == '/' ? tag_end + 1 : xml.find("</testcase>", at) + 11;
  return xml.substr(start, end - start);
}

TEST(JunitWriterTest, MatchesGolden) {
  testing::expect_golden(junit(testing::sample_run()), "report.xml");
}

TEST(JunitWriterTest, IsWellFormed) {
  EXPECT_EQ(testing::xml_problem(junit(testing::sample_run())), "");
}

TEST(JunitWriterTest, WellFormedCheckerCatchesBrokenXml) {
  // The checker above must be able to fail.
  EXPECT_NE(testing::xml_problem("<a><b></a></b>"), "");
  EXPECT_NE(testing::xml_problem("<a x=\"1\" x=\"2\"/>"), "");
  EXPECT_NE(testing::xml_problem("<a>Tom & Jerry</a>"), "");
  EXPECT_NE(testing::xml_problem("<a x=\"<\"/>"), "");
  EXPECT_NE(testing::xml_problem("<a>\x01</a>"), "");
  EXPECT_NE(testing::xml_problem("<a>\xFF</a>"), "");
  EXPECT_NE(testing::xml_problem("<a/><b/>"), "");
  EXPECT_NE(testing::xml_problem("<a>"), "");
  EXPECT_EQ(testing::xml_problem("<?xml version=\"1.0\"?>\n<a x='1'>&amp;&#10;&#x41;<b/></a>\n"),
            "");
}

TEST(JunitWriterTest, SuiteCountsFollowOutcomes) {
  const std::string xml = junit(testing::sample_run());
  // 6 scenarios: 1 fail, 1 error, 1 skipped + 1 known (reported as skipped).
  EXPECT_NE(
      xml.find(
          "<testsuites name=\"syncsuite\" tests=\"6\" failures=\"1\" errors=\"1\" skipped=\"2\" "
          "time=\"1.234\" timestamp=\"2026-11-24T10:00:00.123Z\">"),
      std::string::npos);
  EXPECT_NE(xml.find("<property name=\"seed\" value=\"18446744073709551557\"/>"),
            std::string::npos);
  EXPECT_NE(xml.find("<property name=\"schema_version\" value=\"1\"/>"), std::string::npos);
}

TEST(JunitWriterTest, EachOutcomeMapsToItsElement) {
  const std::string xml = junit(testing::sample_run());
  EXPECT_NE(testcase(xml, "push: first write").find("time=\"0.016\"/>"), std::string::npos);

  const std::string failed = testcase(xml, "push: later write &lt;wins&gt;");
  EXPECT_NE(failed.find("classname=\"4.2,7/conformance/04-push/lww\""), std::string::npos);
  EXPECT_NE(
      failed.find(
          "<failure message=\"4.2/lww-later-wins: the later write was refused as a conflict\" "
          "type=\"4.2/lww-later-wins\">"),
      std::string::npos);
  EXPECT_NE(failed.find("expected: results[0] = {&quot;status&quot;: &quot;accepted&quot;"),
            std::string::npos);
  EXPECT_NE(failed.find("&amp; &lt;no version&gt;"), std::string::npos);
  EXPECT_NE(failed.find("&gt; POST /api/v1/sync/push/"), std::string::npos);
  EXPECT_EQ(failed.find("4.2/lww-earlier-conflicts"), std::string::npos)
      << "passing checks stay out";

  const std::string errored = testcase(xml, "pull: cursor follows commits");
  EXPECT_NE(
      errored.find(
          "<error message=\"5/cursor-no-skips: timeout after 5000 ms\" type=\"5/cursor-no-skips\">"
          "scenario error: timeout after 5000 ms waiting for GET /api/v1/sync/pull/"),
      std::string::npos);
  EXPECT_NE(errored.find("&lt; no response: timeout after 5000 ms"), std::string::npos);

  EXPECT_NE(testcase(xml, "transport: TLS").find("<skipped message=\"target is plain http\"/>"),
            std::string::npos);

  const std::string warned = testcase(xml, "transport: JSON content type");
  EXPECT_EQ(warned.find("<failure"), std::string::npos);
  EXPECT_NE(warned.find("<system-out>[warn] 1/json-content-type (step 1: status)"),
            std::string::npos);

  const std::string known = testcase(xml, "status: tombstones counted");
  EXPECT_NE(known.find("<skipped message=\"known failure (baseline)\"/>"), std::string::npos);
  EXPECT_NE(known.find("[fail, known failure (baseline)] 7/record-count-tombstones"),
            std::string::npos);
  EXPECT_EQ(known.find("<failure"), std::string::npos);
}

TEST(JunitWriterTest, LongBodyIsCut) {
  const std::string xml = junit(testing::sample_run());
  EXPECT_NE(xml.find("… [cut: 5000 bytes total]"), std::string::npos);
  EXPECT_EQ(xml.find(testing::long_body()), std::string::npos);
  const std::string small = junit(testing::sample_run(), WriteOptions{.body_limit = 12});
  EXPECT_NE(small.find("{&quot;data&quot;:&quot;\xC3\xA9… [cut: 5000 bytes total]"),
            std::string::npos)
      << "the 12-byte cut backs up to a whole character";
}

TEST(JunitWriterTest, HostileTextStaysWellFormed) {
  const std::string nasty = "<x a=\"1\">&amp; ]]> \x01\x1B \xFF\xFE \xEF\xBF\xBF '\n\r\t";
  RunResult run;
  run.target = nasty;
  run.started_at = nasty;
  run.baseline_fixed = {nasty};
  Exchange e;
  e.method = nasty;
  e.target = nasty;
  e.request_headers = {{nasty, nasty}};
  e.request_body = nasty;
  e.status = 500;
  e.response_headers = {{nasty, nasty}};
  e.response_body = nasty;
  e.curl = nasty;
  for (Verdict v :
       {Verdict::pass, Verdict::fail, Verdict::warn, Verdict::error, Verdict::skipped}) {
    ScenarioResult s;
    s.name = s.file = s.description = s.error = nasty;
    s.tags = s.sections = {nasty};
    s.verdict = v;
    s.checks.push_back(CheckResult{.id = nasty,
                                   .section = nasty,
                                   .contract_text = nasty,
                                   .verdict = v,
                                   .scenario_step = nasty,
                                   .expected = nasty,
                                   .actual = nasty,
                                   .message = nasty,
                                   .exchanges = {e},
                                   .baseline_known = false});
    s.wirelog = {e};
    run.scenarios.push_back(s);
  }
  const std::string xml = junit(run);
  EXPECT_EQ(testing::xml_problem(xml), "");
  EXPECT_EQ(xml.find("<x a="), std::string::npos);
}

}  // namespace
}  // namespace syncsuite::reports

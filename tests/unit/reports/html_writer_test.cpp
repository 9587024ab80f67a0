#include "reports/html_writer.hpp"

#include <gtest/gtest.h>

#include <sstream>
#include <string>
#include <vector>

#include "tests/unit/reports/golden.hpp"
#include "tests/unit/reports/sample_run.hpp"

namespace syncsuite::reports {
namespace {

std::string html(const RunResult& run) {
  std::ostringstream out;
  write_html(run, out);
  return out.str();
}

std::size_t count(const std::string& haystack, const std::string& needle) {
  std::size_t n = 0;
  for (std::size_t at = haystack.find(needle); at != std::string::npos;
       at = haystack.find(needle, at + 1))
    ++n;
  return n;
}

// Every opening tag in `page` that starts with `prefix`, in document order.
std::vector<std::string> tags(const std::string& page, const std::string& prefix) {
  std::vector<std::string> found;
  for (std::size_t at = page.find(prefix); at != std::string::npos;
       at = page.find(prefix, at + 1)) {
    found.push_back(page.substr(at, page.find('>', at) + 1 - at));
  }
  return found;
}

TEST(HtmlWriterTest, MatchesGolden) {
  testing::expect_golden(html(testing::sample_run()), "report.html");
}

TEST(HtmlWriterTest, IsSelfContained) {
  const std::string page = html(testing::sample_run());
  // No external resource of any kind: scripts, styles, images, fonts, frames.
  EXPECT_EQ(count(page, " src="), 0u);
  EXPECT_EQ(count(page, "<link"), 0u);
  EXPECT_EQ(count(page, "@import"), 0u);
  EXPECT_EQ(count(page, "url("), 0u);
  EXPECT_EQ(count(page, " href="), 0u);
  EXPECT_EQ(count(page, "<script>"), 1u);
  EXPECT_EQ(count(page, "<style>"), 1u);
}

TEST(HtmlWriterTest, HeaderHooks) {
  const std::string page = html(testing::sample_run());
  EXPECT_NE(page.find("<header id=\"summary\" data-verdict=\"fail\" data-schema-version=\"1\">"),
            std::string::npos);
  EXPECT_NE(page.find("<dd id=\"seed\">18446744073709551557</dd>"), std::string::npos);
  EXPECT_NE(page.find("<dd id=\"target\">http://127.0.0.1:8080</dd>"), std::string::npos);
  EXPECT_NE(
      page.find("<tr id=\"counts-scenarios\"><th>scenarios</th><td data-count=\"total\">6</td>"
                "<td data-count=\"pass\">1</td><td data-count=\"fail\">1</td>"),
      std::string::npos);
  EXPECT_NE(page.find("<li><code>5/limit-out-of-range</code></li>"), std::string::npos);
}

TEST(HtmlWriterTest, SectionsTableInNumericOrder) {
  EXPECT_EQ(tags(html(testing::sample_run()), "<tr data-section="),
            (std::vector<std::string>{"<tr data-section=\"1\" data-outcome=\"warn\">",
                                      "<tr data-section=\"4.2\" data-outcome=\"fail\">",
                                      "<tr data-section=\"5\" data-outcome=\"error\">",
                                      "<tr data-section=\"7\" data-outcome=\"known\">",
                                      "<tr data-section=\"10\" data-outcome=\"pass\">"}));
}

TEST(HtmlWriterTest, ScenariosCarryVerdictsAndOnlyProblemsOpen) {
  const std::string prefix = "<details class=\"scenario\" id=\"scenario-";
  EXPECT_EQ(
      tags(html(testing::sample_run()), prefix),
      (std::vector<std::string>{prefix + "1\" data-verdict=\"pass\" data-outcome=\"pass\">",
                                prefix + "2\" data-verdict=\"fail\" data-outcome=\"fail\" open>",
                                prefix + "3\" data-verdict=\"error\" data-outcome=\"error\" open>",
                                prefix + "4\" data-verdict=\"skipped\" data-outcome=\"skipped\">",
                                prefix + "5\" data-verdict=\"warn\" data-outcome=\"warn\" open>",
                                prefix + "6\" data-verdict=\"fail\" data-outcome=\"known\">"}));
}

TEST(HtmlWriterTest, FailingCheckShowsContractExpectedActualAndEvidence) {
  const std::string page = html(testing::sample_run());
  const std::size_t start = page.find(
      "<li class=\"check\" id=\"check-2-2\" data-check-id=\"4.2/lww-later-wins\" "
      "data-verdict=\"fail\" data-outcome=\"fail\">\n<details open>");
  ASSERT_NE(start, std::string::npos);
  const std::string check = page.substr(start, page.find("</li>", start) - start);
  EXPECT_NE(check.find("<span class=\"step\">step 3: push a</span>"), std::string::npos);
  EXPECT_NE(
      check.find("<span class=\"section-ref\">§4.2</span> updated_at later than S.updated_at"),
      std::string::npos);
  EXPECT_NE(
      check.find("<pre class=\"expected\">results[0] = {&quot;status&quot;: &quot;accepted&quot;, "
                 "&quot;version&quot;: 2}</pre>"),
      std::string::npos);
  EXPECT_NE(
      check.find(
          "<pre class=\"actual\">results[0] = {&quot;status&quot;: &quot;conflict&quot;} &amp; "
          "&lt;no version&gt;</pre>"),
      std::string::npos);
  EXPECT_NE(check.find("<p class=\"message\">the later write was refused as a conflict</p>"),
            std::string::npos);
  EXPECT_NE(
      check.find(
          "<details class=\"exchange\" open><summary>POST http://127.0.0.1:8080/api/v1/sync/push/ "
          "→ 200 in 12.2 ms</summary>"),
      std::string::npos);
  EXPECT_NE(check.find("<pre class=\"request\">&gt; POST /api/v1/sync/push/\n&gt; Authorization: "
                       "Token [redacted]"),
            std::string::npos);
  EXPECT_NE(check.find("&quot;id&quot;:&quot;a&lt;1&gt;&amp;&#39;x&#39;&quot;"), std::string::npos);
  EXPECT_NE(check.find("&lt; X-Note: a &quot;quoted&quot; &lt;value&gt; &amp; more"),
            std::string::npos);
  EXPECT_NE(check.find("… [cut: 5000 bytes total]\n</pre>"), std::string::npos);
  EXPECT_NE(check.find("<pre class=\"curl\">$ curl -sS -X POST -H &quot;Authorization: Token "
                       "$SYNCSUITE_TOKEN&quot;"),
            std::string::npos);
}

TEST(HtmlWriterTest, PassingCheckIsCollapsed) {
  const std::string page = html(testing::sample_run());
  EXPECT_NE(page.find("data-check-id=\"4.2/lww-earlier-conflicts\" data-verdict=\"pass\" "
                      "data-outcome=\"pass\">\n"
                      "<details><summary>"),
            std::string::npos);
}

TEST(HtmlWriterTest, ControlCharactersAndBadBytesAreCleaned) {
  const std::string page = html(testing::sample_run());
  EXPECT_NE(page.find("{&quot;detail&quot;:&quot;bell and bad byte \xEF\xBF\xBD end ]]&gt;&quot;}"),
            std::string::npos);
}

TEST(HtmlWriterTest, HostileNamesCannotInjectMarkup) {
  RunResult run;
  run.target = "</title><script>alert(1)</script>";
  ScenarioResult s;
  s.name = "<img onerror=alert(1)>";
  s.verdict = Verdict::fail;
  s.checks.push_back(CheckResult{.id = "\"><script>x</script>",
                                 .section = "4",
                                 .contract_text = "",
                                 .verdict = Verdict::fail,
                                 .scenario_step = "",
                                 .expected = "</pre>",
                                 .actual = "",
                                 .message = "",
                                 .exchanges = {},
                                 .baseline_known = false});
  run.scenarios.push_back(s);
  const std::string page = html(run);
  EXPECT_EQ(count(page, "<script>"), 1u);
  EXPECT_EQ(count(page, "<img"), 0u);
  EXPECT_NE(page.find("data-check-id=\"&quot;&gt;&lt;script&gt;x&lt;/script&gt;\""),
            std::string::npos);
  EXPECT_NE(page.find("<pre class=\"expected\">&lt;/pre&gt;</pre>"), std::string::npos);
}

}  // namespace
}  // namespace syncsuite::reports

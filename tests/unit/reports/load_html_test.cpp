#include "reports/load_html.hpp"

#include <gtest/gtest.h>

#include <regex>
#include <string>
#include <vector>

#include "reports/load_metrics.hpp"
#include "tests/unit/reports/sample_load.hpp"

namespace syncsuite::reports {
namespace {

std::size_t count(const std::string& haystack, const std::string& needle) {
  std::size_t n = 0;
  for (std::size_t at = haystack.find(needle); at != std::string::npos;
       at = haystack.find(needle, at + 1))
    ++n;
  return n;
}

bool has(const std::string& page, const std::string& part) {
  return page.find(part) != std::string::npos;
}

// The <svg ...> element with this id, whole.
std::string svg(const std::string& page, const std::string& id) {
  const std::size_t start = page.find("<svg id=\"" + id + "\"");
  if (start == std::string::npos) return "";
  return page.substr(start, page.find("</svg>", start) + 6 - start);
}

TEST(LoadHtmlTest, IsSelfContained) {
  const std::string page = write_load_html(testing::sample_load());
  EXPECT_EQ(count(page, " src="), 0u);
  EXPECT_EQ(count(page, " href="), 0u);
  EXPECT_EQ(count(page, "http://"), 1u) << "only the target URL, as text";
  EXPECT_EQ(count(page, "https://"), 0u);
  EXPECT_EQ(count(page, "<link"), 0u);
  EXPECT_EQ(count(page, "@import"), 0u);
  EXPECT_EQ(count(page, "url("), 0u);
  EXPECT_EQ(count(page, "<script"), 0u) << "charts work without JavaScript";
  EXPECT_EQ(count(page, "<style>"), 1u);
  EXPECT_TRUE(page.starts_with("<!DOCTYPE html>"));
  EXPECT_TRUE(page.ends_with("</html>\n"));
}

TEST(LoadHtmlTest, ChartsArePresentWithData) {
  const LoadResult run = testing::sample_load();
  const std::string page = write_load_html(run);
  for (const std::string id :
       {"chart-throughput", "chart-errors", "chart-latency", "chart-distribution"}) {
    const std::string chart = svg(page, id);
    ASSERT_FALSE(chart.empty()) << id;
    EXPECT_EQ(count(page, "<svg id=\"" + id + "\""), 1u) << id;
    EXPECT_TRUE(has(chart, "<polyline")) << id;
    EXPECT_TRUE(has(chart, "class=\"axis x-axis\"")) << id;
    EXPECT_TRUE(has(chart, "class=\"axis-label\"")) << id;
    EXPECT_FALSE(has(chart, "no data")) << id;
  }
  // Throughput has one point per second of the run, for both series.
  const std::string points = std::to_string(run.intervals.size());
  EXPECT_TRUE(has(svg(page, "chart-throughput"),
                  "data-name=\"requests/s\" data-points=\"" + points + "\""));
  EXPECT_TRUE(
      has(svg(page, "chart-throughput"), "data-name=\"records/s\" data-points=\"" + points + "\""));
  EXPECT_TRUE(has(svg(page, "chart-latency"), "data-name=\"p99\""));
  EXPECT_TRUE(has(svg(page, "chart-distribution"), "data-name=\"all\""));
  EXPECT_TRUE(has(svg(page, "chart-distribution"), ">99.9%</text>"));
}

TEST(LoadHtmlTest, ChartCoordinatesStayInsideTheViewBox) {
  const std::string page = write_load_html(testing::sample_load());
  const std::regex number_pair(R"((-?[0-9.]+),(-?[0-9.]+))");
  for (const std::string id :
       {"chart-throughput", "chart-errors", "chart-latency", "chart-distribution"}) {
    const std::string chart = svg(page, id);
    std::size_t pairs = 0;
    for (std::size_t at = chart.find("points=\""); at != std::string::npos;
         at = chart.find("points=\"", at + 1)) {
      const std::string list = chart.substr(at + 8, chart.find('"', at + 8) - at - 8);
      for (std::sregex_iterator it(list.begin(), list.end(), number_pair), end; it != end; ++it) {
        const double x = std::stod((*it)[1]);
        const double y = std::stod((*it)[2]);
        EXPECT_GE(x, 0) << id;
        EXPECT_LE(x, 760) << id;
        EXPECT_GE(y, 0) << id;
        EXPECT_LE(y, 280) << id;
        ++pairs;
      }
    }
    EXPECT_GT(pairs, 0u) << id;
  }
}

TEST(LoadHtmlTest, EmptyRunStillDrawsEveryChartSayingNoData) {
  const std::string page = write_load_html(LoadResult{});
  for (const std::string id :
       {"chart-throughput", "chart-errors", "chart-latency", "chart-distribution"}) {
    EXPECT_TRUE(has(svg(page, id), ">no data</text>")) << id;
  }
}

TEST(LoadHtmlTest, HeaderThresholdsAndCorrectness) {
  const std::string page = write_load_html(testing::sample_load());
  EXPECT_TRUE(has(page, "<header id=\"summary\" data-verdict=\"fail\" data-schema-version=\"1\">"));
  EXPECT_TRUE(has(page, "<dd id=\"seed\">18446744073709551557</dd>"));
  EXPECT_TRUE(has(page, "<dd id=\"model\">open</dd>"));
  EXPECT_TRUE(has(page, "<dd id=\"devices\">100 devices · 25 accounts</dd>"));
  EXPECT_TRUE(has(page, "<dd id=\"shard\">1 of 1</dd>"));
  EXPECT_TRUE(has(page, "<tr class=\"threshold\" data-passed=\"true\"><td class=\"mark\">✓</td>"));
  EXPECT_TRUE(has(page, "<tr class=\"threshold\" data-passed=\"false\"><td class=\"mark\">✗</td>"));
  EXPECT_TRUE(has(page, "<section id=\"correctness\" data-passed=\"false\">"));
}

TEST(LoadHtmlTest, VerdictPassesOnlyWithThresholdsAndCorrectnessPassing) {
  LoadResult run = testing::sample_load(300);
  run.correctness.lost = 0;
  run.threshold_results[1].passed = true;
  EXPECT_TRUE(has(write_load_html(run), "data-verdict=\"pass\""));
  run.correctness.corrupted = 1;
  EXPECT_TRUE(has(write_load_html(run), "data-verdict=\"fail\""));
}

TEST(LoadHtmlTest, TablePerActionWithComputedFigures) {
  const LoadResult run = testing::sample_load();
  const std::string page = write_load_html(run);
  for (const ActionStats& a : run.actions) {
    EXPECT_TRUE(has(page, "<section class=\"action\" data-action=\"" + a.action + "\">"));
    EXPECT_TRUE(has(page, "<tr data-action=\"" + a.action + "\"><td>" + a.action + "</td><td>" +
                              std::to_string(a.requests) + "</td>"));
  }
  EXPECT_TRUE(has(page, "<tr data-action=\"all\">"));
  EXPECT_TRUE(has(page, "<tr data-class=\"5xx\">"));
  EXPECT_TRUE(has(page, "<tr><th>dropped</th><td>3</td></tr>"));
}

TEST(LoadHtmlTest, EscapesEveryText) {
  LoadResult run = testing::sample_load(300);
  run.target = "http://x/<script>alert(1)</script>";
  run.actions[0].action = "pu\"sh<";
  run.actions[0].errors["<b>"] = 1;
  run.threshold_results[0].message = "a < b & c";
  const std::string page = write_load_html(run);
  EXPECT_FALSE(has(page, "<script>"));
  EXPECT_FALSE(has(page, "<b>"));
  EXPECT_TRUE(has(page, "mixed &lt;sync&gt; &amp; &quot;friends&quot;"));
  EXPECT_TRUE(has(page, "&lt;script&gt;alert(1)&lt;/script&gt;"));
  EXPECT_TRUE(has(page, "data-action=\"pu&quot;sh&lt;\""));
  EXPECT_TRUE(has(page, "data-name=\"pu&quot;sh&lt;\""));
  EXPECT_TRUE(has(page, "a &lt; b &amp; c"));
  EXPECT_TRUE(has(page, "account 3 record 7f: lost &lt;acknowledged&gt;"));
}

}  // namespace
}  // namespace syncsuite::reports

#include "reports/svg_chart.hpp"

#include <gtest/gtest.h>

#include <string>

namespace syncsuite::reports {
namespace {

bool has(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

TEST(SvgChartTest, NiceTicksCoverTheMaximumInRoundSteps) {
  EXPECT_EQ(nice_ticks(0), (std::vector<double>{0, 1}));
  EXPECT_EQ(nice_ticks(-3), (std::vector<double>{0, 1}));
  EXPECT_EQ(nice_ticks(9), (std::vector<double>{0, 2, 4, 6, 8, 10}));
  EXPECT_EQ(nice_ticks(300), (std::vector<double>{0, 100, 200, 300}));
  const std::vector<double> small = nice_ticks(0.7);
  const std::vector<double> want = {0, 0.2, 0.4, 0.6, 0.8};
  ASSERT_EQ(small.size(), want.size());
  for (std::size_t i = 0; i < want.size(); ++i) EXPECT_NEAR(small[i], want[i], 1e-12);
  for (double max : {1.0, 3.3, 47.0, 123456.0, 0.002}) {
    const auto ticks = nice_ticks(max);
    EXPECT_GE(ticks.back(), max) << max;
    EXPECT_LE(ticks.size(), 12u) << max;
  }
}

TEST(SvgChartTest, DrawsAxesSeriesAndLegend) {
  Chart chart;
  chart.id = "chart-x";
  chart.title = "Title";
  chart.x_label = "seconds";
  chart.y_label = "requests/s";
  chart.series.push_back({"requests/s", "#0969da", {{0, 10}, {1, 20}, {2, 15}}});
  const std::string svg = svg_line_chart(chart);
  EXPECT_TRUE(svg.starts_with("<svg id=\"chart-x\" class=\"chart\"")) << svg;
  EXPECT_TRUE(svg.ends_with("</svg>"));
  EXPECT_TRUE(has(svg, "<title>Title</title>"));
  EXPECT_TRUE(has(svg, "data-points=\"3\""));
  EXPECT_TRUE(has(svg, "<polyline fill=\"none\" stroke-width=\"2\" stroke=\"#0969da\""));
  EXPECT_TRUE(has(svg, ">seconds</text>"));
  EXPECT_TRUE(has(svg, ">requests/s</text>"));
  EXPECT_TRUE(has(svg, ">20</text>")) << "top y tick";
  EXPECT_FALSE(has(svg, "y-axis-right"));
  EXPECT_FALSE(has(svg, "no data"));
}

TEST(SvgChartTest, RightAxisOnlyWhenUsed) {
  Chart chart;
  chart.id = "c";
  chart.right_label = "records/s";
  chart.series.push_back({"a", "#000", {{0, 1}, {1, 2}}});
  chart.series.push_back({"b", "#111", {{0, 5000}, {1, 6000}}, true});
  const std::string svg = svg_line_chart(chart);
  EXPECT_TRUE(has(svg, "class=\"axis y-axis-right\""));
  EXPECT_TRUE(has(svg, ">records/s</text>"));
  EXPECT_TRUE(has(svg, ">6000</text>"));
  EXPECT_TRUE(has(svg, ">b (right axis)</text>"));
}

TEST(SvgChartTest, LonePointIsACircleAndEmptyChartSaysNoData) {
  Chart one;
  one.id = "one";
  one.series.push_back({"a", "#000", {{3, 4}}});
  EXPECT_TRUE(has(svg_line_chart(one), "<circle"));
  Chart empty;
  empty.id = "empty";
  empty.series.push_back({"a", "#000", {}});
  const std::string svg = svg_line_chart(empty);
  EXPECT_TRUE(has(svg, ">no data</text>"));
  EXPECT_FALSE(has(svg, "<polyline"));
}

TEST(SvgChartTest, CustomTicksAndEscaping) {
  Chart chart;
  chart.id = "d\"<";
  chart.title = "a < b";
  chart.x_ticks = {{0, "0%"}, {1, "90%"}, {2, "<99%>"}};
  chart.series.push_back({"x&y", "#000", {{0, 1}, {2, 5}}});
  const std::string svg = svg_line_chart(chart);
  EXPECT_TRUE(has(svg, "<svg id=\"d&quot;&lt;\""));
  EXPECT_TRUE(has(svg, "<title>a &lt; b</title>"));
  EXPECT_TRUE(has(svg, ">&lt;99%&gt;</text>"));
  EXPECT_TRUE(has(svg, "data-name=\"x&amp;y\""));
  EXPECT_TRUE(has(svg, ">x&amp;y</text>"));
}

}  // namespace
}  // namespace syncsuite::reports

#include "reports/svg_chart.hpp"

#include <algorithm>
#include <cmath>

#include "reports/text/markup_escape.hpp"
#include "reports/text/number_text.hpp"

namespace syncsuite::reports {
namespace {

using text::escape_attribute;
using text::escape_markup;

constexpr double kWidth = 760, kHeight = 280;
constexpr double kLeft = 64, kRight = 64, kTop = 16, kBottom = 64;
constexpr double kPlotW = kWidth - kLeft - kRight, kPlotH = kHeight - kTop - kBottom;

std::string n(double v) { return text::fixed(v, 1); }

std::string tick_label(double v) {
  if (v != 0 && std::abs(v) < 0.01) return text::compact(v, 4);
  if (std::abs(v) >= 10'000) return text::compact(v / 1000, 1) + "k";
  return text::compact(v, 2);
}

struct Range {
  double low = 0, high = 1;
  double scale(double v, double pixels) const {
    return high > low ? (v - low) / (high - low) * pixels : 0;
  }
};

std::vector<ChartTick> value_ticks(double max) {
  std::vector<ChartTick> out;
  for (double t : nice_ticks(max)) out.push_back({t, tick_label(t)});
  return out;
}

void write_series(std::string& svg, const ChartSeries& s, const Range& x, const Range& y,
                  std::size_t index) {
  svg += "<g class=\"series series-" + std::to_string(index) + "\" data-name=\"" +
         escape_attribute(s.name) + "\" data-points=\"" + std::to_string(s.points.size()) + "\">";
  std::string points;
  for (const auto& [px, py] : s.points) {
    if (!points.empty()) points += ' ';
    points += n(kLeft + x.scale(px, kPlotW)) + "," + n(kTop + kPlotH - y.scale(py, kPlotH));
  }
  if (s.points.size() == 1) {  // a lone point draws no line: mark it
    svg += "<circle cx=\"" + points.substr(0, points.find(',')) + "\" cy=\"" +
           points.substr(points.find(',') + 1) + "\" r=\"3\" fill=\"" + escape_attribute(s.color) +
           "\"/>";
  } else if (!s.points.empty()) {
    svg += "<polyline fill=\"none\" stroke-width=\"2\" stroke=\"" + escape_attribute(s.color) +
           "\" points=\"" + points + "\"/>";
  }
  svg += "</g>\n";
}

}  // namespace

std::vector<double> nice_ticks(double max, int count) {
  if (!(max > 0) || !std::isfinite(max)) return {0, 1};
  const double rough = max / std::max(count, 1);
  const double power = std::pow(10.0, std::floor(std::log10(rough)));
  double step = power;
  for (double m : {1.0, 2.0, 5.0, 10.0}) {
    step = m * power;
    if (step >= rough) break;
  }
  std::vector<double> ticks;
  for (int i = 0; ticks.empty() || ticks.back() < max; ++i) ticks.push_back(step * i);
  return ticks;
}

std::string svg_line_chart(const Chart& chart) {
  std::size_t total_points = 0;
  Range x{0, 0};
  bool first = true;
  double left_max = 0, right_max = 0;
  bool uses_right = false;
  for (const ChartSeries& s : chart.series) {
    uses_right = uses_right || s.right_axis;
    for (const auto& [px, py] : s.points) {
      ++total_points;
      x.low = first ? px : std::min(x.low, px);
      x.high = first ? px : std::max(x.high, px);
      first = false;
      (s.right_axis ? right_max : left_max) = std::max(s.right_axis ? right_max : left_max, py);
    }
  }
  std::vector<ChartTick> x_ticks = chart.x_ticks;
  if (x_ticks.empty()) {
    for (double t : nice_ticks(x.high, 8)) {
      if (t >= x.low) x_ticks.push_back({t, tick_label(t)});
    }
    if (!x_ticks.empty()) x.high = std::max(x.high, x_ticks.back().at);
  }
  if (!chart.x_ticks.empty()) {
    x.low = std::min(x.low, chart.x_ticks.front().at);
    x.high = std::max(x.high, chart.x_ticks.back().at);
  }
  if (x.high <= x.low) x.high = x.low + 1;
  const std::vector<ChartTick> left_ticks = value_ticks(left_max);
  const std::vector<ChartTick> right_ticks = value_ticks(right_max);
  const Range left{0, left_ticks.back().at}, right{0, right_ticks.back().at};

  std::string svg = "<svg id=\"" + escape_attribute(chart.id) +
                    "\" class=\"chart\" viewBox=\"0 0 " + n(kWidth) + " " + n(kHeight) +
                    "\" width=\"" + n(kWidth) + "\" height=\"" + n(kHeight) +
                    "\" role=\"img\" data-points=\"" + std::to_string(total_points) +
                    "\">\n<title>" + escape_markup(chart.title) + "</title>\n";
  // Grid and left axis.
  svg += "<g class=\"axis y-axis\" font-size=\"11\" text-anchor=\"end\" fill=\"#59636e\">";
  for (const ChartTick& t : left_ticks) {
    const std::string y = n(kTop + kPlotH - left.scale(t.at, kPlotH));
    svg += "<line x1=\"" + n(kLeft) + "\" x2=\"" + n(kLeft + kPlotW) + "\" y1=\"" + y + "\" y2=\"" +
           y + "\" stroke=\"#eaeef2\"/><text x=\"" + n(kLeft - 6) + "\" y=\"" + y + "\" dy=\"4\">" +
           escape_markup(t.label) + "</text>";
  }
  svg += "<text class=\"axis-label\" transform=\"translate(14," + n(kTop + kPlotH / 2) +
         ") rotate(-90)\" text-anchor=\"middle\">" + escape_markup(chart.y_label) + "</text></g>\n";
  if (uses_right) {
    svg += "<g class=\"axis y-axis-right\" font-size=\"11\" fill=\"#59636e\">";
    for (const ChartTick& t : right_ticks) {
      svg += "<text x=\"" + n(kLeft + kPlotW + 6) + "\" y=\"" +
             n(kTop + kPlotH - right.scale(t.at, kPlotH)) + "\" dy=\"4\">" +
             escape_markup(t.label) + "</text>";
    }
    svg += "<text class=\"axis-label\" transform=\"translate(" + n(kWidth - 10) + "," +
           n(kTop + kPlotH / 2) + ") rotate(90)\" text-anchor=\"middle\">" +
           escape_markup(chart.right_label) + "</text></g>\n";
  }
  // X axis.
  svg +=
      "<g class=\"axis x-axis\" font-size=\"11\" text-anchor=\"middle\" fill=\"#59636e\">"
      "<line x1=\"" +
      n(kLeft) + "\" x2=\"" + n(kLeft + kPlotW) + "\" y1=\"" + n(kTop + kPlotH) + "\" y2=\"" +
      n(kTop + kPlotH) +
      "\" stroke=\"#59636e\"/>"
      "<line x1=\"" +
      n(kLeft) + "\" x2=\"" + n(kLeft) + "\" y1=\"" + n(kTop) + "\" y2=\"" + n(kTop + kPlotH) +
      "\" stroke=\"#59636e\"/>";
  for (const ChartTick& t : x_ticks) {
    const std::string px = n(kLeft + x.scale(t.at, kPlotW));
    svg += "<line x1=\"" + px + "\" x2=\"" + px + "\" y1=\"" + n(kTop + kPlotH) + "\" y2=\"" +
           n(kTop + kPlotH + 4) + "\" stroke=\"#59636e\"/><text x=\"" + px + "\" y=\"" +
           n(kTop + kPlotH + 17) + "\">" + escape_markup(t.label) + "</text>";
  }
  svg += "<text class=\"axis-label\" x=\"" + n(kLeft + kPlotW / 2) + "\" y=\"" +
         n(kTop + kPlotH + 33) + "\">" + escape_markup(chart.x_label) + "</text></g>\n";
  // Data.
  for (std::size_t i = 0; i < chart.series.size(); ++i) {
    const ChartSeries& s = chart.series[i];
    write_series(svg, s, x, s.right_axis ? right : left, i);
  }
  if (total_points == 0) {
    svg += "<text class=\"no-data\" x=\"" + n(kLeft + kPlotW / 2) + "\" y=\"" +
           n(kTop + kPlotH / 2) + "\" text-anchor=\"middle\" fill=\"#59636e\">no data</text>\n";
  }
  // Legend, below the axis label.
  svg += "<g class=\"legend\" font-size=\"12\">";
  double lx = kLeft;
  for (const ChartSeries& s : chart.series) {
    const std::string label = s.name + (s.right_axis ? " (right axis)" : "");
    svg += "<rect x=\"" + n(lx) + "\" y=\"" + n(kHeight - 18) +
           "\" width=\"14\" height=\"4\" fill=\"" + escape_attribute(s.color) + "\"/><text x=\"" +
           n(lx + 18) + "\" y=\"" + n(kHeight - 12) + "\">" + escape_markup(label) + "</text>";
    lx += 34 + 7.0 * static_cast<double>(label.size());
  }
  svg += "</g>\n</svg>";
  return svg;
}

}  // namespace syncsuite::reports

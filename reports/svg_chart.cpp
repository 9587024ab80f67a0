#include "reports/svg_chart.hpp"

#include <algorithm>
#include <cmath>
#include <sstream>
#include <string_view>

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

// <line> from (x1, y1) to (x2, y2).
void line(std::ostream& out, double x1, double y1, double x2, double y2, std::string_view stroke) {
  out << "<line x1=\"" << n(x1) << "\" x2=\"" << n(x2) << "\" y1=\"" << n(y1) << "\" y2=\"" << n(y2)
      << "\" stroke=\"" << stroke << "\"/>";
}

// <text> at (x, y); `attributes` (trusted, unescaped) go into the tag, `label` is escaped.
void label_at(std::ostream& out, double x, double y, std::string_view label,
              std::string_view attributes = "") {
  out << "<text x=\"" << n(x) << "\" y=\"" << n(y) << "\"" << attributes << ">"
      << escape_markup(label) << "</text>";
}

void write_series(std::ostream& out, const ChartSeries& s, const Range& x, const Range& y,
                  std::size_t index) {
  out << "<g class=\"series series-" << index << "\" data-name=\"" << escape_attribute(s.name)
      << "\" data-points=\"" << s.points.size() << "\">";
  const std::string color = escape_attribute(s.color);
  if (s.points.size() == 1) {  // a lone point draws no line: mark it
    out << "<circle cx=\"" << n(kLeft + x.scale(s.points[0].first, kPlotW)) << "\" cy=\""
        << n(kTop + kPlotH - y.scale(s.points[0].second, kPlotH)) << "\" r=\"3\" fill=\"" << color
        << "\"/>";
  } else if (!s.points.empty()) {
    out << "<polyline fill=\"none\" stroke-width=\"2\" stroke=\"" << color << "\" points=\"";
    for (std::size_t i = 0; i < s.points.size(); ++i) {
      out << (i == 0 ? "" : " ") << n(kLeft + x.scale(s.points[i].first, kPlotW)) << ","
          << n(kTop + kPlotH - y.scale(s.points[i].second, kPlotH));
    }
    out << "\"/>";
  }
  out << "</g>\n";
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

  std::ostringstream out;
  out << "<svg id=\"" << escape_attribute(chart.id) << "\" class=\"chart\" viewBox=\"0 0 "
      << n(kWidth) << " " << n(kHeight) << "\" width=\"" << n(kWidth) << "\" height=\""
      << n(kHeight) << "\" role=\"img\" data-points=\"" << total_points << "\">\n<title>"
      << escape_markup(chart.title) << "</title>\n";
  const double bottom = kTop + kPlotH;
  // Grid and left axis.
  out << "<g class=\"axis y-axis\" font-size=\"11\" text-anchor=\"end\" fill=\"#59636e\">";
  for (const ChartTick& t : left_ticks) {
    const double y = bottom - left.scale(t.at, kPlotH);
    line(out, kLeft, y, kLeft + kPlotW, y, "#eaeef2");
    label_at(out, kLeft - 6, y, t.label, " dy=\"4\"");
  }
  out << "<text class=\"axis-label\" transform=\"translate(14," << n(kTop + kPlotH / 2)
      << ") rotate(-90)\" text-anchor=\"middle\">" << escape_markup(chart.y_label)
      << "</text></g>\n";
  if (uses_right) {
    out << "<g class=\"axis y-axis-right\" font-size=\"11\" fill=\"#59636e\">";
    for (const ChartTick& t : right_ticks)
      label_at(out, kLeft + kPlotW + 6, bottom - right.scale(t.at, kPlotH), t.label, " dy=\"4\"");
    out << "<text class=\"axis-label\" transform=\"translate(" << n(kWidth - 10) << ","
        << n(kTop + kPlotH / 2) << ") rotate(90)\" text-anchor=\"middle\">"
        << escape_markup(chart.right_label) << "</text></g>\n";
  }
  // X axis.
  out << "<g class=\"axis x-axis\" font-size=\"11\" text-anchor=\"middle\" fill=\"#59636e\">";
  line(out, kLeft, bottom, kLeft + kPlotW, bottom, "#59636e");
  line(out, kLeft, kTop, kLeft, bottom, "#59636e");
  for (const ChartTick& t : x_ticks) {
    const double px = kLeft + x.scale(t.at, kPlotW);
    line(out, px, bottom, px, bottom + 4, "#59636e");
    label_at(out, px, bottom + 17, t.label);
  }
  label_at(out, kLeft + kPlotW / 2, bottom + 33, chart.x_label, " class=\"axis-label\"");
  out << "</g>\n";
  // Data.
  for (std::size_t i = 0; i < chart.series.size(); ++i) {
    const ChartSeries& s = chart.series[i];
    write_series(out, s, x, s.right_axis ? right : left, i);
  }
  if (total_points == 0) {
    label_at(out, kLeft + kPlotW / 2, kTop + kPlotH / 2, "no data",
             " class=\"no-data\" text-anchor=\"middle\" fill=\"#59636e\"");
    out << "\n";
  }
  // Legend, below the axis label.
  out << "<g class=\"legend\" font-size=\"12\">";
  double lx = kLeft;
  for (const ChartSeries& s : chart.series) {
    const std::string label = s.name + (s.right_axis ? " (right axis)" : "");
    out << "<rect x=\"" << n(lx) << "\" y=\"" << n(kHeight - 18)
        << "\" width=\"14\" height=\"4\" fill=\"" << escape_attribute(s.color) << "\"/>";
    label_at(out, lx + 18, kHeight - 12, label);
    lx += 34 + 7.0 * static_cast<double>(label.size());
  }
  out << "</g>\n</svg>";
  return out.str();
}

}  // namespace syncsuite::reports

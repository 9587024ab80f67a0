#pragma once
// Line charts as inline SVG, drawn on the server side so that a report needs no script to show
// them: axes with ticks and labels, a grid, one polyline per series, a legend. Coordinates are
// written with fixed decimals, so the same data gives the same bytes.
#include <string>
#include <utility>
#include <vector>

namespace syncsuite::reports {

struct ChartSeries {
  std::string name;                               // legend text, e.g. "requests/s"
  std::string color;                              // stroke colour, e.g. "#0969da"
  std::vector<std::pair<double, double>> points;  // (x, y), ascending x
  bool right_axis = false;  // scaled against the right-hand y axis (a second unit)
};

struct ChartTick {
  double at = 0;
  std::string label;
};

struct Chart {
  std::string id;           // the <svg> element's id, e.g. "chart-throughput"
  std::string title;        // <title> of the SVG, for screen readers and tooltips
  std::string x_label;      // "seconds since warm-up"
  std::string y_label;      // left axis
  std::string right_label;  // right axis; only drawn when a series uses it
  std::vector<ChartSeries> series;
  std::vector<ChartTick> x_ticks;  // empty: chosen from the data's range
};

// <svg id=... class="chart"> ... </svg>. A chart without points says "no data" in its plot area.
// Every text is escaped.
std::string svg_line_chart(const Chart& chart);

// Up to about `count` round tick values (steps of 1, 2 or 5 times a power of ten) covering
// [0, max]; {0, 1} when max <= 0.
std::vector<double> nice_ticks(double max, int count = 5);

}  // namespace syncsuite::reports

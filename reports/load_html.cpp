#include "reports/load_html.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <sstream>

#include "reports/load_html_assets.hpp"
#include "reports/load_metrics.hpp"
#include "reports/svg_chart.hpp"
#include "reports/text/markup_escape.hpp"
#include "reports/text/number_text.hpp"

namespace syncsuite::reports {
namespace {

using text::escape_attribute;
using text::escape_markup;

constexpr std::array<std::string_view, 8> kPalette = {"#0969da", "#1a7f37", "#cf222e", "#8250df",
                                                      "#9a6700", "#bf3989", "#1b7c83", "#6e7781"};

std::string color(std::size_t i) { return std::string(kPalette[i % kPalette.size()]); }

std::string ms(std::uint64_t us) { return text::fixed(to_ms(us), 2); }

bool thresholds_failed(const LoadResult& r) {
  for (const ThresholdResult& t : r.threshold_results) {
    if (!t.passed) return true;
  }
  return false;
}

void write_header(std::ostream& out, const LoadResult& r, bool passed) {
  const std::string_view verdict = passed ? "pass" : "fail";
  out << "<header id=\"summary\" data-verdict=\"" << verdict << "\" data-schema-version=\""
      << LoadResult::kSchemaVersion << "\">\n<div class=\"title\"><span class=\"badge big v-"
      << verdict << "\">" << (passed ? "PASS" : "FAIL")
      << "</span><h1>syncsuite load report</h1></div>\n<dl class=\"meta\">\n"
      << "<dt>Profile</dt><dd id=\"profile\">" << escape_markup(r.profile) << "</dd>\n"
      << "<dt>Target</dt><dd id=\"target\">" << escape_markup(r.target) << "</dd>\n"
      << "<dt>Model</dt><dd id=\"model\">" << escape_markup(r.model) << "</dd>\n"
      << "<dt>Devices</dt><dd id=\"devices\">" << r.devices << " devices · " << r.accounts
      << " accounts</dd>\n"
      << "<dt>Duration</dt><dd id=\"duration\">" << text::compact(r.duration_s, 1)
      << " s measured, after " << text::compact(r.warmup_s, 1) << " s warm-up</dd>\n"
      << "<dt>Started</dt><dd id=\"started-at\">" << escape_markup(r.started_at) << "</dd>\n"
      << "<dt>Seed</dt><dd id=\"seed\">" << r.seed << "</dd>\n"
      << "<dt>Shard</dt><dd id=\"shard\">" << r.shard_index + 1 << " of " << r.shard_count
      << "</dd>\n"
      << "<dt>Resources</dt><dd id=\"resources\">peak RSS "
      << text::fixed(static_cast<double>(r.peak_rss_bytes) / (1024.0 * 1024.0), 1) << " MiB · CPU "
      << text::fixed(r.cpu_seconds, 1) << " s</dd>\n"
      << "<dt>Generator</dt><dd id=\"generator\">" << escape_markup(r.generator) << "</dd>\n"
      << "</dl>\n</header>\n";
}

void write_thresholds(std::ostream& out, const LoadResult& r) {
  out << "<section id=\"thresholds\">\n<h2>Thresholds</h2>\n";
  if (r.thresholds.empty() && r.threshold_results.empty()) {
    out << "<p class=\"note\">The profile sets no thresholds.</p>\n</section>\n";
    return;
  }
  out << "<table>\n<thead><tr><th></th><th>threshold</th><th>observed</th></tr></thead>\n"
      << "<tbody>\n";
  if (r.threshold_results.empty()) {
    for (const std::string& t : r.thresholds)
      out << "<tr class=\"threshold\" data-passed=\"unjudged\"><td class=\"mark\">?</td><td "
             "class=\"text\">"
          << escape_markup(t) << "</td><td class=\"text\">not judged</td></tr>\n";
  }
  for (const ThresholdResult& t : r.threshold_results) {
    out << "<tr class=\"threshold\" data-passed=\"" << (t.passed ? "true" : "false")
        << "\"><td class=\"mark\">" << (t.passed ? "✓" : "✗") << "</td><td class=\"text\"><code>"
        << escape_markup(t.expression) << "</code></td><td class=\"text\">"
        << escape_markup(t.message) << "</td></tr>\n";
  }
  out << "</tbody>\n</table>\n</section>\n";
}

void write_correctness(std::ostream& out, const CorrectnessResult& c) {
  out << "<section id=\"correctness\" data-passed=\"" << (c.passed() ? "true" : "false")
      << "\">\n<h2>Correctness " << (c.passed() ? "✓" : "✗") << "</h2>\n<table>\n<tbody>\n";
  const std::array<std::pair<std::string_view, std::uint64_t>, 6> rows = {{
      {"records checked", c.records_checked},
      {"acknowledged writes", c.acknowledged_writes},
      {"outcome unknown (no answer came)", c.unknown_outcome},
      {"lost", c.lost},
      {"corrupted", c.corrupted},
      {"disagreements between devices", c.disagreements},
  }};
  for (const auto& [name, value] : rows)
    out << "<tr><th>" << name << "</th><td>" << value << "</td></tr>\n";
  out << "</tbody>\n</table>\n";
  if (!c.problems.empty()) {
    out << "<ul class=\"problems\">\n";
    for (const std::string& p : c.problems) out << "<li>" << escape_markup(p) << "</li>\n";
    out << "</ul>\n";
    const std::uint64_t all = c.lost + c.corrupted + c.disagreements;
    if (all > c.problems.size())
      out << "<p class=\"note\">" << all - c.problems.size() << " more not listed.</p>\n";
  }
  out << "</section>\n";
}

std::string errors_text(const ActionStats& a) {
  std::string out;
  for (const auto& [kind, n] : a.errors) {
    if (!out.empty()) out += ", ";
    out += kind + "=" + std::to_string(n);
  }
  return out.empty() ? "none" : out;
}

void write_overview_row(std::ostream& out, const ActionStats& a, double duration_s) {
  const Histogram& h = a.latency;
  out << "<tr data-action=\"" << escape_attribute(a.action) << "\"><td>" << escape_markup(a.action)
      << "</td><td>" << a.requests << "</td><td>"
      << text::fixed(per_second(a.requests, duration_s), 1) << "</td><td>" << a.records
      << "</td><td>" << text::fixed(per_second(a.records, duration_s), 1) << "</td><td>"
      << error_count(a) << "</td><td>" << text::fixed(error_rate(a) * 100, 2) << "%</td><td>"
      << a.dropped << "</td><td>" << ms(h.percentile(50)) << "</td><td>" << ms(h.percentile(90))
      << "</td><td>" << ms(h.percentile(99)) << "</td><td>" << ms(h.max()) << "</td></tr>\n";
}

void write_action(std::ostream& out, const ActionStats& a, double duration_s) {
  const Histogram& h = a.latency;
  out << "<section class=\"action\" data-action=\"" << escape_attribute(a.action) << "\">\n<h3>"
      << escape_markup(a.action) << "</h3>\n<table class=\"figures\">\n<tbody>\n"
      << "<tr><th>requests</th><td>" << a.requests << " (" << a.ok << " ok)</td></tr>\n"
      << "<tr><th>requests/s</th><td>" << text::fixed(per_second(a.requests, duration_s), 1)
      << "</td></tr>\n<tr><th>records</th><td>" << a.records << "</td></tr>\n"
      << "<tr><th>records/s</th><td>" << text::fixed(per_second(a.records, duration_s), 1)
      << "</td></tr>\n<tr><th>bytes</th><td>" << a.bytes << "</td></tr>\n"
      << "<tr><th>errors</th><td>" << error_count(a) << " (" << escape_markup(errors_text(a))
      << ")</td></tr>\n"
      << "<tr><th>dropped</th><td>" << a.dropped << "</td></tr>\n"
      << "<tr><th>latency ms</th><td>avg " << text::fixed(h.mean() / 1000.0, 2) << " · min "
      << ms(h.min()) << " · p50 " << ms(h.percentile(50)) << " · p90 " << ms(h.percentile(90))
      << " · p99 " << ms(h.percentile(99)) << " · p99.9 " << ms(h.percentile(99.9)) << " · max "
      << ms(h.max()) << "</td></tr>\n</tbody>\n</table>\n";
  if (!a.latency_by_class.empty()) {
    out << "<table class=\"classes\">\n<thead><tr><th>status</th><th>requests</th><th>p50 ms</th>"
           "<th>p99 ms</th><th>max ms</th></tr></thead>\n<tbody>\n";
    for (const auto& [cls, c] : a.latency_by_class) {
      out << "<tr data-class=\"" << escape_attribute(cls) << "\"><td>" << escape_markup(cls)
          << "</td><td>" << c.count() << "</td><td>" << ms(c.percentile(50)) << "</td><td>"
          << ms(c.percentile(99)) << "</td><td>" << ms(c.max()) << "</td></tr>\n";
    }
    out << "</tbody>\n</table>\n";
  }
  out << "</section>\n";
}

void write_actions(std::ostream& out, const LoadResult& r) {
  out << "<section id=\"actions\">\n<h2>Actions</h2>\n<table id=\"actions-table\">\n<thead><tr>"
         "<th>action</th><th>requests</th><th>req/s</th><th>records</th><th>records/s</th>"
         "<th>errors</th><th>error rate</th><th>dropped</th><th>p50 ms</th><th>p90 ms</th>"
         "<th>p99 ms</th><th>max ms</th></tr></thead>\n<tbody>\n";
  for (const ActionStats& a : r.actions) write_overview_row(out, a, r.duration_s);
  const ActionStats all = all_actions(r);
  if (r.actions.size() > 1) write_overview_row(out, all, r.duration_s);
  out << "</tbody>\n</table>\n";
  for (const ActionStats& a : r.actions) write_action(out, a, r.duration_s);
  out << "</section>\n";
}

// Per-second counts over every second from the first interval to the last; a second without an
// interval had no events.
std::vector<std::pair<double, double>> per_second_series(
    const LoadResult& r, std::uint64_t (*field)(const IntervalStats&)) {
  std::vector<std::pair<double, double>> out;
  if (r.intervals.empty()) return out;
  std::size_t next = 0;
  for (std::uint32_t s = r.intervals.front().second; s <= r.intervals.back().second; ++s) {
    double value = 0;
    while (next < r.intervals.size() && r.intervals[next].second < s) ++next;
    if (next < r.intervals.size() && r.intervals[next].second == s)
      value = static_cast<double>(field(r.intervals[next]));
    out.emplace_back(s, value);
  }
  return out;
}

Chart time_chart(std::string id, std::string title, std::string y_label) {
  Chart c;
  c.id = std::move(id);
  c.title = std::move(title);
  c.x_label = "seconds since the end of warm-up";
  c.y_label = std::move(y_label);
  return c;
}

std::string throughput_chart(const LoadResult& r) {
  Chart c = time_chart("chart-throughput", "Throughput per second", "requests/s");
  c.right_label = "records/s";
  c.series.push_back({"requests/s", color(0),
                      per_second_series(r, [](const IntervalStats& i) { return i.requests; })});
  c.series.push_back({"records/s", color(1),
                      per_second_series(r, [](const IntervalStats& i) { return i.records; }),
                      true});
  return svg_line_chart(c);
}

std::string errors_chart(const LoadResult& r) {
  Chart c = time_chart("chart-errors", "Errors and dropped arrivals per second", "per second");
  c.series.push_back({"errors/s", color(2),
                      per_second_series(r, [](const IntervalStats& i) { return i.errors; })});
  c.series.push_back({"dropped/s", color(4),
                      per_second_series(r, [](const IntervalStats& i) { return i.dropped; })});
  return svg_line_chart(c);
}

std::string latency_chart(const LoadResult& r) {
  Chart c = time_chart("chart-latency", "Latency percentiles per second", "latency ms");
  const std::array<double, 3> percentiles = {50, 90, 99};
  const std::array<std::string_view, 3> names = {"p50", "p90", "p99"};
  for (std::size_t k = 0; k < percentiles.size(); ++k) {
    ChartSeries s{std::string(names[k]), color(k == 0 ? 1 : k == 1 ? 0 : 2), {}};
    for (const IntervalStats& i : r.intervals) {
      if (i.latency.count() > 0)
        s.points.emplace_back(i.second, to_ms(i.latency.percentile(percentiles[k])));
    }
    c.series.push_back(std::move(s));
  }
  return svg_line_chart(c);
}

// HdrHistogram's percentile plot: x = log10(1 / (1 - q)), so 90 %, 99 %, 99.9 % are evenly
// spaced, up to the resolution the sample count supports.
std::string distribution_chart(const LoadResult& r) {
  Chart c;
  c.id = "chart-distribution";
  c.title = "Latency by percentile";
  c.x_label = "percentile (log scale)";
  c.y_label = "latency ms";
  const ActionStats all = all_actions(r);
  const double x_max = std::clamp(
      std::ceil(std::log10(std::max<double>(1, static_cast<double>(all.latency.count())))), 1.0,
      5.0);
  const std::array<std::string_view, 6> labels = {"0%", "90%", "99%", "99.9%", "99.99%", "99.999%"};
  for (int t = 0; t <= static_cast<int>(x_max); ++t)
    c.x_ticks.push_back({static_cast<double>(t), std::string(labels[static_cast<std::size_t>(t)])});
  std::vector<const ActionStats*> shown;
  for (const ActionStats& a : r.actions) shown.push_back(&a);
  if (r.actions.size() > 1) shown.push_back(&all);
  for (std::size_t k = 0; k < shown.size(); ++k) {
    const Histogram& h = shown[k]->latency;
    ChartSeries s{shown[k]->action, color(k), {}};
    if (h.count() > 0) {
      for (int step = 0; step <= static_cast<int>(x_max * 25); ++step) {
        const double x = step / 25.0;
        const double q = 100.0 * (1.0 - std::pow(10.0, -x));
        s.points.emplace_back(x, to_ms(h.percentile(q)));
      }
      s.points.back().second = to_ms(h.max());
    }
    c.series.push_back(std::move(s));
  }
  return svg_line_chart(c);
}

void write_charts(std::ostream& out, const LoadResult& r) {
  out << "<section id=\"charts\">\n<h2>Over time</h2>\n"
      << "<figure><figcaption>Throughput: requests and records per second</figcaption>\n"
      << throughput_chart(r) << "\n</figure>\n"
      << "<figure><figcaption>Errors and dropped arrivals per second</figcaption>\n"
      << errors_chart(r) << "\n</figure>\n"
      << "<figure><figcaption>Latency p50, p90, p99 per second (ms, from the intended start)"
         "</figcaption>\n"
      << latency_chart(r) << "\n</figure>\n<h2>Latency distribution</h2>\n"
      << "<figure><figcaption>Latency by percentile, per action (ms)</figcaption>\n"
      << distribution_chart(r) << "\n</figure>\n</section>\n";
}

}  // namespace

std::string write_load_html(const LoadResult& r) {
  const bool passed = !thresholds_failed(r) && r.correctness.passed();
  std::ostringstream out;
  out << "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
      << "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
      << "<meta name=\"generator\" content=\"" << escape_attribute(r.generator) << "\">\n"
      << "<title>" << (passed ? "PASS" : "FAIL") << " · syncsuite load report · "
      << escape_markup(r.profile) << "</title>\n<style>" << kLoadHtmlStyle
      << "</style>\n</head>\n<body>\n";
  write_header(out, r, passed);
  out << "<main>\n";
  write_thresholds(out, r);
  write_correctness(out, r.correctness);
  write_actions(out, r);
  write_charts(out, r);
  out << "</main>\n<footer>" << escape_markup(r.generator) << " · load results schema "
      << LoadResult::kSchemaVersion << "</footer>\n</body>\n</html>\n";
  return out.str();
}

}  // namespace syncsuite::reports

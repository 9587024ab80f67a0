#include "reports/load_compare.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>

#include "reports/load_metrics.hpp"
#include "reports/text/number_text.hpp"

namespace syncsuite::reports {
namespace {

struct Figures {
  double p50, p90, p99, max, requests_per_s, records_per_s, error_rate;
};

Figures figures(const ActionStats& s, double duration_s) {
  return {to_ms(s.latency.percentile(50)),
          to_ms(s.latency.percentile(90)),
          to_ms(s.latency.percentile(99)),
          to_ms(s.latency.max()),
          per_second(s.requests, duration_s),
          per_second(s.records, duration_s),
          error_rate(s)};
}

double change_pct(double a, double b) {
  if (a == b) return 0;
  if (a == 0)
    return b > 0 ? std::numeric_limits<double>::infinity()
                 : -std::numeric_limits<double>::infinity();
  return (b - a) / std::abs(a) * 100.0;
}

CompareRow row(std::string metric, const std::string& action, double a, double b,
               bool higher_is_worse, std::optional<double> limit) {
  CompareRow r{std::move(metric), action, a, b, change_pct(a, b), false, false};
  r.worse = higher_is_worse ? b > a : b < a;
  r.regression = limit.has_value() && r.worse && std::abs(r.change_pct) > *limit;
  return r;
}

void add_rows(std::vector<CompareRow>& out, const std::string& action, const Figures& a,
              const Figures& b, std::optional<double> limit) {
  out.push_back(row("p50_ms", action, a.p50, b.p50, true, limit));
  out.push_back(row("p90_ms", action, a.p90, b.p90, true, limit));
  out.push_back(row("p99_ms", action, a.p99, b.p99, true, limit));
  out.push_back(row("max_ms", action, a.max, b.max, true, limit));
  out.push_back(row("requests_per_s", action, a.requests_per_s, b.requests_per_s, false, limit));
  out.push_back(row("records_per_s", action, a.records_per_s, b.records_per_s, false, limit));
  out.push_back(row("error_rate", action, a.error_rate, b.error_rate, true, limit));
}

std::string value_text(const CompareRow& r, double v) {
  if (r.metric == "error_rate") return text::compact(v * 100, 3) + "%";
  return text::fixed(v, r.metric.ends_with("_ms") ? 3 : 1);
}

std::string change_text(double pct) {
  if (std::isinf(pct)) return pct > 0 ? "+inf%" : "-inf%";
  return (pct > 0 ? "+" : "") + text::fixed(pct, 1) + "%";
}

}  // namespace

std::vector<CompareRow> compare_load(const LoadResult& a, const LoadResult& b,
                                     std::optional<double> fail_on_regression_pct) {
  std::vector<CompareRow> out;
  add_rows(out, "all", figures(all_actions(a), a.duration_s), figures(all_actions(b), b.duration_s),
           fail_on_regression_pct);
  for (const ActionStats& action : a.actions) {
    const ActionStats* other = find_action(b, action.action);
    if (other == nullptr) continue;
    add_rows(out, action.action, figures(action, a.duration_s), figures(*other, b.duration_s),
             fail_on_regression_pct);
  }
  return out;
}

void write_compare(std::ostream& out, const std::vector<CompareRow>& rows) {
  std::vector<std::array<std::string, 6>> cells;
  cells.push_back({"action", "metric", "A", "B", "change", ""});
  std::size_t regressions = 0;
  for (const CompareRow& r : rows) {
    std::string verdict = r.change_pct == 0 ? "" : r.worse ? "worse" : "better";
    if (r.regression) {
      verdict += " REGRESSION";
      ++regressions;
    }
    cells.push_back({r.action, r.metric, value_text(r, r.a), value_text(r, r.b),
                     change_text(r.change_pct), verdict});
  }
  std::array<std::size_t, 6> width{};
  for (const auto& line : cells) {
    for (std::size_t i = 0; i < line.size(); ++i) width[i] = std::max(width[i], line[i].size());
  }
  for (const auto& line : cells) {
    std::string text;
    for (std::size_t i = 0; i < line.size(); ++i) {
      const std::size_t pad = width[i] - line[i].size();
      const bool right = i >= 2 && i <= 4;  // numbers align right
      if (i > 0) text += "  ";
      text += right ? std::string(pad, ' ') + line[i] : line[i] + std::string(pad, ' ');
    }
    while (!text.empty() && text.back() == ' ') text.pop_back();
    out << text << '\n';
  }
  if (regressions > 0)
    out << regressions << (regressions == 1 ? " regression" : " regressions") << '\n';
}

}  // namespace syncsuite::reports

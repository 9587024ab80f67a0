#include "reports/load_summary.hpp"

#include <algorithm>
#include <string>

#include "reports/load_metrics.hpp"
#include "reports/text/number_text.hpp"

namespace syncsuite::reports {
namespace {

constexpr std::size_t kProblemsShown = 10;  // the JSON keeps up to kMaxProblems
constexpr std::size_t kLabelWidth = 16;

// "  requests......: " with dots to a fixed width, as k6 does.
std::string label(std::string_view name) {
  std::string out = "    " + std::string(name);
  out += std::string(kLabelWidth > name.size() ? kLabelWidth - name.size() : 1, '.');
  return out + ": ";
}

std::string ms(std::uint64_t us) { return text::fixed(to_ms(us), 2) + "ms"; }

std::string bytes_text(std::uint64_t bytes) {
  const double mib = static_cast<double>(bytes) / (1024.0 * 1024.0);
  return text::fixed(mib, 1) + " MiB";
}

void write_header(std::ostream& out, const LoadResult& r) {
  out << "\n  syncsuite load · " << r.profile << " · " << r.target << "\n"
      << "  model " << r.model << " · " << r.devices << " devices · " << r.accounts
      << " accounts · seed " << r.seed;
  if (r.shard_count > 1) out << " · shard " << r.shard_index + 1 << "/" << r.shard_count;
  out << "\n  started " << r.started_at << " · warm-up " << text::compact(r.warmup_s, 1)
      << " s (not recorded) · measured " << text::compact(r.duration_s, 1) << " s\n";
}

void write_thresholds(std::ostream& out, const LoadResult& r) {
  if (r.thresholds.empty() && r.threshold_results.empty()) return;
  out << "\n  THRESHOLDS\n";
  if (r.threshold_results.empty()) {
    for (const std::string& t : r.thresholds) out << "    ? " << t << "  (not judged)\n";
    return;
  }
  std::size_t width = 0;
  for (const ThresholdResult& t : r.threshold_results) width = std::max(width, t.expression.size());
  for (const ThresholdResult& t : r.threshold_results) {
    out << "    " << (t.passed ? "✓ " : "✗ ") << t.expression
        << std::string(width - t.expression.size() + 2, ' ') << t.message << "\n";
  }
}

void write_action(std::ostream& out, const ActionStats& a, double duration_s) {
  out << "\n  " << a.action << "\n";
  out << label("requests") << a.requests << "  "
      << text::fixed(per_second(a.requests, duration_s), 1) << "/s\n";
  out << label("records") << a.records << "  " << text::fixed(per_second(a.records, duration_s), 1)
      << "/s\n";
  const std::uint64_t errors = error_count(a);
  out << label("errors") << errors << "  " << text::fixed(error_rate(a) * 100, 2) << "%";
  for (const auto& [kind, n] : a.errors) out << "  " << kind << "=" << n;
  out << "\n";
  if (a.dropped > 0) out << label("dropped") << a.dropped << "  (arrivals never started)\n";
  const Histogram& h = a.latency;
  out << label("latency");
  if (h.count() == 0) {
    out << "no requests finished\n";
    return;
  }
  out << "avg=" << text::fixed(h.mean() / 1000.0, 2) << "ms min=" << ms(h.min())
      << " p50=" << ms(h.percentile(50)) << " p90=" << ms(h.percentile(90))
      << " p99=" << ms(h.percentile(99)) << " p99.9=" << ms(h.percentile(99.9))
      << " max=" << ms(h.max()) << "\n";
}

void write_correctness(std::ostream& out, const CorrectnessResult& c) {
  out << "\n  CORRECTNESS " << (c.passed() ? "✓" : "✗") << " " << c.records_checked
      << " records checked · " << c.acknowledged_writes << " acknowledged writes · "
      << c.unknown_outcome << " outcome unknown · " << c.lost << " lost · " << c.corrupted
      << " corrupted · " << c.disagreements << " disagreements\n";
  const std::size_t shown = std::min(c.problems.size(), kProblemsShown);
  for (std::size_t i = 0; i < shown; ++i) out << "    " << c.problems[i] << "\n";
  const std::uint64_t all = c.lost + c.corrupted + c.disagreements;
  if (all > shown) out << "    … " << all - shown << " more (the JSON lists up to 100)\n";
}

}  // namespace

void write_load_summary(std::ostream& out, const LoadResult& r) {
  write_header(out, r);
  write_thresholds(out, r);
  for (const ActionStats& a : r.actions) write_action(out, a, r.duration_s);
  if (r.actions.size() > 1) write_action(out, all_actions(r), r.duration_s);
  write_correctness(out, r.correctness);
  out << "\n  RESOURCES peak RSS " << bytes_text(r.peak_rss_bytes) << " · CPU "
      << text::fixed(r.cpu_seconds, 1) << " s\n";
}

}  // namespace syncsuite::reports

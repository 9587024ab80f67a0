#include "reports/html_writer.hpp"

#include <array>
#include <string>
#include <vector>

#include "reports/html_assets.hpp"
#include "reports/summary.hpp"
#include "reports/text/exchange_text.hpp"
#include "reports/text/join.hpp"
#include "reports/text/markup_escape.hpp"
#include "reports/text/number_text.hpp"

namespace syncsuite::reports {
namespace {

using text::escape_attribute;
using text::escape_markup;

// Column order of every count table (the order of enum Outcome).
constexpr std::array<Outcome, 6> kOutcomes = {Outcome::pass,  Outcome::fail,    Outcome::warn,
                                              Outcome::error, Outcome::skipped, Outcome::known};

std::string upper(std::string_view word) {
  std::string out(word);
  for (char& c : out) {
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  }
  return out;
}

std::string badge(std::string_view label, std::string_view extra_class = "") {
  std::string out = "<span class=\"badge v-" + std::string(label);
  if (!extra_class.empty()) out += " " + std::string(extra_class);
  return out + "\">" + upper(label) + "</span>";
}

std::string duration(double ms) {
  return ms >= 1000 ? text::fixed(ms / 1000, 2) + " s" : text::fixed(ms, 1) + " ms";
}

// What a row of counts reads as: the first outcome present in the order fail, error, warn, known,
// skipped, pass.
Outcome headline(const Counts& counts) {
  for (Outcome o :
       {Outcome::fail, Outcome::error, Outcome::warn, Outcome::known, Outcome::skipped}) {
    if (counts.of(o) > 0) return o;
  }
  return Outcome::pass;
}

void write_count_cells(std::ostream& out, const Counts& counts) {
  out << "<td data-count=\"total\">" << counts.total() << "</td>";
  for (Outcome o : kOutcomes) {
    out << "<td data-count=\"" << to_string(o) << "\""
        << (counts.of(o) == 0 ? " class=\"zero\"" : "") << ">" << counts.of(o) << "</td>";
  }
}

// `leading` holds the headers of the columns before the counts.
void write_count_header(std::ostream& out, std::string_view leading) {
  out << "<thead><tr>" << leading << "<th>total</th>";
  for (Outcome o : kOutcomes) out << "<th>" << to_string(o) << "</th>";
  out << "</tr></thead>\n";
}

void write_header(std::ostream& out, const RunResult& run, const Summary& summary) {
  const std::string verdict(to_string(summary.worst));
  out << "<header id=\"summary\" data-verdict=\"" << verdict << "\" data-schema-version=\""
      << RunResult::kSchemaVersion << "\">\n";
  out << "<div class=\"title\"><span id=\"overall-verdict\">" << badge(verdict, "big")
      << "</span><h1>syncsuite conformance report</h1></div>\n";
  out << "<dl class=\"meta\">\n";
  out << "<dt>Target</dt><dd id=\"target\">" << escape_markup(run.target) << "</dd>\n";
  out << "<dt>Started</dt><dd id=\"started-at\">" << escape_markup(run.started_at) << "</dd>\n";
  out << "<dt>Duration</dt><dd id=\"duration\">" << duration(run.duration_ms) << "</dd>\n";
  out << "<dt>Seed</dt><dd id=\"seed\">" << run.seed << "</dd>\n";
  out << "<dt>Generator</dt><dd id=\"generator\">" << escape_markup(run.generator) << "</dd>\n";
  out << "</dl>\n";
  out << "<table class=\"counts\" id=\"counts\">\n";
  write_count_header(out, "<th></th>");
  out << "<tbody>\n<tr id=\"counts-scenarios\"><th>scenarios</th>";
  write_count_cells(out, summary.scenarios);
  out << "</tr>\n<tr id=\"counts-checks\"><th>checks</th>";
  write_count_cells(out, summary.checks);
  out << "</tr>\n</tbody>\n</table>\n</header>\n";
}

void write_sections(std::ostream& out, const Summary& summary) {
  out << "<section id=\"sections\">\n<h2>Contract sections</h2>\n<table>\n";
  write_count_header(out, "<th>section</th><th>outcome</th>");
  out << "<tbody>\n";
  for (const auto& [section, counts] : summary.sections) {
    const std::string_view label = to_string(headline(counts));
    const std::string name = section.empty() ? "(none)" : section;
    out << "<tr data-section=\"" << escape_attribute(section) << "\" data-outcome=\"" << label
        << "\"><td>" << escape_markup(name) << "</td><td>" << badge(label) << "</td>";
    write_count_cells(out, counts);
    out << "</tr>\n";
  }
  out << "</tbody>\n</table>\n</section>\n";
}

void write_baseline_fixed(std::ostream& out, const RunResult& run) {
  if (run.baseline_fixed.empty()) return;
  out << "<section id=\"baseline-fixed\">\n<h2>Baseline entries that now pass</h2>\n"
      << "<p>These checks are listed as known failures but passed: drop them from the "
         "baseline.</p>\n<ul>\n";
  for (const std::string& id : run.baseline_fixed)
    out << "<li><code>" << escape_markup(id) << "</code></li>\n";
  out << "</ul>\n</section>\n";
}

void write_filter(std::ostream& out, const Summary& summary) {
  out << "<div id=\"filter\" class=\"filter\">show:\n";
  for (Outcome o : kOutcomes) {
    out << "<label><input type=\"checkbox\" data-filter=\"" << to_string(o) << "\" checked> "
        << to_string(o) << " (" << summary.scenarios.of(o) << ")</label>\n";
  }
  out << "<button type=\"button\" id=\"show-problems\">failures only</button>\n"
      << "<button type=\"button\" id=\"show-all\">all</button>\n"
      << "<span id=\"shown-count\"></span>\n</div>\n";
}

void write_exchange(std::ostream& out, const Exchange& exchange, bool open, std::size_t limit) {
  out << "<details class=\"exchange\"" << (open ? " open" : "") << "><summary>"
      << escape_markup(text::exchange_heading(exchange)) << "</summary>\n"
      << "<div class=\"wire\"><div><h4>request</h4><pre class=\"request\">"
      << escape_markup(text::request_text(exchange, limit))
      << "</pre></div><div><h4>response</h4><pre class=\"response\">"
      << escape_markup(text::response_text(exchange, limit)) << "</pre></div></div>\n";
  if (!exchange.curl.empty()) {
    out << "<pre class=\"curl\">$ " << escape_markup(exchange.curl) << "</pre>\n";
  }
  out << "</details>\n";
}

bool is_problem(Outcome o) {
  return o == Outcome::fail || o == Outcome::error || o == Outcome::warn;
}

void write_check(std::ostream& out, const CheckResult& check, const std::string& element_id,
                 std::size_t limit) {
  const Outcome result = outcome(check);
  const std::string_view outcome_name = to_string(result);
  out << "<li class=\"check\" id=\"" << element_id << "\" data-check-id=\""
      << escape_attribute(check.id) << "\" data-verdict=\"" << to_string(check.verdict)
      << "\" data-outcome=\"" << outcome_name << "\">\n<details"
      << (is_problem(result) ? " open" : "") << "><summary>" << badge(outcome_name)
      << " <code class=\"check-id\">" << escape_markup(check.id) << "</code>";
  if (!check.scenario_step.empty())
    out << " <span class=\"step\">" << escape_markup(check.scenario_step) << "</span>";
  out << "</summary>\n";
  if (!check.contract_text.empty()) {
    out << "<blockquote class=\"contract\"><span class=\"section-ref\">§"
        << escape_markup(check.section) << "</span> " << escape_markup(check.contract_text)
        << "</blockquote>\n";
  }
  if (!check.expected.empty() || !check.actual.empty()) {
    out << "<div class=\"compare\"><div><h4>expected</h4><pre class=\"expected\">"
        << escape_markup(text::cut(check.expected, limit))
        << "</pre></div><div><h4>actual</h4><pre class=\"actual\">"
        << escape_markup(text::cut(check.actual, limit)) << "</pre></div></div>\n";
  }
  if (!check.message.empty())
    out << "<p class=\"message\">" << escape_markup(check.message) << "</p>\n";
  if (!check.exchanges.empty()) {
    out << "<div class=\"exchanges\"><h4>evidence</h4>\n";
    for (const Exchange& exchange : check.exchanges)
      write_exchange(out, exchange, is_problem(result), limit);
    out << "</div>\n";
  }
  out << "</details>\n</li>\n";
}

void write_scenario(std::ostream& out, const ScenarioResult& scenario, std::size_t index,
                    std::size_t limit) {
  const Outcome result = outcome(scenario);
  const std::string_view outcome_name = to_string(result);
  const std::string id = "scenario-" + std::to_string(index);
  out << "<details class=\"scenario\" id=\"" << id << "\" data-verdict=\""
      << to_string(scenario.verdict) << "\" data-outcome=\"" << outcome_name << "\""
      << (is_problem(result) ? " open" : "") << ">\n<summary>" << badge(outcome_name)
      << " <span class=\"name\">" << escape_markup(scenario.name) << "</span> <span class=\"file\">"
      << escape_markup(scenario.file) << "</span> <span class=\"time\">"
      << duration(scenario.duration_ms) << "</span></summary>\n<div class=\"body\">\n";
  if (!scenario.description.empty()) {
    out << "<p class=\"description\">" << escape_markup(scenario.description) << "</p>\n";
  }
  out << "<p class=\"tags\">sections: " << escape_markup(text::join(scenario.sections, ", "))
      << (scenario.tags.empty() ? "" : " · tags: " + escape_markup(text::join(scenario.tags, ", ")))
      << "</p>\n";
  if (!scenario.error.empty()) {
    out << "<div class=\"scenario-error\">" << escape_markup(scenario.error) << "</div>\n";
  }
  out << "<ol class=\"checks\">\n";
  for (std::size_t i = 0; i < scenario.checks.size(); ++i) {
    write_check(out, scenario.checks[i],
                "check-" + std::to_string(index) + "-" + std::to_string(i + 1), limit);
  }
  out << "</ol>\n";
  if (!scenario.wirelog.empty()) {
    out << "<details class=\"wirelog\"><summary>wire log: " << scenario.wirelog.size()
        << (scenario.wirelog.size() == 1 ? " exchange" : " exchanges") << "</summary>\n";
    for (const Exchange& exchange : scenario.wirelog) write_exchange(out, exchange, false, limit);
    out << "</details>\n";
  }
  out << "</div>\n</details>\n";
}

}  // namespace

void write_html(const RunResult& run, std::ostream& out, const WriteOptions& options) {
  const Summary summary = summarize(run);
  out << "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
      << "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
      << "<meta name=\"generator\" content=\"" << escape_attribute(run.generator) << "\">\n"
      << "<title>" << upper(to_string(summary.worst)) << " · syncsuite report · "
      << escape_markup(run.target) << "</title>\n<style>" << kHtmlStyle
      << "</style>\n</head>\n<body>\n";
  write_header(out, run, summary);
  out << "<main>\n";
  write_sections(out, summary);
  write_baseline_fixed(out, run);
  out << "<section id=\"scenarios\">\n<h2>Scenarios</h2>\n";
  write_filter(out, summary);
  for (std::size_t i = 0; i < run.scenarios.size(); ++i) {
    write_scenario(out, run.scenarios[i], i + 1, options.body_limit);
  }
  out << "</section>\n</main>\n<footer>" << escape_markup(run.generator) << " · report schema "
      << RunResult::kSchemaVersion << "</footer>\n<script>" << kHtmlScript
      << "</script>\n</body>\n</html>\n";
}

}  // namespace syncsuite::reports

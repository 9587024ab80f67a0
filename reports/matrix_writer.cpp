#include "reports/matrix_writer.hpp"

#include <algorithm>
#include <iomanip>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "reports/html_assets.hpp"
#include "reports/json_writer.hpp"
#include "reports/junit_writer.hpp"
#include "reports/text/markup_escape.hpp"
#include "reports/text/number_text.hpp"

namespace syncsuite::reports {
namespace {

using text::escape_attribute;
using text::escape_markup;

// Gating order of a cell's outcome, worst last.
int rank(Outcome o) {
  switch (o) {
    case Outcome::pass:
    case Outcome::skipped:
    case Outcome::known: return 0;
    case Outcome::warn: return 1;
    case Outcome::error: return 2;
    case Outcome::fail: return 3;
  }
  return 3;
}

// "12 of 12 scenarios", "3 failed of 12", or the reason the cell did not run.
std::string cell_text(const MatrixCell& cell) {
  if (!cell.error.empty()) return "not run: " + cell.error;
  const Counts& c = summarize(cell.run).scenarios;
  const std::size_t bad = c.fail + c.error;
  if (bad > 0) {
    return std::to_string(bad) + " of " + std::to_string(c.total()) + " scenarios failed";
  }
  std::string text = std::to_string(c.pass + c.warn + c.known) + " of " + std::to_string(c.total()) + " passed";
  if (c.warn > 0) text += ", " + std::to_string(c.warn) + " warned";
  if (c.skipped > 0) text += ", " + std::to_string(c.skipped) + " skipped";
  return text;
}

std::string upper(std::string_view word) {
  std::string out(word);
  std::transform(out.begin(), out.end(), out.begin(), [](unsigned char ch) { return static_cast<char>(std::toupper(ch)); });
  return out;
}

const MatrixCell* find_cell(const MatrixResult& m, std::size_t client, std::size_t server) {
  for (const auto& cell : m.cells) {
    if (cell.client == client && cell.server == server) return &cell;
  }
  return nullptr;
}

}  // namespace

Outcome cell_outcome(const MatrixCell& cell) {
  if (!cell.error.empty()) return Outcome::error;
  switch (summarize(cell.run).worst) {
    case Verdict::fail: return Outcome::fail;
    case Verdict::error: return Outcome::error;
    case Verdict::warn: return Outcome::warn;
    case Verdict::pass:
    case Verdict::skipped: return Outcome::pass;
  }
  return Outcome::error;
}

Outcome matrix_outcome(const MatrixResult& matrix) {
  Outcome worst = Outcome::pass;
  for (const auto& cell : matrix.cells) {
    const Outcome o = cell_outcome(cell);
    if (rank(o) > rank(worst)) worst = o;
  }
  return worst;
}

void write_matrix_text(const MatrixResult& m, std::ostream& out) {
  // Every cell's text first, so that each column is as wide as its widest cell.
  std::vector<std::vector<std::string>> texts(m.clients.size(), std::vector<std::string>(m.servers.size(), "-"));
  std::vector<std::size_t> widths(m.servers.size());
  for (std::size_t s = 0; s < m.servers.size(); ++s) widths[s] = 2 + std::to_string(s + 1).size();
  for (const auto& cell : m.cells) {
    auto& t = texts.at(cell.client).at(cell.server);
    t = upper(to_string(cell_outcome(cell))) + " " + cell_text(cell);
    widths[cell.server] = std::max(widths[cell.server], t.size());
  }
  std::size_t client_width = 6;
  for (const auto& c : m.clients) client_width = std::max(client_width, c.size());
  out << "Interop matrix (rows: clients, columns: servers)\n";
  for (std::size_t s = 0; s < m.servers.size(); ++s) out << "  [" << s + 1 << "] " << m.servers[s] << "\n";
  out << std::left << std::setw(static_cast<int>(client_width)) << "client";
  for (std::size_t s = 0; s < m.servers.size(); ++s) {
    out << "  " << std::setw(static_cast<int>(widths[s])) << ("[" + std::to_string(s + 1) + "]");
  }
  out << "\n";
  for (std::size_t c = 0; c < m.clients.size(); ++c) {
    out << std::setw(static_cast<int>(client_width)) << m.clients[c];
    for (std::size_t s = 0; s < m.servers.size(); ++s) out << "  " << std::setw(static_cast<int>(widths[s])) << texts[c][s];
    out << "\n";
  }
  out << std::right;
  out << "matrix: " << upper(to_string(matrix_outcome(m))) << " (" << m.cells.size() << " pairings, "
      << text::fixed(m.duration_ms / 1000.0, 1) << " s)\n";
}

void write_matrix_html(const MatrixResult& m, std::ostream& out) {
  const Outcome overall = matrix_outcome(m);
  out << "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n"
      << "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
      << "<title>syncsuite interop matrix: " << escape_markup(std::string(to_string(overall))) << "</title>\n"
      << "<style>" << kHtmlStyle
      << "\ntable#matrix td.cell { vertical-align: top; min-width: 14em; }\n"
      << "table#matrix td.cell small { display: block; color: var(--muted); }\n</style>\n"
      << "</head><body><main>\n"
      << "<h1>Interop matrix <span class=\"badge v-" << to_string(overall) << "\">"
      << upper(to_string(overall)) << "</span></h1>\n"
      << "<p>Every client (row) against every server (column), the interop scenarios in each pairing. "
      << "Started " << escape_markup(m.started_at) << ", seed " << m.seed << ", "
      << text::fixed(m.duration_ms / 1000.0, 1) << " s. " << escape_markup(m.generator) << ".</p>\n"
      << "<table id=\"matrix\"><thead><tr><th>client \\ server</th>";
  for (std::size_t s = 0; s < m.servers.size(); ++s) {
    out << "<th class=\"server\" data-column=\"" << s << "\">" << escape_markup(m.servers[s]) << "</th>";
  }
  out << "</tr></thead><tbody>\n";
  for (std::size_t c = 0; c < m.clients.size(); ++c) {
    out << "<tr><th class=\"client\" data-row=\"" << c << "\">" << escape_markup(m.clients[c]) << "</th>";
    for (std::size_t s = 0; s < m.servers.size(); ++s) {
      const MatrixCell* cell = find_cell(m, c, s);
      if (!cell) {
        out << "<td class=\"cell\" data-row=\"" << c << "\" data-column=\"" << s << "\">-</td>";
        continue;
      }
      const Outcome o = cell_outcome(*cell);
      out << "<td class=\"cell\" data-row=\"" << c << "\" data-column=\"" << s << "\" data-outcome=\""
          << to_string(o) << "\"><span class=\"badge v-" << to_string(o) << "\">" << upper(to_string(o))
          << "</span> " << escape_markup(cell_text(*cell));
      if (!cell->report.empty()) {
        out << "<small><a class=\"cell-report\" href=\"" << escape_attribute(cell->report)
            << "\">report</a></small>";
      }
      out << "</td>";
    }
    out << "</tr>\n";
  }
  out << "</tbody></table>\n</main></body></html>\n";
}

void write_matrix_json(const MatrixResult& m, std::ostream& out) {
  nlohmann::ordered_json doc;
  doc["schema_version"] = MatrixResult::kSchemaVersion;
  doc["generator"] = m.generator;
  doc["started_at"] = m.started_at;
  doc["duration_ms"] = m.duration_ms;
  doc["seed"] = m.seed;
  doc["verdict"] = std::string(to_string(matrix_outcome(m)));
  doc["clients"] = m.clients;
  doc["servers"] = m.servers;
  doc["cells"] = nlohmann::ordered_json::array();
  for (const auto& cell : m.cells) {
    nlohmann::ordered_json j;
    j["client"] = m.clients.at(cell.client);
    j["server"] = m.servers.at(cell.server);
    j["outcome"] = std::string(to_string(cell_outcome(cell)));
    j["error"] = cell.error;
    j["report"] = cell.report;
    if (cell.error.empty()) {
      std::ostringstream run;
      write_json(cell.run, run);
      j["run"] = nlohmann::ordered_json::parse(run.str());
    }
    doc["cells"].push_back(std::move(j));
  }
  out << doc.dump(2) << "\n";
}

void write_matrix_junit(const MatrixResult& m, std::ostream& out) {
  RunResult all;
  all.generator = m.generator;
  all.target = "interop matrix";
  all.started_at = m.started_at;
  all.duration_ms = m.duration_ms;
  all.seed = m.seed;
  for (const auto& cell : m.cells) {
    const std::string pairing = "[" + m.clients.at(cell.client) + " × " + m.servers.at(cell.server) + "] ";
    if (!cell.error.empty()) {
      ScenarioResult failed;
      failed.name = pairing + "pairing";
      failed.file = "interop";
      failed.verdict = Verdict::error;
      failed.error = cell.error;
      all.scenarios.push_back(std::move(failed));
      continue;
    }
    for (ScenarioResult scenario : cell.run.scenarios) {
      scenario.name = pairing + scenario.name;
      all.scenarios.push_back(std::move(scenario));
    }
  }
  write_junit(all, out);
}

}  // namespace syncsuite::reports

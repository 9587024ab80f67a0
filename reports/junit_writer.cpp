#include "reports/junit_writer.hpp"

#include <algorithm>
#include <initializer_list>
#include <string>
#include <vector>

#include "reports/summary.hpp"
#include "reports/text/exchange_text.hpp"
#include "reports/text/join.hpp"
#include "reports/text/markup_escape.hpp"
#include "reports/text/number_text.hpp"

namespace syncsuite::reports {
namespace {

using text::escape_attribute;
using text::escape_markup;

constexpr std::size_t kAttributeLimit = 1024;  // bytes of a message shown in an attribute

std::string seconds(double ms) { return text::fixed(ms / 1000.0, 3); }

// "4.2,7/conformance/04-push/lww" from sections {"4.2","7"} and file
// "conformance/04-push/lww.yaml".
std::string classname(const ScenarioResult& scenario) {
  std::string file = scenario.file;
  const std::size_t slash = file.rfind('/');
  const std::size_t dot = file.rfind('.');
  if (dot != std::string::npos && (slash == std::string::npos || dot > slash + 1)) file.resize(dot);
  const std::string sections = text::join(scenario.sections, ",");
  if (sections.empty()) return file.empty() ? "syncsuite" : file;
  return file.empty() ? sections : sections + "/" + file;
}

std::string check_text(const CheckResult& check, std::size_t limit) {
  std::string out = "[" + std::string(to_string(check.verdict));
  if (outcome(check) == Outcome::known) out += ", known failure (baseline)";
  out += "] " + check.id;
  if (!check.scenario_step.empty()) out += " (" + check.scenario_step + ")";
  out += '\n';
  if (!check.contract_text.empty())
    out += "contract " + check.section + ": " + check.contract_text + "\n";
  if (!check.expected.empty()) out += "expected: " + text::cut(check.expected, limit) + "\n";
  if (!check.actual.empty()) out += "actual:   " + text::cut(check.actual, limit) + "\n";
  if (!check.message.empty()) out += "message:  " + check.message + "\n";
  for (std::size_t i = 0; i < check.exchanges.size(); ++i) {
    out += "\nevidence " + std::to_string(i + 1) + " of " + std::to_string(check.exchanges.size()) +
           ": " + text::exchange_text(check.exchanges[i], limit);
  }
  return out;
}

// Text of every check with one of `wanted` outcomes, blank-line separated.
std::string checks_text(const ScenarioResult& scenario, std::initializer_list<Outcome> wanted,
                        std::size_t limit) {
  std::string out;
  for (const CheckResult& check : scenario.checks) {
    if (std::find(wanted.begin(), wanted.end(), outcome(check)) == wanted.end()) continue;
    if (!out.empty()) out += '\n';
    out += check_text(check, limit);
  }
  return out;
}

// The first check with outcome `wanted`, for the one-line message attribute.
const CheckResult* first_check(const ScenarioResult& scenario, Outcome wanted) {
  for (const CheckResult& check : scenario.checks) {
    if (outcome(check) == wanted) return &check;
  }
  return nullptr;
}

std::string problem_message(const ScenarioResult& scenario, const CheckResult* check) {
  std::string message;
  if (check != nullptr) {
    message = check->id + ": " + (check->message.empty() ? check->actual : check->message);
  } else {
    message = scenario.error.empty() ? std::string(to_string(scenario.verdict)) : scenario.error;
  }
  return text::cut(message, kAttributeLimit);
}

// <failure> or <error>: the message names the first such check; the text holds all problems.
void write_problem(std::ostream& out, std::string_view element, const ScenarioResult& scenario,
                   Outcome kind, std::size_t limit) {
  const CheckResult* first = first_check(scenario, kind);
  std::string body;
  if (!scenario.error.empty()) body = "scenario error: " + scenario.error + "\n";
  const std::string checks = checks_text(scenario, {Outcome::fail, Outcome::error}, limit);
  if (!checks.empty()) body += (body.empty() ? "" : "\n") + checks;
  const std::string known = checks_text(scenario, {Outcome::known}, limit);
  if (!known.empty()) body += "\n" + known;
  out << "      <" << element << " message=\"" << escape_attribute(problem_message(scenario, first))
      << "\" type=\"" << escape_attribute(first != nullptr ? first->id : "scenario") << "\">"
      << escape_markup(body) << "</" << element << ">\n";
}

void write_testcase(std::ostream& out, const ScenarioResult& scenario, std::size_t limit) {
  out << "    <testcase classname=\"" << escape_attribute(classname(scenario)) << "\" name=\""
      << escape_attribute(scenario.name) << "\" time=\"" << seconds(scenario.duration_ms) << "\"";
  const Outcome result = outcome(scenario);
  if (result == Outcome::pass) {
    out << "/>\n";
    return;
  }
  out << ">\n";
  // One <system-out> per testcase: known failures (when they are the outcome), then warnings.
  std::string notes;
  switch (result) {
    case Outcome::fail:
      write_problem(out, "failure", scenario, Outcome::fail, limit);
      break;
    case Outcome::error:
      write_problem(out, "error", scenario, Outcome::error, limit);
      break;
    case Outcome::skipped: {
      const CheckResult* first = first_check(scenario, Outcome::skipped);
      const std::string why = !scenario.error.empty()                       ? scenario.error
                              : first != nullptr && !first->message.empty() ? first->message
                                                                            : "skipped";
      out << "      <skipped message=\"" << escape_attribute(text::cut(why, kAttributeLimit))
          << "\"/>\n";
      break;
    }
    case Outcome::known:
      out << "      <skipped message=\"known failure (baseline)\"/>\n";
      notes = checks_text(scenario, {Outcome::known}, limit);
      break;
    case Outcome::warn:
    case Outcome::pass:
      break;
  }
  const std::string warnings = checks_text(scenario, {Outcome::warn}, limit);
  if (!warnings.empty()) notes += (notes.empty() ? "" : "\n") + warnings;
  if (!notes.empty()) out << "      <system-out>" << escape_markup(notes) << "</system-out>\n";
  out << "    </testcase>\n";
}

}  // namespace

void write_junit(const RunResult& run, std::ostream& out, const WriteOptions& options) {
  const Summary summary = summarize(run);
  const Counts& c = summary.scenarios;
  const std::string counts = "tests=\"" + std::to_string(c.total()) + "\" failures=\"" +
                             std::to_string(c.fail) + "\" errors=\"" + std::to_string(c.error) +
                             "\" skipped=\"" + std::to_string(c.skipped + c.known) + "\" time=\"" +
                             seconds(run.duration_ms) + "\" timestamp=\"" +
                             escape_attribute(run.started_at) + "\"";
  out << "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
  out << "<testsuites name=\"syncsuite\" " << counts << ">\n";
  out << "  <testsuite name=\"" << escape_attribute("syncsuite conformance: " + run.target) << "\" "
      << counts << ">\n";
  out << "    <properties>\n";
  const std::vector<std::pair<std::string, std::string>> properties = {
      {"generator", run.generator},
      {"target", run.target},
      {"seed", std::to_string(run.seed)},
      {"verdict", std::string(to_string(summary.worst))},
      {"schema_version", std::to_string(RunResult::kSchemaVersion)},
  };
  for (const auto& [name, value] : properties) {
    out << "      <property name=\"" << name << "\" value=\"" << escape_attribute(value)
        << "\"/>\n";
  }
  out << "    </properties>\n";
  for (const ScenarioResult& scenario : run.scenarios)
    write_testcase(out, scenario, options.body_limit);
  if (!run.baseline_fixed.empty()) {
    out << "    <system-out>"
        << escape_markup("baseline entries that now pass (drop them): " +
                         text::join(run.baseline_fixed, ", "))
        << "</system-out>\n";
  }
  out << "  </testsuite>\n";
  out << "</testsuites>\n";
}

}  // namespace syncsuite::reports

#include "harness/runner/baseline.hpp"

#include <fstream>
#include <map>
#include <sstream>

#include <yaml-cpp/yaml.h>

#include "harness/scenario/yaml_reader.hpp"

namespace syncsuite::runner {

std::set<std::string> parse_baseline(std::string_view text, const std::string& file,
                                     const scenario::CheckRegistry& registry,
                                     std::vector<scenario::LoadError>& errors) {
  std::set<std::string> ids;
  YAML::Node root;
  try {
    root = YAML::Load(std::string(text));
  } catch (const YAML::Exception& e) {
    errors.push_back({file, e.mark.line + 1, e.mark.column + 1, "", "not valid YAML: " + e.msg});
    return ids;
  }
  if (root.IsNull()) return ids;  // an empty file: nothing known to fail
  scenario::YamlReader r(file, errors);
  if (!r.sequence(root, "")) return ids;
  for (std::size_t i = 0; i < root.size(); ++i) {
    const std::string field = scenario::index_field("", i);
    auto id = r.as_string(root[i], field);
    if (!id) continue;
    if (!registry.find(*id)) {
      r.error(root[i], field, "unknown check id '" + *id + "'");
      continue;
    }
    ids.insert(*id);
  }
  return ids;
}

std::set<std::string> load_baseline(const std::filesystem::path& path,
                                    const scenario::CheckRegistry& registry,
                                    std::vector<scenario::LoadError>& errors) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    errors.push_back({path.string(), 0, 0, "", "cannot read the baseline file"});
    return {};
  }
  std::ostringstream text;
  text << in.rdbuf();
  return parse_baseline(text.str(), path.string(), registry, errors);
}

void apply_baseline(reports::RunResult& run, const std::set<std::string>& baseline) {
  std::map<std::string, bool> still_failing;  // listed id -> failed or errored somewhere
  for (auto& sc : run.scenarios) {
    for (auto& check : sc.checks) {
      if (!baseline.count(check.id)) continue;
      const bool bad = check.verdict == reports::Verdict::fail || check.verdict == reports::Verdict::error;
      check.baseline_known = bad;
      if (check.verdict == reports::Verdict::skipped) continue;
      still_failing[check.id] = still_failing[check.id] || bad;
    }
  }
  run.baseline_fixed.clear();
  for (const auto& [id, failing] : still_failing) {
    if (!failing) run.baseline_fixed.push_back(id);
  }
}

}  // namespace syncsuite::runner

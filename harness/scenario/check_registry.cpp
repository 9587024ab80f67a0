#include "harness/scenario/check_registry.hpp"

#include <fstream>
#include <regex>
#include <set>
#include <sstream>

#include "harness/scenario/yaml_reader.hpp"

namespace syncsuite::scenario {
namespace {

const std::regex& id_pattern() {
  static const std::regex re("([0-9]+(\\.[0-9]+)*)/[a-z0-9][a-z0-9-]*");
  return re;
}
const std::regex& tag_pattern() {
  static const std::regex re("[a-z][a-z0-9-]*");
  return re;
}

}  // namespace

bool valid_section(std::string_view section) {
  static const std::regex re("[0-9]+(\\.[0-9]+)*");
  return std::regex_match(section.begin(), section.end(), re);
}

CheckRegistry CheckRegistry::parse(std::string_view text, const std::string& file,
                                   std::vector<LoadError>& errors) {
  CheckRegistry out;
  YamlReader r(file, errors);
  YAML::Node root;
  try {
    root = YAML::Load(std::string(text));
  } catch (const YAML::Exception& e) {
    errors.push_back({file, e.mark.line + 1, e.mark.column + 1, "", "not valid YAML: " + e.msg});
    return out;
  }
  if (!r.map(root, "", {"tags", "checks"})) return out;

  if (auto tags = r.strings(root, "tags", "", true)) {
    std::set<std::string> seen;
    for (std::size_t i = 0; i < tags->size(); ++i) {
      const auto& tag = (*tags)[i];
      const std::string field = index_field("tags", i);
      if (!std::regex_match(tag, tag_pattern())) {
        r.error(root["tags"], field, "'" + tag + "' is not a tag ([a-z][a-z0-9-]*)");
      } else if (!seen.insert(tag).second) {
        r.error(root["tags"], field, "duplicate tag '" + tag + "'");
      } else {
        out.tags_.push_back(tag);
      }
    }
  }

  const YAML::Node checks = root["checks"];
  if (!checks.IsDefined()) {
    r.error(root, "checks", "is required");
    return out;
  }
  if (!r.sequence(checks, "checks")) return out;
  std::set<std::string> ids;
  for (std::size_t i = 0; i < checks.size(); ++i) {
    const YAML::Node c = checks[i];
    const std::string field = index_field("checks", i);
    if (!r.map(c, field, {"id", "section", "level", "text"})) continue;
    CheckInfo info;
    info.mark = r.mark(c);
    auto id = r.string(c, "id", field, true);
    auto section = r.string(c, "section", field, true);
    auto level = r.string(c, "level", field, true);
    auto text_value = r.string(c, "text", field, true);
    bool good = id && section && level && text_value;
    std::smatch m;
    if (id && !std::regex_match(*id, m, id_pattern())) {
      r.error(c["id"], join_field(field, "id"),
              "'" + *id + "' is not a check id (<section>/<slug>, e.g. 4.2/lww-later-wins)");
      good = false;
    } else if (id && section && m[1].str() != *section) {
      r.error(c["section"], join_field(field, "section"),
              "'" + *section + "' differs from the id's section '" + m[1].str() + "'");
      good = false;
    }
    if (id && !ids.insert(*id).second) {
      r.error(c["id"], join_field(field, "id"), "duplicate check id '" + *id + "'");
      good = false;
    }
    if (section && !valid_section(*section)) {
      r.error(c["section"], join_field(field, "section"), "'" + *section + "' is not a section");
      good = false;
    }
    if (level && *level != "MUST" && *level != "SHOULD") {
      r.error(c["level"], join_field(field, "level"), "must be MUST or SHOULD, got '" + *level + "'");
      good = false;
    }
    if (text_value && text_value->empty()) {
      r.error(c["text"], join_field(field, "text"), "must not be empty");
      good = false;
    }
    if (!good) continue;
    info.id = *id;
    info.section = *section;
    info.level = *level == "MUST" ? Level::must : Level::should;
    info.text = *text_value;
    out.checks_.push_back(std::move(info));
  }
  if (errors.empty() && !out.find(kNoPlaintextCheck)) {
    errors.push_back({file, 0, 0, "checks",
                      "must declare the automatic check '" + std::string(kNoPlaintextCheck) + "'"});
  }
  return out;
}

CheckRegistry CheckRegistry::load(const std::filesystem::path& path,
                                  std::vector<LoadError>& errors) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    errors.push_back({path.string(), 0, 0, "", "cannot read the check registry"});
    return {};
  }
  std::ostringstream text;
  text << in.rdbuf();
  return parse(text.str(), path.string(), errors);
}

const CheckInfo* CheckRegistry::find(std::string_view id) const {
  for (const auto& c : checks_) {
    if (c.id == id) return &c;
  }
  return nullptr;
}

bool CheckRegistry::has_tag(std::string_view tag) const {
  for (const auto& t : tags_) {
    if (t == tag) return true;
  }
  return false;
}

}  // namespace syncsuite::scenario

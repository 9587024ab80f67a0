#include "harness/scenario/yaml_reader.hpp"

#include <charconv>
#include <regex>
#include <set>

namespace syncsuite::scenario {
namespace {

bool is_quoted(const YAML::Node& node) { return node.Tag() == "!"; }

std::string kind_name(const YAML::Node& node) {
  if (!node.IsDefined()) return "missing";
  switch (node.Type()) {
    case YAML::NodeType::Null: return "null";
    case YAML::NodeType::Scalar: return "a scalar";
    case YAML::NodeType::Sequence: return "a list";
    case YAML::NodeType::Map: return "a mapping";
    case YAML::NodeType::Undefined: return "missing";
  }
  return "unknown";
}

std::string quote(std::string_view text) { return "'" + std::string(text) + "'"; }

}  // namespace

std::string join_field(std::string_view parent, std::string_view child) {
  if (parent.empty()) return std::string(child);
  return std::string(parent) + "." + std::string(child);
}

std::string index_field(std::string_view parent, std::size_t index) {
  return std::string(parent) + "[" + std::to_string(index) + "]";
}

nlohmann::json plain_scalar_to_json(const std::string& text) {
  if (text == "~" || text == "null" || text == "Null" || text == "NULL") return nullptr;
  if (text == "true" || text == "True" || text == "TRUE") return true;
  if (text == "false" || text == "False" || text == "FALSE") return false;
  static const std::regex integer_re("[-+]?[0-9]+");
  static const std::regex float_re("[-+]?(\\.[0-9]+|[0-9]+(\\.[0-9]*)?)([eE][-+]?[0-9]+)?");
  if (std::regex_match(text, integer_re)) {
    std::int64_t value = 0;
    const char* begin = text.data() + (text[0] == '+' ? 1 : 0);
    auto [ptr, ec] = std::from_chars(begin, text.data() + text.size(), value);
    if (ec == std::errc() && ptr == text.data() + text.size()) return value;
    return text;  // out of range: keep the text rather than lose digits
  }
  if (std::regex_match(text, float_re)) {
    try {
      return std::stod(text);
    } catch (const std::exception&) {
      return text;
    }
  }
  return text;
}

Mark YamlReader::mark(const YAML::Node& node) const {
  Mark m{file_, 0, 0};
  if (node.IsDefined()) {
    const YAML::Mark ym = node.Mark();
    if (ym.line >= 0) {
      m.line = ym.line + 1;
      m.column = ym.column + 1;
    }
  }
  return m;
}

void YamlReader::error(const YAML::Node& at, std::string field, std::string message) {
  error(mark(at), std::move(field), std::move(message));
}

void YamlReader::error(const Mark& at, std::string field, std::string message) {
  errors_.push_back(LoadError{file_, at.line, at.column, std::move(field), std::move(message)});
}

bool YamlReader::map(const YAML::Node& node, const std::string& field,
                     std::initializer_list<std::string_view> allowed) {
  if (!is_map(node)) {
    error(node, field, "must be a mapping, got " + kind_name(node));
    return false;
  }
  std::set<std::string> seen;
  for (auto it = node.begin(); it != node.end(); ++it) {
    if (!is_scalar(it->first)) {
      error(it->first, field, "keys must be plain words");
      continue;
    }
    const std::string key = it->first.Scalar();
    if (!seen.insert(key).second) {
      error(it->first, join_field(field, key), "duplicate key");
      continue;
    }
    bool known = false;
    for (auto a : allowed) known = known || a == key;
    if (!known) {
      std::string list;
      for (auto a : allowed) list += (list.empty() ? "" : ", ") + std::string(a);
      error(it->first, join_field(field, key), "unknown key (allowed: " + list + ")");
    }
  }
  return true;
}

bool YamlReader::sequence(const YAML::Node& node, const std::string& field) {
  if (!is_sequence(node)) {
    error(node, field, "must be a list, got " + kind_name(node));
    return false;
  }
  return true;
}

std::optional<std::string> YamlReader::as_string(const YAML::Node& node,
                                                 const std::string& field) {
  if (!is_scalar(node)) {
    error(node, field, "must be a string, got " + kind_name(node));
    return std::nullopt;
  }
  return node.Scalar();
}

std::optional<std::int64_t> YamlReader::as_integer(const YAML::Node& node,
                                                   const std::string& field, std::int64_t min,
                                                   std::int64_t max) {
  if (!is_scalar(node) || is_quoted(node)) {
    error(node, field, "must be an integer, got " + (is_scalar(node) ? "a string" : kind_name(node)));
    return std::nullopt;
  }
  const auto value = plain_scalar_to_json(node.Scalar());
  if (!value.is_number_integer()) {
    error(node, field, "must be an integer, got " + quote(node.Scalar()));
    return std::nullopt;
  }
  const auto n = value.get<std::int64_t>();
  if (n < min || n > max) {
    error(node, field,
          "must be between " + std::to_string(min) + " and " + std::to_string(max) + ", got " +
              std::to_string(n));
    return std::nullopt;
  }
  return n;
}

std::optional<bool> YamlReader::as_boolean(const YAML::Node& node, const std::string& field) {
  if (is_scalar(node) && !is_quoted(node)) {
    const auto value = plain_scalar_to_json(node.Scalar());
    if (value.is_boolean()) return value.get<bool>();
  }
  error(node, field, "must be true or false, got " +
                         (is_scalar(node) ? quote(node.Scalar()) : kind_name(node)));
  return std::nullopt;
}

std::optional<std::string> YamlReader::string(const YAML::Node& map, const char* key,
                                              const std::string& field, bool required) {
  const YAML::Node node = map[key];
  if (!node.IsDefined()) {
    if (required) error(map, join_field(field, key), "is required");
    return std::nullopt;
  }
  return as_string(node, join_field(field, key));
}

std::optional<std::int64_t> YamlReader::integer(const YAML::Node& map, const char* key,
                                                const std::string& field, bool required,
                                                std::int64_t min, std::int64_t max) {
  const YAML::Node node = map[key];
  if (!node.IsDefined()) {
    if (required) error(map, join_field(field, key), "is required");
    return std::nullopt;
  }
  return as_integer(node, join_field(field, key), min, max);
}

std::optional<bool> YamlReader::boolean(const YAML::Node& map, const char* key,
                                        const std::string& field, bool required) {
  const YAML::Node node = map[key];
  if (!node.IsDefined()) {
    if (required) error(map, join_field(field, key), "is required");
    return std::nullopt;
  }
  return as_boolean(node, join_field(field, key));
}

std::optional<std::vector<std::string>> YamlReader::strings(const YAML::Node& map,
                                                            const char* key,
                                                            const std::string& field,
                                                            bool required) {
  const YAML::Node node = map[key];
  const std::string f = join_field(field, key);
  if (!node.IsDefined()) {
    if (required) error(map, f, "is required");
    return std::nullopt;
  }
  if (is_scalar(node)) return std::vector<std::string>{node.Scalar()};
  if (!is_sequence(node)) {
    error(node, f, "must be a string or a list of strings, got " + kind_name(node));
    return std::nullopt;
  }
  std::vector<std::string> out;
  bool ok = true;
  for (std::size_t i = 0; i < node.size(); ++i) {
    auto s = as_string(node[i], index_field(f, i));
    if (s) {
      out.push_back(*s);
    } else {
      ok = false;
    }
  }
  if (!ok) return std::nullopt;
  return out;
}

std::optional<nlohmann::json> YamlReader::to_json(const YAML::Node& node,
                                                  const std::string& field) {
  if (!node.IsDefined()) return nlohmann::json(nullptr);
  switch (node.Type()) {
    case YAML::NodeType::Undefined:
    case YAML::NodeType::Null:
      return nlohmann::json(nullptr);
    case YAML::NodeType::Scalar:
      if (is_quoted(node)) return nlohmann::json(node.Scalar());
      return plain_scalar_to_json(node.Scalar());
    case YAML::NodeType::Sequence: {
      auto out = nlohmann::json::array();
      for (std::size_t i = 0; i < node.size(); ++i) {
        auto item = to_json(node[i], index_field(field, i));
        if (!item) return std::nullopt;
        out.push_back(std::move(*item));
      }
      return out;
    }
    case YAML::NodeType::Map: {
      auto out = nlohmann::json::object();
      for (auto it = node.begin(); it != node.end(); ++it) {
        if (!is_scalar(it->first)) {
          error(it->first, field, "mapping keys must be strings");
          return std::nullopt;
        }
        const std::string key = it->first.Scalar();
        if (out.contains(key)) {
          error(it->first, join_field(field, key), "duplicate key");
          return std::nullopt;
        }
        auto value = to_json(it->second, join_field(field, key));
        if (!value) return std::nullopt;
        out[key] = std::move(*value);
      }
      return out;
    }
  }
  return std::nullopt;
}

}  // namespace syncsuite::scenario

#pragma once
// Strict reading of YAML nodes for the loaders: typed getters that report, instead of throw, a
// missing field, a wrong type or an unknown key, each with file, line and field path. Scalars
// convert to JSON with YAML's types: plain `5` is a number, quoted "5" a string.
#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>
#include <yaml-cpp/yaml.h>

#include "harness/scenario/load_error.hpp"
#include "harness/scenario/model.hpp"

namespace syncsuite::scenario {

// Type tests that are false for a missing member (yaml-cpp throws on a missing member's Type()).
inline bool is_map(const YAML::Node& n) { return n.IsDefined() && n.IsMap(); }
inline bool is_sequence(const YAML::Node& n) { return n.IsDefined() && n.IsSequence(); }
inline bool is_scalar(const YAML::Node& n) { return n.IsDefined() && n.IsScalar(); }
inline std::size_t size_of(const YAML::Node& n) { return n.IsDefined() ? n.size() : 0; }

// "steps[2]" + "put" -> "steps[2].put"; the root field is "".
std::string join_field(std::string_view parent, std::string_view child);
std::string index_field(std::string_view parent, std::size_t index);

class YamlReader {
 public:
  YamlReader(std::string file, std::vector<LoadError>& errors)
      : file_(std::move(file)), errors_(errors) {}

  const std::string& file() const { return file_; }
  Mark mark(const YAML::Node& node) const;
  void error(const YAML::Node& at, std::string field, std::string message);
  void error(const Mark& at, std::string field, std::string message);
  std::size_t error_count() const { return errors_.size(); }

  // True when `node` is a mapping; then every key not in `allowed` (and every duplicate key) is
  // reported. Reports "must be a mapping" otherwise.
  bool map(const YAML::Node& node, const std::string& field,
           std::initializer_list<std::string_view> allowed);
  // Same for a sequence.
  bool sequence(const YAML::Node& node, const std::string& field);

  // Getters of a mapping's member `key`: nullopt (and an error when `required`) when absent or
  // of the wrong type.
  std::optional<std::string> string(const YAML::Node& map, const char* key,
                                    const std::string& field, bool required);
  std::optional<std::int64_t> integer(const YAML::Node& map, const char* key,
                                      const std::string& field, bool required,
                                      std::int64_t min, std::int64_t max);
  std::optional<bool> boolean(const YAML::Node& map, const char* key, const std::string& field,
                              bool required);
  // A string or a list of strings.
  std::optional<std::vector<std::string>> strings(const YAML::Node& map, const char* key,
                                                  const std::string& field, bool required);

  // Scalar readers for a node itself.
  std::optional<std::string> as_string(const YAML::Node& node, const std::string& field);
  std::optional<std::int64_t> as_integer(const YAML::Node& node, const std::string& field,
                                         std::int64_t min, std::int64_t max);
  std::optional<bool> as_boolean(const YAML::Node& node, const std::string& field);

  // Any node as JSON (typed scalars; mapping keys are strings). nullopt after an error (an alias
  // loop, a non-scalar key).
  std::optional<nlohmann::json> to_json(const YAML::Node& node, const std::string& field);

 private:
  std::string file_;
  std::vector<LoadError>& errors_;
};

// Plain-scalar typing shared with tests: "5" -> 5, "true" -> true, "~" -> null, else the text.
nlohmann::json plain_scalar_to_json(const std::string& text);

}  // namespace syncsuite::scenario

#include "harness/scenario/json_path.hpp"

#include <cctype>

namespace syncsuite::scenario {

std::optional<std::vector<PathPart>> parse_json_path(std::string_view path) {
  std::vector<PathPart> parts;
  std::size_t i = 0;
  bool need_name = true;  // at the start or after '.', a member name must follow
  if (path.empty()) return parts;
  while (i < path.size()) {
    if (path[i] == '[') {
      const auto close = path.find(']', i);
      if (close == std::string_view::npos) return std::nullopt;
      std::string_view digits = path.substr(i + 1, close - i - 1);
      bool negative = false;
      if (!digits.empty() && digits[0] == '-') {
        negative = true;
        digits.remove_prefix(1);
      }
      if (digits.empty() || digits.size() > 9) return std::nullopt;
      long long index = 0;
      for (char c : digits) {
        if (!std::isdigit(static_cast<unsigned char>(c))) return std::nullopt;
        index = index * 10 + (c - '0');
      }
      if (need_name && !parts.empty()) return std::nullopt;  // "a.[0]"
      parts.emplace_back(negative ? -index : index);
      i = close + 1;
      need_name = false;
      if (i < path.size()) {
        if (path[i] == '.') {
          ++i;
          need_name = true;
          if (i == path.size()) return std::nullopt;
        } else if (path[i] != '[') {
          return std::nullopt;
        }
      }
      continue;
    }
    std::size_t end = i;
    while (end < path.size() && path[end] != '.' && path[end] != '[') ++end;
    if (end == i) return std::nullopt;
    parts.emplace_back(std::string(path.substr(i, end - i)));
    need_name = false;
    i = end;
    if (i < path.size() && path[i] == '.') {
      ++i;
      need_name = true;
      if (i == path.size()) return std::nullopt;
    }
  }
  return parts;
}

bool valid_json_path(std::string_view path) { return parse_json_path(path).has_value(); }

const nlohmann::json* find_json(const nlohmann::json& root, std::string_view path) {
  const auto parts = parse_json_path(path);
  if (!parts) return nullptr;
  const nlohmann::json* at = &root;
  for (const auto& part : *parts) {
    if (const auto* name = std::get_if<std::string>(&part)) {
      if (!at->is_object()) return nullptr;
      const auto it = at->find(*name);
      if (it == at->end()) return nullptr;
      at = &*it;
    } else {
      long long index = std::get<long long>(part);
      if (!at->is_array()) return nullptr;
      const auto size = static_cast<long long>(at->size());
      if (index < 0) index += size;
      if (index < 0 || index >= size) return nullptr;
      at = &(*at)[static_cast<std::size_t>(index)];
    }
  }
  return at;
}

}  // namespace syncsuite::scenario

#pragma once
// GoogleTest parameter names from mutant names: "auth-ignored" -> "AuthIgnored" (test names
// without '_' or '-').
#include <cctype>
#include <string>

namespace syncsuite::test {

inline std::string camel_name(const std::string& text) {
  std::string name;
  bool upper = true;
  for (char c : text) {
    if (!std::isalnum(static_cast<unsigned char>(c))) {
      upper = true;
      continue;
    }
    name += upper ? static_cast<char>(std::toupper(static_cast<unsigned char>(c))) : c;
    upper = false;
  }
  return name;
}

}  // namespace syncsuite::test

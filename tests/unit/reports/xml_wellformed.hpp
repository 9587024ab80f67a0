#pragma once
// A small non-validating XML 1.0 well-formedness checker for tests of the JUnit writer: one root
// element, properly nested and closed tags, quoted attribute values without '<', no duplicate
// attributes, only the predefined or numeric character references, valid UTF-8 and only XML
// characters. No DTDs, comments or processing instructions besides the XML declaration (the writer
// emits none). Returns "" when well-formed, else what is wrong and where.
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "reports/text/utf8.hpp"

namespace syncsuite::reports::testing {

inline std::string xml_problem(std::string_view xml) {
  if (!text::valid(xml)) return "not valid UTF-8";
  std::size_t i = 0;
  auto where = [&i] { return " at byte " + std::to_string(i); };
  auto is_name_char = [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
           c == '_' || c == '.' || c == ':' || static_cast<unsigned char>(c) >= 0x80;
  };
  auto read_name = [&]() -> std::string {
    const std::size_t start = i;
    while (i < xml.size() && is_name_char(xml[i])) ++i;
    return std::string(xml.substr(start, i - start));
  };
  auto skip_space = [&] {
    while (i < xml.size() && (xml[i] == ' ' || xml[i] == '\n' || xml[i] == '\t' || xml[i] == '\r'))
      ++i;
  };
  // Checks the character data or attribute value in xml[from, to).
  auto check_chars = [&](std::size_t from, std::size_t to) -> std::string {
    for (std::size_t k = from; k < to; ++k) {
      const auto c = static_cast<unsigned char>(xml[k]);
      if (c < 0x20 && c != '\t' && c != '\n' && c != '\r')
        return "control character at byte " + std::to_string(k);
      if (c == '<') return "raw '<' at byte " + std::to_string(k);
      if (c == 0xEF && k + 2 < to && static_cast<unsigned char>(xml[k + 1]) == 0xBF &&
          (static_cast<unsigned char>(xml[k + 2]) & 0xFE) == 0xBE) {
        return "U+FFFE/U+FFFF at byte " + std::to_string(k);
      }
      if (c == '&') {
        const std::size_t semi = xml.find(';', k);
        if (semi == std::string_view::npos || semi >= to)
          return "unterminated reference at byte " + std::to_string(k);
        const std::string_view ref = xml.substr(k + 1, semi - k - 1);
        static const std::set<std::string_view> kNamed = {"amp", "lt", "gt", "quot", "apos"};
        bool ok = kNamed.count(ref) > 0;
        if (!ok && ref.size() > 1 && ref[0] == '#') {
          const bool hex = ref[1] == 'x';
          const std::string_view digits = ref.substr(hex ? 2 : 1);
          ok = !digits.empty();
          for (char d : digits) {
            ok = ok && ((d >= '0' && d <= '9') ||
                        (hex && ((d >= 'a' && d <= 'f') || (d >= 'A' && d <= 'F'))));
          }
        }
        if (!ok) return "bad reference &" + std::string(ref) + "; at byte " + std::to_string(k);
        k = semi;
      }
    }
    return "";
  };

  if (xml.substr(0, 5) == "<?xml") {
    const std::size_t end = xml.find("?>");
    if (end == std::string_view::npos) return "unterminated XML declaration";
    i = end + 2;
  }
  std::vector<std::string> open;
  bool root_seen = false;
  while (i < xml.size()) {
    const std::size_t lt = xml.find('<', i);
    const std::size_t text_end = lt == std::string_view::npos ? xml.size() : lt;
    if (open.empty()) {
      for (std::size_t k = i; k < text_end; ++k) {
        if (xml[k] != ' ' && xml[k] != '\n' && xml[k] != '\t' && xml[k] != '\r') {
          i = k;
          return "text outside the root element" + where();
        }
      }
    } else if (std::string problem = check_chars(i, text_end); !problem.empty()) {
      return problem;
    }
    if (lt == std::string_view::npos) break;
    i = lt + 1;
    if (i < xml.size() && xml[i] == '/') {
      ++i;
      const std::string name = read_name();
      skip_space();
      if (i >= xml.size() || xml[i] != '>') return "bad end tag" + where();
      ++i;
      if (open.empty() || open.back() != name)
        return "end tag </" + name + "> does not match" + where();
      open.pop_back();
      continue;
    }
    if (open.empty() && root_seen) return "second root element" + where();
    const std::string name = read_name();
    if (name.empty()) return "bad tag name" + where();
    std::set<std::string> attributes;
    while (true) {
      const std::size_t before = i;
      skip_space();
      if (i >= xml.size()) return "unterminated tag <" + name + ">";
      if (xml[i] == '>' || (xml[i] == '/' && i + 1 < xml.size() && xml[i + 1] == '>')) break;
      if (i == before) return "missing space before attribute" + where();
      const std::string attribute = read_name();
      if (attribute.empty()) return "bad attribute name" + where();
      if (!attributes.insert(attribute).second) return "duplicate attribute " + attribute + where();
      if (i >= xml.size() || xml[i] != '=') return "attribute without '='" + where();
      ++i;
      if (i >= xml.size() || (xml[i] != '"' && xml[i] != '\''))
        return "unquoted attribute" + where();
      const char quote = xml[i++];
      const std::size_t close = xml.find(quote, i);
      if (close == std::string_view::npos) return "unterminated attribute value" + where();
      if (std::string problem = check_chars(i, close); !problem.empty()) return problem;
      i = close + 1;
    }
    root_seen = true;
    if (xml[i] == '/') {
      i += 2;
    } else {
      ++i;
      open.push_back(name);
    }
  }
  if (!open.empty()) return "unclosed element <" + open.back() + ">";
  if (!root_seen) return "no root element";
  return "";
}

}  // namespace syncsuite::reports::testing

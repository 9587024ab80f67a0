#include "reports/text/markup_escape.hpp"

#include "reports/text/utf8.hpp"

namespace syncsuite::reports::text {
namespace {

std::string escape(std::string_view raw, bool attribute) {
  const std::string text = repair(raw);
  std::string out;
  out.reserve(text.size() + text.size() / 8);
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    switch (c) {
      case '&':
        out += "&amp;";
        continue;
      case '<':
        out += "&lt;";
        continue;
      case '>':
        out += "&gt;";
        continue;
      case '"':
        out += "&quot;";
        continue;
      case '\'':
        out += "&#39;";
        continue;
      case '\t':
        out += attribute ? "&#9;" : "\t";
        continue;
      case '\n':
        out += attribute ? "&#10;" : "\n";
        continue;
      case '\r':
        out += attribute ? "&#13;" : "\r";
        continue;
      default:
        break;
    }
    if (static_cast<unsigned char>(c) < 0x20) continue;  // not allowed in XML 1.0
    // U+FFFE and U+FFFF (EF BF BE, EF BF BF) are not XML characters either.
    if (text.compare(i, 2, "\xEF\xBF") == 0 && i + 2 < text.size() &&
        (text[i + 2] == '\xBE' || text[i + 2] == '\xBF')) {
      i += 2;
      continue;
    }
    out += c;
  }
  return out;
}

}  // namespace

std::string escape_markup(std::string_view text) { return escape(text, false); }
std::string escape_attribute(std::string_view text) { return escape(text, true); }

}  // namespace syncsuite::reports::text

#include "harness/generated/render.hpp"

namespace syncsuite::generated {
namespace {

// A string value that stands for raw text until the body is serialized.
constexpr std::string_view kRawMark = "\x02raw\x02";

void replace_all(std::string& text, std::string_view from, std::string_view to) {
  for (auto at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size())) {
    text.replace(at, from.size(), to);
  }
}

// The JSON-escaped form of a placeholder inside a serialized string ("\u0001id\u0001").
std::string escaped(std::string_view mark) {
  std::string dumped = Json(std::string(mark)).dump();
  return dumped.substr(1, dumped.size() - 2);
}

std::string fill_marks(std::string text, const BaseRequest& base, bool serialized) {
  replace_all(text, serialized ? escaped(kIdMark) : std::string(kIdMark), base.bad_id);
  replace_all(text, serialized ? escaped(kTokenMark) : std::string(kTokenMark), base.token);
  return text;
}

std::string pointer_for(const Variant& v, const BaseRequest& base) {
  std::string p = v.pointer;
  replace_all(p, "@", std::to_string(base.bad_index));
  return p;
}

std::string percent_encode(std::string_view text) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : text) {
    const bool unreserved = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
                            (c >= '0' && c <= '9') || c == '-' || c == '.' || c == '_' || c == '~';
    if (unreserved) {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
  }
  return out;
}

std::string render_body(const Variant& v, const BaseRequest& base) {
  Json body = base.body;
  std::string raw;
  switch (v.edit) {
    case Edit::set:
      body[Json::json_pointer(pointer_for(v, base))] = v.value;
      break;
    case Edit::remove: {
      const Json::json_pointer ptr(pointer_for(v, base));
      body[ptr.parent_pointer()].erase(ptr.back());
      break;
    }
    case Edit::raw:
      raw = fill_marks(v.text, base, false);
      body[Json::json_pointer(pointer_for(v, base))] = std::string(kRawMark);
      break;
    case Edit::nest:
      raw = nested_arrays(v.depth);
      body[Json::json_pointer(pointer_for(v, base))] = std::string(kRawMark);
      break;
    case Edit::body_whole:
      return fill_marks(v.text, base, false);
    default:
      break;
  }
  std::string text = fill_marks(body.dump(-1, ' ', false), base, true);
  if (v.edit == Edit::raw || v.edit == Edit::nest) {
    replace_all(text, "\"" + escaped(kRawMark) + "\"", raw);
  }
  if (v.edit == Edit::body_prefix) text = v.text + text;
  if (v.edit == Edit::body_suffix) text += v.text;
  return text;
}

}  // namespace

std::string nested_arrays(int depth) {
  const auto n = static_cast<std::size_t>(depth > 0 ? depth : 0);
  return std::string(n, '[') + "1" + std::string(n, ']');
}

RenderedRequest render(const Variant& v, const BaseRequest& base) {
  RenderedRequest out;
  out.authorization = "Token " + base.token;
  if (v.request != Request::pull) {
    out.content_type = "application/json";
    out.body = v.place == Place::body ? render_body(v, base)
                                      : fill_marks(base.body.dump(-1, ' ', false), base, true);
  }
  auto query = base.query;
  if (v.place == Place::query) {
    bool found = false;
    for (auto& [name, value] : query) {
      if (name == v.pointer) {
        value = v.text;
        found = true;
      }
    }
    if (!found && v.edit == Edit::text) query.emplace_back(v.pointer, v.text);
    if (v.edit == Edit::omit)
      std::erase_if(query, [&v](const auto& p) { return p.first == v.pointer; });
  }
  for (const auto& [name, value] : query) {
    out.query += (out.query.empty() ? "?" : "&") + percent_encode(name) + "=" +
                 percent_encode(fill_marks(value, base, false));
  }
  if (v.place == Place::header) {
    std::optional<std::string> value;
    if (v.edit == Edit::text) value = fill_marks(v.text, base, false);
    if (v.pointer == "Authorization") out.authorization = value;
    if (v.pointer == "Content-Type") out.content_type = value;
  }
  return out;
}

}  // namespace syncsuite::generated

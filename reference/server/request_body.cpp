#include "reference/server/request_body.hpp"

#include <algorithm>
#include <cctype>
#include <cstddef>
#include <iterator>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "reference/core/base64.hpp"
#include "reference/protocol/limits.hpp"
#include "reference/server/json_response.hpp"

namespace syncsuite::server {
namespace {

std::string lower(std::string_view text) {
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

std::string_view trim(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  return text;
}

// "application/json; charset=utf-8" -> "application/json"
bool is_json_media_type(std::string_view content_type) {
  const auto semicolon = content_type.find(';');
  return lower(trim(content_type.substr(0, semicolon))) == "application/json";
}

// A string member of an object, "" when absent or not a string (for the mutants' checks).
std::string_view string_member(const nlohmann::json& value, const char* name) {
  if (!value.is_object()) return {};
  const auto it = value.find(name);
  return it != value.end() && it->is_string() ? std::string_view(it->get_ref<const std::string&>())
                                              : std::string_view();
}

protocol::HttpResponse html_error_page() {
  protocol::HttpResponse response;
  response.status = 500;
  response.headers.push_back({"Content-Type", "text/html; charset=utf-8"});
  response.body =
      "<!DOCTYPE html><html><head><title>Server Error (500)</title></head>"
      "<body><h1>Server Error (500)</h1></body></html>";
  return response;
}

constexpr std::size_t kMaxNestingDepth = 64;

// The deepest nesting of arrays and objects in a JSON text (brackets inside strings skipped).
std::size_t nesting_depth(std::string_view text) {
  std::size_t depth = 0, deepest = 0;
  bool in_string = false, escaped = false;
  for (char c : text) {
    if (in_string) {
      if (escaped) escaped = false;
      else if (c == '\\') escaped = true;
      else if (c == '"') in_string = false;
    } else if (c == '"') {
      in_string = true;
    } else if (c == '[' || c == '{') {
      deepest = std::max(deepest, ++depth);
    } else if ((c == ']' || c == '}') && depth > 0) {
      --depth;
    }
  }
  return deepest;
}

// The mutants that accept near-valid field text: the text each would check in its place.
std::string without_suffix(std::string text, std::string_view suffix) {
  if (text.size() >= suffix.size() && text.compare(text.size() - suffix.size(), suffix.size(), suffix) == 0) {
    text.resize(text.size() - suffix.size());
  }
  return text;
}

std::string replaced(std::string text, std::string_view from, std::string_view to) {
  if (auto at = text.find(from); at != std::string::npos) text.replace(at, from.size(), to);
  return text;
}

std::string trimmed_space(const std::string& text) {
  const auto first = text.find_first_not_of(" \t\r\n");
  if (first == std::string::npos) return std::string();
  return text.substr(first, text.find_last_not_of(" \t\r\n") - first + 1);
}

// A copy of the envelope with each string field as a lenient mutant would read it; nullopt when
// no lenient mutant is on.
std::optional<nlohmann::json> lenient_reading(const nlohmann::json& value, const Mutations& m) {
  if (!value.is_object()) return std::nullopt;
  auto copy = value;
  auto field = [&copy](const char* name, auto transform) {
    auto it = copy.find(name);
    if (it != copy.end() && it->is_string()) *it = transform(it->template get<std::string>());
  };
  if (m.table_trailing_newline) {
    for (const char* name : {"table", "id"}) field(name, [](std::string t) { return without_suffix(t, "\n"); });
  } else if (m.timestamp_calendar_lax) {
    field("updated_at", [](std::string t) { return replaced(replaced(t, "-02-29T", "-02-28T"), ":60.", ":59."); });
  } else if (m.base64_whitespace) {
    for (const char* name : {"nonce", "ciphertext"}) field(name, trimmed_space);
  } else {
    return std::nullopt;
  }
  return copy;
}

// Follows nlohmann's parse events and remembers the first key an object repeats. (nlohmann
// itself keeps the last value of a repeated key, which would let `"table": "BAD TABLE",
// "table": "notes"` pass.) Keys are compared decoded, so "t\u0061ble" repeats "table".
// The keys of the open objects sit in one flat list, innermost object last, searched linearly
// while an object is small (an envelope has six keys: no allocation per object); an object that
// grows past kLinearKeys moves its keys into a set, so a huge object stays O(n log n).
class DuplicateKeyWatch {
 public:
  bool on_event(nlohmann::json::parse_event_t event, const nlohmann::json& parsed) {
    using Event = nlohmann::json::parse_event_t;
    switch (event) {
      case Event::object_start:
        objects_.push_back(Object{keys_.size(), nullptr});
        break;
      case Event::key:
        add_key(parsed.get_ref<const std::string&>());
        break;
      case Event::object_end:
        keys_.resize(objects_.back().first_key);
        objects_.pop_back();
        break;
      case Event::array_start:
      case Event::array_end:
      case Event::value:
        break;
    }
    return true;  // keep everything: the watch only looks
  }
  const std::optional<std::string>& repeated() const { return repeated_; }

 private:
  static constexpr std::size_t kLinearKeys = 16;

  struct Object {
    std::size_t first_key;                         // its keys: keys_[first_key..] while small
    std::unique_ptr<std::set<std::string>> large;  // its keys once past kLinearKeys
  };

  void add_key(const std::string& key) {
    Object& object = objects_.back();
    if (object.large) {
      if (!object.large->insert(key).second) note(key);
      return;
    }
    const auto first = keys_.begin() + static_cast<std::ptrdiff_t>(object.first_key);
    if (std::find(first, keys_.end(), key) != keys_.end()) {
      note(key);
      return;
    }
    keys_.push_back(key);
    if (keys_.size() - object.first_key > kLinearKeys) {
      object.large = std::make_unique<std::set<std::string>>(
          std::make_move_iterator(keys_.begin() + static_cast<std::ptrdiff_t>(object.first_key)),
          std::make_move_iterator(keys_.end()));
      keys_.resize(object.first_key);
    }
  }

  void note(const std::string& key) {
    if (!repeated_) repeated_ = key;
  }

  std::vector<Object> objects_;
  std::vector<std::string> keys_;
  std::optional<std::string> repeated_;
};

}  // namespace

std::optional<protocol::HttpResponse> check_body_headers(const protocol::HttpRequest& request,
                                                         const Mutations& mutations) {
  const std::size_t limit =
      mutations.body_limit_8mib ? protocol::kMaxBodyBytes / 2 : protocol::kMaxBodyBytes;
  if (request.body.size() > limit) {
    return error_response(413, "request body is over the 16 MiB limit");
  }
  if (auto type = request.header("Content-Type"); type && !is_json_media_type(*type)) {
    return error_response(415, "Content-Type must be application/json, not \"" +
                                   std::string(*type) + "\"");
  }
  return std::nullopt;
}

std::optional<protocol::HttpResponse> read_json_object(const protocol::HttpRequest& request,
                                                       const Mutations& mutations,
                                                       nlohmann::json& out) {
  if (auto refusal = check_body_headers(request, mutations)) return refusal;
  const std::size_t depth = nesting_depth(request.body);
  if (mutations.deep_nesting_500 && depth > 512) {
    return error_response(500, "internal error: maximum recursion depth exceeded");
  }
  // No request of the contract nests deeper than a few levels (record data travels encrypted),
  // and a JSON value thousands of levels deep would exhaust the stack when copied or destroyed.
  if (depth > kMaxNestingDepth) {
    return error_response(400, "body: nested deeper than " + std::to_string(kMaxNestingDepth) +
                                   " levels of arrays and objects");
  }
  // nlohmann's lexer takes a NUL byte for the end of the input, so `{...}\0anything` would
  // parse as `{...}`. JSON text never holds a raw NUL (not even inside a string), so any NUL
  // means bytes that are not the one JSON value a body must be.
  const auto nul = request.body.find('\0');
  if (nul != std::string::npos && !mutations.trailing_bytes_accepted) {
    return error_response(400, "body: must be exactly one JSON value (a NUL byte at offset " +
                                   std::to_string(nul) + ")");
  }
  DuplicateKeyWatch watch;
  out = nlohmann::json::parse(
      request.body,
      [&watch](int, nlohmann::json::parse_event_t event, nlohmann::json& parsed) {
        return watch.on_event(event, parsed);
      },
      /*allow_exceptions=*/false);
  if (out.is_discarded()) {
    if (mutations.html_errors) return html_error_page();
    return error_response(400, "body: must be exactly one JSON object (the body is not valid JSON, or has bytes after it)");
  }
  if (!out.is_object()) return error_response(400, "body: must be a JSON object");
  if (watch.repeated()) {
    constexpr std::size_t kShownKeyBytes = 64;  // a detail stays short, whatever the key
    const std::string& key = *watch.repeated();
    const std::string shown =
        key.size() > kShownKeyBytes ? key.substr(0, kShownKeyBytes) + "..." : key;
    return error_response(400, "body: an object repeats the key \"" + shown +
                                   "\"; each key may appear once per object");
  }
  return std::nullopt;
}

Result<protocol::Envelope> parse_device_envelope(const nlohmann::json& value,
                                                 std::string_view where,
                                                 const Mutations& mutations) {
  if (mutations.nonce_length_unchecked && value.is_object()) {
    // Check the envelope with a stand-in nonce, then keep the device's (any decodable length).
    auto it = value.find("nonce");
    if (it != value.end() && it->is_string() && base64::decode(it->get<std::string>())) {
      auto copy = value;
      copy["nonce"] = base64::encode(std::string(protocol::kNonceBytes, '\0'));
      auto envelope = protocol::parse_envelope(copy, where, false);
      if (envelope) envelope->nonce = it->get<std::string>();
      return envelope;
    }
  }
  if (auto lenient = lenient_reading(value, mutations)) {
    // Checked as the mutant reads it, stored as the device sent it.
    auto envelope = protocol::parse_envelope(*lenient, where, false);
    if (envelope) {
      envelope->table = value["table"].get<std::string>();
      envelope->id = value["id"].get<std::string>();
      envelope->updated_at = value["updated_at"].get<std::string>();
      envelope->nonce = value["nonce"].get<std::string>();
      envelope->ciphertext = value["ciphertext"].get<std::string>();
    }
    return envelope;
  }
  if (mutations.id_64_rejected && string_member(value, "id").size() == 64) {
    return make_error("bad_request", std::string(where) + ".id: must match ^[A-Za-z0-9_-]{1,63}$");
  }
  if (mutations.leap_day_rejected &&
      string_member(value, "updated_at").find("-02-29T") != std::string_view::npos) {
    return make_error("bad_request", std::string(where) + ".updated_at: no such day");
  }
  return protocol::parse_envelope(value, where, false);
}

}  // namespace syncsuite::server

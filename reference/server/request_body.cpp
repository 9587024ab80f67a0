#include "reference/server/request_body.hpp"

#include <algorithm>
#include <cctype>

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

}  // namespace

std::optional<protocol::HttpResponse> read_json_object(const protocol::HttpRequest& request,
                                                       const Mutations& mutations,
                                                       nlohmann::json& out) {
  const std::size_t limit =
      mutations.body_limit_8mib ? protocol::kMaxBodyBytes / 2 : protocol::kMaxBodyBytes;
  if (request.body.size() > limit) {
    return error_response(413, "request body is over the 16 MiB limit");
  }
  if (auto type = request.header("Content-Type"); type && !is_json_media_type(*type)) {
    return error_response(415, "Content-Type must be application/json, not \"" +
                                   std::string(*type) + "\"");
  }
  out = nlohmann::json::parse(request.body, nullptr, /*allow_exceptions=*/false);
  if (out.is_discarded()) {
    if (mutations.html_errors) return html_error_page();
    return error_response(400, "body: must be a JSON object (the body is not valid JSON)");
  }
  if (!out.is_object()) return error_response(400, "body: must be a JSON object");
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

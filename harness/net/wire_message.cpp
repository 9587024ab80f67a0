#include "harness/net/wire_message.hpp"

#include <algorithm>
#include <boost/beast/http/field.hpp>
#include <boost/beast/http/verb.hpp>
#include <boost/beast/http/write.hpp>
#include <cctype>
#include <sstream>

namespace syncsuite::net {
namespace {

namespace http = boost::beast::http;

// RFC 9110 token characters (method and header names).
bool is_token(std::string_view s) {
  static constexpr std::string_view kExtra = "!#$%&'*+-.^_`|~";
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) {
           return std::isalnum(static_cast<unsigned char>(c)) || kExtra.find(c) != std::string_view::npos;
         });
}

bool has_control(std::string_view s, bool allow_tab) {
  return std::any_of(s.begin(), s.end(), [allow_tab](char c) {
    const auto u = static_cast<unsigned char>(c);
    return (u < 0x20 && !(allow_tab && c == '\t')) || u == 0x7f;
  });
}

bool iequals(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
         });
}

Error not_sent(std::string what) { return make_error("io", "request not sent: " + what); }

}  // namespace

Result<WireRequest> to_wire(const TargetUrl& url, protocol::HttpRequest request) {
  if (!is_token(request.method)) {
    return not_sent("method '" + request.method + "' is not an HTTP token");
  }
  const std::string target = url.request_target(request.target);
  if (has_control(target, false) || target.find(' ') != std::string::npos) {
    return not_sent("target '" + request.target + "' has a space or control character");
  }
  WireRequest wire;
  wire.version(11);
  const http::verb verb = http::string_to_verb(request.method);
  if (verb == http::verb::unknown) {
    wire.method_string(request.method);
  } else {
    wire.method(verb);
  }
  wire.target(target);
  bool has_user_agent = false;
  for (const auto& h : request.headers) {
    if (!is_token(h.name)) return not_sent("header name '" + h.name + "' is not an HTTP token");
    if (has_control(h.value, true)) {
      return not_sent("header '" + h.name + "' has a control character (CR, LF, NUL) in its value");
    }
    if (iequals(h.name, "Host") || iequals(h.name, "Content-Length") ||
        iequals(h.name, "Transfer-Encoding")) {
      continue;  // the transport owns message framing and the Host header
    }
    has_user_agent = has_user_agent || iequals(h.name, "User-Agent");
    wire.insert(h.name, h.value);
  }
  wire.set(http::field::host, url.host_header());
  if (!has_user_agent) wire.set(http::field::user_agent, kUserAgent);
  // Content-Length on every request with a body, and on body-less POST/PUT/PATCH ("0");
  // a GET, HEAD or DELETE without a body carries none.
  if (!request.body.empty() || verb == http::verb::post || verb == http::verb::put ||
      verb == http::verb::patch) {
    wire.content_length(request.body.size());
  }
  wire.body() = std::move(request.body);
  return wire;
}

Result<std::string> to_wire_bytes(const TargetUrl& url, protocol::HttpRequest request) {
  auto wire = to_wire(url, std::move(request));
  if (!wire) return wire.error();
  std::ostringstream bytes;
  bytes << *wire;
  return bytes.str();
}

protocol::HttpResponse from_wire(WireResponse&& response) {
  protocol::HttpResponse out;
  out.status = static_cast<int>(response.result_int());
  for (const auto& field : response) {
    out.headers.push_back({std::string(field.name_string()), std::string(field.value())});
  }
  out.body = std::move(response.body());
  return out;
}

}  // namespace syncsuite::net

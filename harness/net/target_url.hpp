#pragma once
// The server under test, as the user names it: "https://staging.example/sync". A server may live
// under a path prefix; each request's target is appended to that prefix.
#include <cstdint>
#include <string>
#include <string_view>

#include "reference/core/result.hpp"

namespace syncsuite::net {

struct TargetUrl {
  std::string scheme;     // "http" or "https" (lower case)
  std::string host;       // name (lower case) or IP literal; an IPv6 literal without brackets
  std::uint16_t port = 0; // never 0 after parse(): the given port, else 80 / 443
  std::string base_path;  // "" or "/prefix" (percent-encoded as given, no trailing '/')

  // Errors name the text and the rule, e.g. "target URL 'ftp://x': scheme must be http or https".
  static Result<TargetUrl> parse(std::string_view text);

  bool tls() const { return scheme == "https"; }
  // "scheme://" + host_header(): the web origin, e.g. "https://staging.example" or
  // "http://127.0.0.1:8080"; the base path is not part of it.
  std::string origin() const;
  // "host" or "host:port" when the port is not the scheme's default: the Host header's value.
  std::string host_header() const;
  // "host:port", the port always spelled out, for error messages (IPv6 in brackets).
  std::string authority() const;
  // base_path + `target` (a target not starting with '/' gets one): the request line's target.
  std::string request_target(std::string_view target) const;
};

}  // namespace syncsuite::net

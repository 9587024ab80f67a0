#pragma once
// Transport-neutral HTTP messages: what the pure server core takes and returns, and what a client
// transport carries. No sockets, no Beast.
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace syncsuite::protocol {

struct Header {
  std::string name;
  std::string value;
};
using Headers = std::vector<Header>;

// Case-insensitive lookup of the first header named `name`.
std::optional<std::string_view> find_header(const Headers& headers, std::string_view name);

struct HttpRequest {
  std::string method;  // "GET", "POST", ...
  std::string target;  // path with query, e.g. "/api/v1/sync/pull/?since=c12&limit=100"
  Headers headers;
  std::string body;
  std::optional<std::string_view> header(std::string_view name) const {
    return find_header(headers, name);
  }
};

struct HttpResponse {
  int status = 200;
  Headers headers;
  std::string body;
  std::optional<std::string_view> header(std::string_view name) const {
    return find_header(headers, name);
  }
};

}  // namespace syncsuite::protocol

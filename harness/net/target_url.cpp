#include "harness/net/target_url.hpp"

#include <boost/url/parse.hpp>
#include <boost/url/url_view.hpp>
#include <cctype>
#include <charconv>

namespace syncsuite::net {
namespace {

Error url_error(std::string_view text, std::string_view what) {
  return make_error("bad_url", "target URL '" + std::string(text) + "': " + std::string(what));
}

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

bool valid_host_name(std::string_view host) {
  if (host.empty() || host.size() > 253) return false;
  for (char c : host) {
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '.' && c != '-' && c != '_') return false;
  }
  return true;
}

}  // namespace

Result<TargetUrl> TargetUrl::parse(std::string_view text) {
  auto parsed = boost::urls::parse_uri(text);
  if (!parsed) {
    return url_error(text, "not an absolute URL (expected http[s]://host[:port][/prefix])");
  }
  const boost::urls::url_view& u = *parsed;
  TargetUrl out;
  out.scheme = lower(u.scheme());
  if (out.scheme != "http" && out.scheme != "https") {
    return url_error(text, "scheme must be http or https");
  }
  if (!u.has_authority() || u.encoded_host().empty()) {
    return url_error(text, "a host is required");
  }
  if (u.has_userinfo()) {
    return url_error(text, "user info (user:password@) is not allowed; tokens go in the accounts file");
  }
  switch (u.host_type()) {
    case boost::urls::host_type::ipv4:
    case boost::urls::host_type::ipv6:
      out.host = u.host_address();
      break;
    case boost::urls::host_type::name:
      out.host = lower(u.host_address());
      if (!valid_host_name(out.host)) {
        return url_error(text, "host '" + out.host + "' is not a valid host name");
      }
      break;
    default:
      return url_error(text, "host must be a name, an IPv4 address or an [IPv6] address");
  }
  const std::uint16_t default_port = out.tls() ? 443 : 80;
  out.port = default_port;
  if (u.has_port() && !u.port().empty()) {
    const std::string_view p = u.port();
    unsigned value = 0;
    const auto [end, ec] = std::from_chars(p.data(), p.data() + p.size(), value);
    if (ec != std::errc{} || end != p.data() + p.size() || value == 0 || value > 65535) {
      return url_error(text, "port must be a number from 1 to 65535");
    }
    out.port = static_cast<std::uint16_t>(value);
  }
  if (u.has_query()) return url_error(text, "a query ('?...') is not allowed");
  if (u.has_fragment()) return url_error(text, "a fragment ('#...') is not allowed");
  std::string path(u.encoded_path());
  while (!path.empty() && path.back() == '/') path.pop_back();
  out.base_path = std::move(path);
  return out;
}

std::string TargetUrl::host_header() const {
  std::string h = host.find(':') != std::string::npos ? "[" + host + "]" : host;
  const std::uint16_t default_port = tls() ? 443 : 80;
  if (port != default_port) h += ":" + std::to_string(port);
  return h;
}

std::string TargetUrl::authority() const {
  const std::string h = host.find(':') != std::string::npos ? "[" + host + "]" : host;
  return h + ":" + std::to_string(port);
}

std::string TargetUrl::origin() const { return scheme + "://" + host_header(); }

std::string TargetUrl::request_target(std::string_view target) const {
  std::string out = base_path;
  if (target.empty() || target.front() != '/') out += '/';
  out += target;
  return out;
}

}  // namespace syncsuite::net

#pragma once
// Conversion between the transport-neutral protocol::HttpRequest/HttpResponse and Beast messages,
// with the checks and headers every request gets. Internal to harness/net.
#include <boost/beast/http/message.hpp>
#include <boost/beast/http/string_body.hpp>
#include <string_view>

#include "harness/net/target_url.hpp"
#include "reference/core/result.hpp"
#include "reference/protocol/http_message.hpp"

namespace syncsuite::net {

inline constexpr std::string_view kUserAgent = "syncsuite/0.1";

using WireRequest = boost::beast::http::request<boost::beast::http::string_body>;
using WireResponse = boost::beast::http::response<boost::beast::http::string_body>;

// The request as sent to `url`: target prefixed with the base path; Host set; User-Agent set
// unless the caller gave one; Content-Length computed from the body (a caller's Host,
// Content-Length or Transfer-Encoding is replaced). Error "io" when the method, target or a header
// could not be sent as valid HTTP (a space or CR/LF where none may be): nothing is sent then.
Result<WireRequest> to_wire(const TargetUrl& url, protocol::HttpRequest request);

// to_wire's request as the bytes that go on the connection (request line, header, body): for a
// request sent many times unchanged, serialized once (RawConnection).
Result<std::string> to_wire_bytes(const TargetUrl& url, protocol::HttpRequest request);

protocol::HttpResponse from_wire(WireResponse&& response);

}  // namespace syncsuite::net

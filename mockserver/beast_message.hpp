#pragma once
// Beast messages <-> the transport-neutral protocol::HttpRequest/HttpResponse of the server core.
#include <boost/beast/http/message.hpp>
#include <boost/beast/http/string_body.hpp>

#include "reference/protocol/http_message.hpp"

namespace syncsuite::mockserver {

using BeastRequest = boost::beast::http::request<boost::beast::http::string_body>;
using BeastResponse = boost::beast::http::response<boost::beast::http::string_body>;

// Every header field is kept, in order; the body is moved.
protocol::HttpRequest to_protocol(BeastRequest&& request);
// The request line and header fields only, with an empty body (a request whose body is unread).
protocol::HttpRequest head_to_protocol(const BeastRequest& request);

// The framing headers (Content-Length, Transfer-Encoding, Connection) are the server's: the
// core's own are dropped and set again from the body and `keep_alive`.
BeastResponse to_beast(protocol::HttpResponse&& response, unsigned version, bool keep_alive);

}  // namespace syncsuite::mockserver

#pragma once
// A lost answer, on purpose: send a request on a fresh connection, then close it without reading
// the response. The server may or may not have processed the request ("outcome unknown"); a
// scenario checks that a retry afterwards is handled as the contract says.
#include <functional>

#include "harness/net/target_url.hpp"
#include "harness/net/transport_options.hpp"
#include "reference/core/result.hpp"
#include "reference/protocol/http_message.hpp"

namespace boost::asio {
class io_context;
}

namespace syncsuite::net {

// `done` runs on the io_context (never inside this call) once the whole request was written and
// the connection closed, or with Error{"connect"|"tls"|"timeout"|"io"} if that failed. The same
// headers as BeastTransport are added. Each step is bounded by a 10 s deadline.
void send_and_abandon(boost::asio::io_context& io, const TargetUrl& url, const TlsOptions& tls,
                      protocol::HttpRequest request, std::function<void(Status)> done);

}  // namespace syncsuite::net

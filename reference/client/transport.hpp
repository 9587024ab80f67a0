#pragma once
// The client's one seam to the network: send a request, get the response later. Implementations:
// harness/net (Boost.Beast over TCP or TLS, async on an io_context) and, in tests, an in-memory
// transport wired straight to the server core. Completions may run inline or later, but always
// exactly once per send.
#include <functional>

#include "reference/core/result.hpp"
#include "reference/protocol/http_message.hpp"

namespace syncsuite::client {

// On failure the Error code is one of: "connect", "timeout", "io" (reset, truncated, bad HTTP).
using Completion = std::function<void(Result<protocol::HttpResponse>)>;

class Transport {
 public:
  virtual ~Transport() = default;
  // `request.target` is path and query; the transport adds Host, Content-Length and keep-alive.
  virtual void send(protocol::HttpRequest request, Completion done) = 0;
};

}  // namespace syncsuite::client

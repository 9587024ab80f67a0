#pragma once
// client::Transport over Boost.Beast: HTTP/1.1 over TCP or TLS, fully asynchronous on a caller's
// io_context (no threads, no blocking calls), so that one thread can drive thousands of devices.
//
// One keep-alive connection per transport; requests are queued and sent one at a time in FIFO
// order. A connection the server closed while idle is replaced before the next request. A request
// is sent again (once, on a fresh connection) only when the connection was found closed before a
// single byte of it was written: a request that may have reached the server is never repeated.
//
// Errors: "connect" (resolve, connect), "tls" (handshake, certificate, CA file), "timeout" (the
// whole request over TransportOptions::timeout), "io" (write, read, bad or oversized response,
// request not sendable); the message names the request, host:port and the failed step.
// Completions run on the io_context, never inside send(), exactly once per send. Destroying the
// transport closes its connection; pending requests then complete with "io" ("transport closed")
// when the io_context runs again. Destroy transports before their io_context.
#include <memory>

#include "harness/net/target_url.hpp"
#include "harness/net/transport_options.hpp"
#include "reference/client/transport.hpp"

namespace boost::asio {
class io_context;
}

namespace syncsuite::net {

class BeastTransport : public client::Transport {
 public:
  BeastTransport(boost::asio::io_context& io, TargetUrl url, TransportOptions options = {});
  ~BeastTransport() override;
  BeastTransport(const BeastTransport&) = delete;
  BeastTransport& operator=(const BeastTransport&) = delete;

  // Safe to call from any thread; the work happens on the io_context.
  void send(protocol::HttpRequest request, client::Completion done) override;

  const TargetUrl& url() const;

 private:
  struct Impl;
  std::shared_ptr<Impl> impl_;  // shared with pending operations, which may outlive the transport
};

}  // namespace syncsuite::net

#pragma once
// The OpenSSL client context for one set of TlsOptions. Internal to harness/net.
#include <boost/asio/ssl/context.hpp>
#include <memory>

#include "harness/net/transport_options.hpp"
#include "reference/core/result.hpp"

namespace syncsuite::net {

struct TlsContext {
  std::shared_ptr<boost::asio::ssl::context> context;  // shared by all connections of a transport
  bool verify = true;  // check the certificate chain and that it names the target host
};

// System CAs plus `ca_file`; verification off when `insecure`. Error "tls" naming an unreadable
// or invalid CA file. Transports with equal options share one context while any of them lives.
Result<TlsContext> make_tls_context(const TlsOptions& options);

}  // namespace syncsuite::net

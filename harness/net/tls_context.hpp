#pragma once
// The OpenSSL client context for one set of TlsOptions, with client-side session resumption.
// Internal to harness/net.
#include <openssl/ssl.h>

#include <atomic>
#include <boost/asio/ssl/context.hpp>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <string>

#include "harness/net/transport_options.hpp"
#include "reference/core/result.hpp"

namespace syncsuite::net {

// The newest TLS session (a TLS 1.3 ticket, or a TLS 1.2 session) each server gave, by
// authority, offered again on every new connection: thousands of connections to one server then
// cost one full handshake, the rest resume (as browsers and load tools do). Thread-safe.
class TlsSessionCache {
 public:
  TlsSessionCache() = default;
  ~TlsSessionCache();
  TlsSessionCache(const TlsSessionCache&) = delete;
  TlsSessionCache& operator=(const TlsSessionCache&) = delete;

  void remember(const std::string& authority, SSL_SESSION* session);  // takes the reference
  SSL_SESSION* find(const std::string& authority);  // a new reference (free it), or null
  void count_handshake(bool resumed);
  std::uint64_t handshakes() const { return handshakes_.load(); }
  std::uint64_t resumed() const { return resumed_.load(); }

 private:
  std::mutex mutex_;
  std::map<std::string, SSL_SESSION*> sessions_;
  std::atomic<std::uint64_t> handshakes_{0};
  std::atomic<std::uint64_t> resumed_{0};
};

struct TlsContext {
  std::shared_ptr<boost::asio::ssl::context> context;  // shared by all connections of a transport
  bool verify = true;  // check the certificate chain and that it names the target host
  std::shared_ptr<TlsSessionCache> sessions;  // lives as long as `context`
};

// System CAs plus `ca_file`; verification off when `insecure`. Error "tls" naming an unreadable
// or invalid CA file. Transports with equal options share one context while any of them lives.
Result<TlsContext> make_tls_context(const TlsOptions& options);

// Before a client handshake on `ssl`: offers the cached session of `authority` and files the
// sessions the server sends under it. `authority` must outlive `ssl`.
void prepare_resumption(SSL* ssl, const TlsContext& tls, const std::string& authority);

}  // namespace syncsuite::net

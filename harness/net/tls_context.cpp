#include "harness/net/tls_context.hpp"

#include <map>
#include <mutex>
#include <tuple>

namespace syncsuite::net {
namespace {

namespace ssl = boost::asio::ssl;

Result<TlsContext> build(const TlsOptions& options) {
  TlsContext out;
  out.context = std::make_shared<ssl::context>(ssl::context::tls_client);
  out.verify = !options.insecure;
  boost::system::error_code ec;
  if (!out.verify) {
    out.context->set_verify_mode(ssl::verify_none, ec);
    return out;
  }
  out.context->set_default_verify_paths(ec);  // no system store is not an error: ca_file may do
  ec.clear();
  if (options.ca_file) {
    out.context->load_verify_file(*options.ca_file, ec);
    if (ec) {
      return make_error("tls", "cannot load CA file '" + *options.ca_file + "': " + ec.message());
    }
  }
  out.context->set_verify_mode(ssl::verify_peer, ec);
  if (ec) return make_error("tls", "cannot enable certificate verification: " + ec.message());
  return out;
}

}  // namespace

Result<TlsContext> make_tls_context(const TlsOptions& options) {
  // Loading the system CA bundle costs milliseconds and hundreds of KiB per context; thousands of
  // transports with the same options share one (an SSL_CTX is safe to share once set up). Weak
  // entries: a context lives as long as a transport uses it, so a changed CA file is re-read.
  using Key = std::tuple<bool, std::string>;
  static std::mutex mutex;
  static std::map<Key, std::weak_ptr<ssl::context>> cache;
  const Key key{options.insecure, options.ca_file.value_or("")};
  std::lock_guard lock(mutex);
  if (auto it = cache.find(key); it != cache.end()) {
    if (auto shared = it->second.lock()) return TlsContext{shared, !options.insecure};
  }
  auto built = build(options);
  if (built) cache[key] = built->context;
  return built;
}

}  // namespace syncsuite::net

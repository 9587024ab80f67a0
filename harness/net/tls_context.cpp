#include "harness/net/tls_context.hpp"

#include <map>
#include <mutex>
#include <tuple>

namespace syncsuite::net {
namespace {

namespace ssl = boost::asio::ssl;

// A context and its session cache, allocated together so that both live exactly as long.
struct Holder {
  Holder() : context(ssl::context::tls_client) {}
  ssl::context context;
  TlsSessionCache sessions;
};

int context_index() {
  static const int index = SSL_CTX_get_ex_new_index(0, nullptr, nullptr, nullptr, nullptr);
  return index;
}
int connection_index() {
  static const int index = SSL_get_ex_new_index(0, nullptr, nullptr, nullptr, nullptr);
  return index;
}

// OpenSSL calls this when a server sends a session (in TLS 1.3 after the handshake, as tickets).
int on_new_session(SSL* ssl, SSL_SESSION* session) {
  auto* cache = static_cast<TlsSessionCache*>(SSL_CTX_get_ex_data(SSL_get_SSL_CTX(ssl), context_index()));
  const auto* authority = static_cast<const std::string*>(SSL_get_ex_data(ssl, connection_index()));
  if (!cache || !authority) return 0;
  cache->remember(*authority, session);
  return 1;  // we keep the reference
}

TlsContext view(const std::shared_ptr<Holder>& holder, bool verify) {
  return TlsContext{std::shared_ptr<ssl::context>(holder, &holder->context), verify,
                    std::shared_ptr<TlsSessionCache>(holder, &holder->sessions)};
}

Result<std::shared_ptr<Holder>> build(const TlsOptions& options) {
  auto holder = std::make_shared<Holder>();
  SSL_CTX* ctx = holder->context.native_handle();
  SSL_CTX_set_session_cache_mode(ctx, SSL_SESS_CACHE_CLIENT | SSL_SESS_CACHE_NO_INTERNAL_STORE);
  SSL_CTX_sess_set_new_cb(ctx, on_new_session);
  SSL_CTX_set_ex_data(ctx, context_index(), &holder->sessions);
  auto& context = holder->context;
  boost::system::error_code ec;
  if (options.insecure) {
    context.set_verify_mode(ssl::verify_none, ec);
    return holder;
  }
  context.set_default_verify_paths(ec);  // no system store is not an error: ca_file may do
  ec.clear();
  if (options.ca_file) {
    context.load_verify_file(*options.ca_file, ec);
    if (ec) {
      return make_error("tls", "cannot load CA file '" + *options.ca_file + "': " + ec.message());
    }
  }
  context.set_verify_mode(ssl::verify_peer, ec);
  if (ec) return make_error("tls", "cannot enable certificate verification: " + ec.message());
  return holder;
}

}  // namespace

TlsSessionCache::~TlsSessionCache() {
  for (auto& [authority, session] : sessions_) SSL_SESSION_free(session);
}

void TlsSessionCache::remember(const std::string& authority, SSL_SESSION* session) {
  std::lock_guard lock(mutex_);
  auto [it, inserted] = sessions_.emplace(authority, session);
  if (!inserted) {
    SSL_SESSION_free(it->second);
    it->second = session;
  }
}

SSL_SESSION* TlsSessionCache::find(const std::string& authority) {
  std::lock_guard lock(mutex_);
  auto it = sessions_.find(authority);
  if (it == sessions_.end() || !SSL_SESSION_is_resumable(it->second)) return nullptr;
  SSL_SESSION_up_ref(it->second);
  return it->second;
}

void TlsSessionCache::count_handshake(bool resumed) {
  ++handshakes_;
  if (resumed) ++resumed_;
}

Result<TlsContext> make_tls_context(const TlsOptions& options) {
  // Loading the system CA bundle costs milliseconds and hundreds of KiB per context; thousands of
  // transports with the same options share one (an SSL_CTX is safe to share once set up), and
  // with it the sessions to resume. Weak entries: a context lives as long as a transport uses
  // it, so a changed CA file is re-read.
  using Key = std::tuple<bool, std::string>;
  static std::mutex mutex;
  static std::map<Key, std::weak_ptr<Holder>> cache;
  const Key key{options.insecure, options.ca_file.value_or("")};
  std::lock_guard lock(mutex);
  if (auto it = cache.find(key); it != cache.end()) {
    if (auto shared = it->second.lock()) return view(shared, !options.insecure);
  }
  auto built = build(options);
  if (!built) return built.error();
  cache[key] = *built;
  return view(*built, !options.insecure);
}

void prepare_resumption(SSL* ssl, const TlsContext& tls, const std::string& authority) {
  if (!tls.sessions) return;
  SSL_set_ex_data(ssl, connection_index(), const_cast<std::string*>(&authority));
  if (SSL_SESSION* session = tls.sessions->find(authority)) {
    SSL_set_session(ssl, session);
    SSL_SESSION_free(session);  // SSL_set_session took its own reference
  }
}

}  // namespace syncsuite::net

#include "mockserver/server.hpp"

#include <openssl/ssl.h>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/address.hpp>
#include <boost/asio/ssl/context.hpp>
#include <algorithm>
#include <chrono>
#include <exception>
#include <iostream>
#include <mutex>
#include <thread>
#include <vector>

#include "mockserver/listener.hpp"
#include "mockserver/server_state.hpp"

namespace syncsuite::mockserver {
namespace net = boost::asio;

struct Server::Impl {
  explicit Impl(int threads) : ioc(threads) {}

  std::shared_ptr<ServerState> state;
  std::shared_ptr<net::ssl::context> tls;
  std::chrono::milliseconds drain_timeout{0};
  net::io_context ioc;  // after `state` and `tls`: destroyed first, with any handler left
  std::shared_ptr<Listener> listener;
  std::vector<std::thread> threads;
  std::string url;
  std::mutex stop_mutex;
  bool stopped = false;
};

namespace {

Result<std::shared_ptr<net::ssl::context>> load_tls(const TlsFiles& files) {
  auto context = std::make_shared<net::ssl::context>(net::ssl::context::tls_server);
  context->set_options(net::ssl::context::default_workarounds | net::ssl::context::no_sslv2 |
                       net::ssl::context::no_sslv3 | net::ssl::context::no_tlsv1 |
                       net::ssl::context::no_tlsv1_1);
  boost::system::error_code ec;
  context->use_certificate_chain_file(files.cert_file.string(), ec);
  if (ec) {
    return make_error("tls", "cannot load the certificate chain from " +
                                 files.cert_file.string() + ": " + ec.message());
  }
  context->use_private_key_file(files.key_file.string(), net::ssl::context::pem, ec);
  if (ec) {
    return make_error("tls", "cannot load the private key from " + files.key_file.string() +
                                 ": " + ec.message());
  }
  if (SSL_CTX_check_private_key(context->native_handle()) != 1) {
    return make_error("tls", "the private key " + files.key_file.string() +
                                 " does not match the certificate " + files.cert_file.string());
  }
  return context;
}

std::string make_url(const net::ip::address& address, std::uint16_t port, bool tls) {
  const std::string host =
      address.is_v6() ? "[" + address.to_string() + "]" : address.to_string();
  return std::string(tls ? "https" : "http") + "://" + host + ":" + std::to_string(port);
}

}  // namespace

Result<std::unique_ptr<Server>> Server::start(ServerOptions options) {
  if (auto valid = options.validate(); !valid) {
    return valid.error();
  }
  boost::system::error_code ec;
  const auto address = net::ip::make_address(options.address, ec);
  if (ec) {
    return make_error("bad_options",
                      "server options: address: not an IP address: \"" + options.address + "\"");
  }
  std::shared_ptr<net::ssl::context> tls;
  if (options.tls) {
    auto loaded = load_tls(*options.tls);
    if (!loaded) {
      return loaded.error();
    }
    tls = std::move(loaded).value();
  }
  auto core = server::SyncService::open({options.db_path, options.mutant, options.shards});
  if (!core) {
    return core.error();
  }

  auto impl = std::make_unique<Impl>(options.threads);
  impl->state = std::make_shared<ServerState>(options, std::move(core).value());
  impl->state->faults.install(std::move(options.faults));
  impl->tls = tls;
  impl->drain_timeout = options.drain_timeout;
  auto listener = Listener::open(impl->ioc, net::ip::tcp::endpoint(address, options.port),
                                 impl->state, tls);
  if (!listener) {
    return listener.error();
  }
  impl->listener = std::move(listener).value();
  impl->url = make_url(address, impl->listener->port(), tls != nullptr);
  impl->listener->run();
  for (int i = 0; i < options.threads; ++i) {
    impl->threads.emplace_back([&ioc = impl->ioc] {
      // A handler that throws must not take the server down silently.
      for (;;) {
        try {
          ioc.run();
          return;
        } catch (const std::exception& e) {
          std::cerr << "mockserver: unexpected exception in a handler: " << e.what() << "\n";
        }
      }
    });
  }
  return std::unique_ptr<Server>(new Server(std::move(impl)));
}

Server::Server(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

Server::~Server() { stop(); }

std::uint16_t Server::port() const { return impl_->listener->port(); }

std::string Server::url() const { return impl_->url; }

void Server::stop() {
  std::lock_guard lock(impl_->stop_mutex);
  if (impl_->stopped) {
    return;
  }
  impl_->stopped = true;
  impl_->state->stopping = true;
  impl_->listener->stop();
  // Asked again every 100 ms until the drain time is up: a session that was between two states
  // when first asked (its answer just written, its next read not yet begun) is idle by a later
  // round, and an idle connection must not hold the stop for the whole drain time.
  const auto deadline = std::chrono::steady_clock::now() + impl_->drain_timeout;
  for (;;) {
    impl_->state->sessions.stop_all();
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    if (impl_->state->sessions.wait_empty(std::clamp(left, std::chrono::milliseconds(0),
                                                     std::chrono::milliseconds(100))) ||
        left.count() <= 100) {
      break;
    }
  }
  // Whatever is left (a client that never finishes its request) is abandoned.
  impl_->ioc.stop();
  for (auto& thread : impl_->threads) {
    thread.join();
  }
}

std::size_t Server::open_connections() const { return impl_->state->sessions.size(); }

server::SyncService& Server::service() { return *impl_->state->service; }

FaultInjector& Server::faults() { return impl_->state->faults; }

Journal& Server::journal() { return impl_->state->journal; }

}  // namespace syncsuite::mockserver

#include "mockserver/listener.hpp"

#include <boost/asio/post.hpp>
#include <boost/asio/strand.hpp>
#include <chrono>
#include <future>
#include <string>

#include "mockserver/http_session.hpp"

namespace syncsuite::mockserver {
namespace net = boost::asio;
using tcp = net::ip::tcp;

Listener::Listener(net::io_context& ioc, std::shared_ptr<ServerState> state,
                   std::shared_ptr<net::ssl::context> tls)
    : ioc_(ioc),
      acceptor_(net::make_strand(ioc)),
      retry_(acceptor_.get_executor()),
      state_(std::move(state)),
      tls_(std::move(tls)) {}

Result<std::shared_ptr<Listener>> Listener::open(net::io_context& ioc, const tcp::endpoint& endpoint,
                                                 std::shared_ptr<ServerState> state,
                                                 std::shared_ptr<net::ssl::context> tls) {
  auto listener = std::make_shared<Listener>(ioc, std::move(state), std::move(tls));
  const std::string where = endpoint.address().to_string() + ":" + std::to_string(endpoint.port());
  boost::system::error_code ec;
  auto& acceptor = listener->acceptor_;
  acceptor.open(endpoint.protocol(), ec);
  if (!ec) {
    // Lets a restarted server bind while old connections linger in TIME_WAIT; on Linux it does
    // not let two servers share a port.
    acceptor.set_option(net::socket_base::reuse_address(true), ec);
  }
  if (!ec) {
    acceptor.bind(endpoint, ec);
  }
  if (!ec) {
    acceptor.listen(net::socket_base::max_listen_connections, ec);
  }
  if (ec) {
    return make_error("listen", "cannot listen on " + where + ": " + ec.message());
  }
  listener->port_ = acceptor.local_endpoint(ec).port();
  return listener;
}

void Listener::run() { do_accept(); }

void Listener::stop() {
  // Closed on the acceptor's strand (closing beside a pending accept would race), and waited
  // for, so that the port refuses connections once stop() returns.
  std::promise<void> closed;
  auto done = closed.get_future();
  net::post(acceptor_.get_executor(), [self = shared_from_this(), &closed] {
    boost::system::error_code ignored;
    self->acceptor_.close(ignored);
    self->retry_.cancel();
    closed.set_value();
  });
  done.wait();
}

void Listener::do_accept() {
  if (!acceptor_.is_open()) {
    return;
  }
  // Each connection gets its own strand: its handlers never run concurrently.
  acceptor_.async_accept(net::make_strand(ioc_), [self = shared_from_this()](
                                                     boost::system::error_code ec,
                                                     tcp::socket socket) {
    self->on_accept(ec, std::move(socket));
  });
}

void Listener::on_accept(boost::system::error_code ec, tcp::socket socket) {
  if (ec == net::error::operation_aborted || !acceptor_.is_open()) {
    return;  // stopped
  }
  if (ec) {
    // Out of file descriptors and the like: wait a little instead of spinning.
    retry_.expires_after(std::chrono::milliseconds(50));
    retry_.async_wait([self = shared_from_this()](boost::system::error_code wait_ec) {
      if (!wait_ec) {
        self->do_accept();
      }
    });
    return;
  }
  if (tls_) {
    start_https_session(std::move(socket), tls_, state_);
  } else {
    start_http_session(std::move(socket), state_);
  }
  do_accept();
}

}  // namespace syncsuite::mockserver

#pragma once
// Accepts connections and starts a session on its own strand for each.
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <cstdint>
#include <memory>

#include "mockserver/server_state.hpp"
#include "reference/core/result.hpp"

namespace syncsuite::mockserver {

class Listener : public std::enable_shared_from_this<Listener> {
 public:
  // Opens, binds and listens at once, so that a taken port or a bad address is an error of
  // start() rather than of a later handler. `tls` null: plain HTTP.
  static Result<std::shared_ptr<Listener>> open(boost::asio::io_context& ioc,
                                                const boost::asio::ip::tcp::endpoint& endpoint,
                                                std::shared_ptr<ServerState> state,
                                                std::shared_ptr<boost::asio::ssl::context> tls);
  Listener(boost::asio::io_context& ioc, std::shared_ptr<ServerState> state,
           std::shared_ptr<boost::asio::ssl::context> tls);

  void run();
  // Closes the acceptor and returns once it is closed; running sessions are not touched.
  // Thread-safe, but must not be called from a server thread (it waits for one).
  void stop();
  std::uint16_t port() const { return port_; }

 private:
  void do_accept();
  void on_accept(boost::system::error_code ec, boost::asio::ip::tcp::socket socket);

  boost::asio::io_context& ioc_;
  boost::asio::ip::tcp::acceptor acceptor_;  // on its own strand
  boost::asio::steady_timer retry_;          // pause after an accept error (e.g. no more fds)
  std::shared_ptr<ServerState> state_;
  std::shared_ptr<boost::asio::ssl::context> tls_;
  std::uint16_t port_ = 0;
};

}  // namespace syncsuite::mockserver

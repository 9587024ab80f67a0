#pragma once
// One accepted connection: read a request, route it (control endpoint, fault, server core),
// write the answer, and again while the client keeps the connection alive.
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/context.hpp>
#include <memory>

#include "mockserver/server_state.hpp"

namespace syncsuite::mockserver {

// The socket's executor must be a strand: every handler of the session runs on it.
void start_http_session(boost::asio::ip::tcp::socket socket, std::shared_ptr<ServerState> state);
void start_https_session(boost::asio::ip::tcp::socket socket,
                         std::shared_ptr<boost::asio::ssl::context> tls,
                         std::shared_ptr<ServerState> state);

}  // namespace syncsuite::mockserver

#pragma once
// One client connection to a target (TCP, or TLS over TCP): open, write a request, read a
// response, close. Every step is asynchronous, bounded by a deadline, and reports errors as
// Error{"connect" | "tls" | "timeout" | "io"} naming host:port and the step. Internal to
// harness/net: BeastTransport keeps one alive across requests; send_and_abandon uses one once.
#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/ssl/ssl_stream.hpp>
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <variant>
#include <vector>

#include "harness/net/target_url.hpp"
#include "harness/net/tls_context.hpp"
#include "harness/net/wire_message.hpp"
#include "reference/core/result.hpp"
#include "reference/protocol/http_message.hpp"

namespace syncsuite::net {

class Connection : public std::enable_shared_from_this<Connection> {
 public:
  using Clock = std::chrono::steady_clock;
  using OpenHandler = std::function<void(Status)>;
  // `bytes_written` lets the caller tell "nothing sent" from "maybe processed".
  using WriteHandler = std::function<void(Status, std::size_t bytes_written)>;
  // `keep_alive`: the server allows another request on this connection.
  using ReadHandler = std::function<void(Result<protocol::HttpResponse>, bool keep_alive)>;

  // `tls` is used only for https targets. All handlers run on `executor`.
  Connection(boost::asio::any_io_executor executor, const TargetUrl& url, const TlsContext& tls);

  // Resolve (skipped for IP literals), connect, and for https the TLS handshake with SNI and,
  // unless insecure, certificate and host name verification.
  void open(Clock::time_point deadline, OpenHandler done);
  // `request` must stay alive until `done` runs. After a failed write the connection is left
  // open: a server that answered early (413 before reading the whole body) and closed can still
  // have its answer read; the caller closes.
  void write(const WireRequest& request, Clock::time_point deadline, WriteHandler done);
  void read(bool head_request, std::uint64_t body_limit, Clock::time_point deadline,
            ReadHandler done);
  // Between requests: no deadline runs on an idle connection.
  void set_idle();
  // True when open and idle and the server has neither closed it nor sent anything unasked:
  // a peek at the socket, so a keep-alive connection closed by the server is not reused.
  bool reusable();
  // Throws away bytes already received (without waiting for more), then closes.
  void discard_input_and_close();
  void close();

 private:
  using PlainStream = boost::beast::tcp_stream;
  using TlsStream = boost::beast::ssl_stream<boost::beast::tcp_stream>;

  boost::beast::tcp_stream& tcp();
  // The handler travels along the chain of operations (never stored in this object, so no
  // ownership cycle survives an io_context destroyed mid-operation).
  void connect(std::vector<boost::asio::ip::tcp::endpoint> endpoints, OpenHandler done);
  void handshake(OpenHandler done);
  void finish_open(Status status, OpenHandler& done);
  Error failure(const boost::system::error_code& ec, const char* code, const std::string& what) const;

  TargetUrl url_;
  TlsContext tls_;
  std::string session_key_;  // the authority its TLS sessions are filed under (outlives the SSL)
  boost::asio::ip::tcp::resolver resolver_;
  boost::asio::steady_timer resolve_timer_;
  std::variant<PlainStream, TlsStream> stream_;
  boost::beast::flat_buffer buffer_;
  std::optional<boost::beast::http::response_parser<boost::beast::http::string_body>> parser_;
  Clock::time_point deadline_{};
  bool open_ = false;
};

}  // namespace syncsuite::net

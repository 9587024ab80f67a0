#include "harness/net/connection.hpp"

#include <openssl/ssl.h>
#include <openssl/x509_vfy.h>
#include <sys/socket.h>

#include <boost/asio/ip/address.hpp>
#include <boost/asio/ssl/error.hpp>
#include <boost/beast/core/error.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/write.hpp>
#include <algorithm>
#include <cerrno>
#include <cstdint>
#include <string>

namespace syncsuite::net {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;

constexpr std::uint32_t kHeaderLimit = 64 * 1024;  // response header section, bytes
constexpr std::uint64_t kBodyReadRoom = 64 * 1024;  // read room while a body arrives
constexpr std::size_t kIdleReadRoom = 4 * 1024;     // what an idle connection may keep

}  // namespace

Connection::Connection(asio::any_io_executor executor, const TargetUrl& url, const TlsContext& tls)
    : url_(url),
      tls_(tls),
      resolver_(executor),
      resolve_timer_(executor),
      stream_(url.tls() && tls.context
                  ? std::variant<PlainStream, TlsStream>(std::in_place_type<TlsStream>, executor,
                                                         *tls.context)
                  : std::variant<PlainStream, TlsStream>(std::in_place_type<PlainStream>, executor)) {}

beast::tcp_stream& Connection::tcp() {
  return std::visit([](auto& s) -> beast::tcp_stream& { return beast::get_lowest_layer(s); }, stream_);
}

Error Connection::failure(const boost::system::error_code& ec, const char* code,
                          const std::string& what) const {
  if (ec == beast::error::timeout || Clock::now() >= deadline_) {
    return make_error("timeout", "timed out " + what);
  }
  return make_error(code, what + " failed: " + ec.message());
}

void Connection::open(Clock::time_point deadline, OpenHandler done) {
  deadline_ = deadline;
  boost::system::error_code ec;
  const asio::ip::address address = asio::ip::make_address(url_.host, ec);
  if (!ec) {
    connect({tcp::endpoint(address, url_.port)}, std::move(done));
    return;
  }
  // Resolver operations have no stream deadline of their own: a timer cancels them.
  resolve_timer_.expires_at(deadline);
  resolve_timer_.async_wait([self = shared_from_this()](boost::system::error_code timer_ec) {
    if (!timer_ec) self->resolver_.cancel();
  });
  resolver_.async_resolve(
      url_.host, std::to_string(url_.port),
      [self = shared_from_this(), done = std::move(done)](boost::system::error_code resolve_ec,
                                                          tcp::resolver::results_type results) mutable {
        self->resolve_timer_.cancel();
        if (resolve_ec) {
          self->finish_open(self->failure(resolve_ec, "connect", "resolving host '" + self->url_.host + "'"),
                            done);
          return;
        }
        std::vector<tcp::endpoint> endpoints;
        for (const auto& entry : results) endpoints.push_back(entry.endpoint());
        self->connect(std::move(endpoints), std::move(done));
      });
}

void Connection::connect(std::vector<tcp::endpoint> endpoints, OpenHandler done) {
  tcp().expires_at(deadline_);
  auto shared_endpoints = std::make_shared<std::vector<tcp::endpoint>>(std::move(endpoints));
  tcp().async_connect(*shared_endpoints, [self = shared_from_this(), shared_endpoints, done = std::move(done)](
                                             boost::system::error_code ec, const tcp::endpoint&) mutable {
    if (ec) {
      self->finish_open(self->failure(ec, "connect", "connecting to " + self->url_.authority()), done);
      return;
    }
    boost::system::error_code ignored;
    self->tcp().socket().set_option(tcp::no_delay(true), ignored);  // small requests: no Nagle delay
    self->open_ = true;
    if (std::holds_alternative<TlsStream>(self->stream_)) {
      self->handshake(std::move(done));
    } else {
      self->finish_open(ok_status(), done);
    }
  });
}

void Connection::handshake(OpenHandler done) {
  auto& tls = std::get<TlsStream>(stream_);
  SSL* ssl = tls.native_handle();
  boost::system::error_code ec;
  const bool is_ip = (asio::ip::make_address(url_.host, ec), !ec);
  // SNI carries names only (RFC 6066); verification checks the name or the IP address.
  if (!is_ip) SSL_set_tlsext_host_name(ssl, url_.host.c_str());
  if (tls_.verify) {
    const int set = is_ip ? X509_VERIFY_PARAM_set1_ip_asc(SSL_get0_param(ssl), url_.host.c_str())
                          : SSL_set1_host(ssl, url_.host.c_str());
    if (set != 1) {
      finish_open(make_error("tls", "cannot set up host name verification for " + url_.authority()), done);
      return;
    }
  }
  session_key_ = url_.authority();
  prepare_resumption(ssl, tls_, session_key_);
  tcp().expires_at(deadline_);
  tls.async_handshake(asio::ssl::stream_base::client, [self = shared_from_this(), done = std::move(done)](
                                                          boost::system::error_code hs_ec) mutable {
    if (!hs_ec) {
      if (self->tls_.sessions) {
        self->tls_.sessions->count_handshake(
            SSL_session_reused(std::get<TlsStream>(self->stream_).native_handle()) == 1);
      }
      self->finish_open(ok_status(), done);
      return;
    }
    Error error = self->failure(hs_ec, "tls", "TLS handshake with " + self->url_.authority());
    const long verify = SSL_get_verify_result(std::get<TlsStream>(self->stream_).native_handle());
    if (error.code == "tls" && verify != X509_V_OK) {
      error.message += " (" + std::string(X509_verify_cert_error_string(verify)) + ")";
    }
    self->finish_open(std::move(error), done);
  });
}

void Connection::finish_open(Status status, OpenHandler& done) {
  if (!status) close();
  auto handler = std::move(done);
  handler(std::move(status));
}

void Connection::write(const WireRequest& request, Clock::time_point deadline, WriteHandler done) {
  deadline_ = deadline;
  tcp().expires_at(deadline);
  auto handler = [self = shared_from_this(), done = std::move(done)](boost::system::error_code ec,
                                                                     std::size_t bytes) {
    if (ec) {
      Error error = self->failure(ec, "io", "writing the request to " + self->url_.authority());
      done(std::move(error), bytes);  // still open: an early response may be waiting to be read
      return;
    }
    done(ok_status(), bytes);
  };
  std::visit([&](auto& s) { http::async_write(s, request, std::move(handler)); }, stream_);
}

void Connection::read(bool head_request, std::uint64_t body_limit, Clock::time_point deadline,
                      ReadHandler done) {
  deadline_ = deadline;
  parser_.emplace();
  parser_->header_limit(kHeaderLimit);
  parser_->body_limit(body_limit);
  parser_->skip(head_request);  // a response to HEAD has no body whatever its Content-Length
  tcp().expires_at(deadline);
  auto handler = [self = shared_from_this(), done = std::move(done), body_limit](boost::system::error_code ec,
                                                                                std::size_t) {
    if (ec) {
      const std::string what = "reading the response from " + self->url_.authority();
      Error error = self->failure(ec, "io", what);
      if (error.code == "io") {
        if (ec == http::error::end_of_stream || ec == http::error::partial_message ||
            ec == asio::ssl::error::stream_truncated || ec == asio::error::eof) {
          error.message = what + " failed: the server closed the connection before a complete response";
        } else if (ec == http::error::body_limit) {
          error.message = what + " failed: body over the limit of " + std::to_string(body_limit) + " bytes";
        }
      }
      self->close();
      done(std::move(error), false);
      return;
    }
    WireResponse message = self->parser_->release();
    self->parser_.reset();
    if (self->buffer_.size() == 0 && self->buffer_.capacity() > kIdleReadRoom) {
      self->buffer_.shrink_to_fit();  // an idle connection keeps no body's read room
    }
    const bool keep_alive = message.keep_alive();
    done(from_wire(std::move(message)), keep_alive);
  };
  // Header first, then the body with room for up to kBodyReadRoom per read: Beast reads only the
  // buffer's free room (512 bytes at least), so a 300 KB pull page came in hundreds of reads.
  auto body = [self = shared_from_this(), handler = std::move(handler)](
                  boost::system::error_code ec, std::size_t bytes) mutable {
    if (ec) return handler(ec, bytes);
    const auto length = self->parser_->content_length();
    if (length && *length > self->buffer_.capacity() - self->buffer_.size()) {
      const auto room = static_cast<std::size_t>(std::min<std::uint64_t>(*length, kBodyReadRoom));
      self->buffer_.reserve(self->buffer_.size() + room);
    }
    std::visit(
        [&](auto& s) { http::async_read(s, self->buffer_, *self->parser_, std::move(handler)); },
        self->stream_);
  };
  std::visit([&](auto& s) { http::async_read_header(s, buffer_, *parser_, std::move(body)); },
             stream_);
}

void Connection::set_idle() {
  if (open_) tcp().expires_never();
}

bool Connection::reusable() {
  if (!open_ || !tcp().socket().is_open() || buffer_.size() != 0) return false;
  if (std::holds_alternative<TlsStream>(stream_) &&
      SSL_pending(std::get<TlsStream>(stream_).native_handle()) > 0) {
    return false;
  }
  char byte = 0;
  const auto fd = tcp().socket().native_handle();
  const ssize_t n = ::recv(fd, &byte, 1, MSG_PEEK | MSG_DONTWAIT);
  // 0: the server closed it; > 0: bytes nobody asked for (a TLS alert, garbage); error other than
  // "would block": reset. Only "nothing to read" means alive and idle.
  return n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK);
}

void Connection::discard_input_and_close() {
  if (open_ && tcp().socket().is_open()) {
    // Unread input would make close() send a reset, which may destroy request bytes still queued
    // for sending; drop what has arrived (e.g. TLS session tickets) first.
    const auto fd = tcp().socket().native_handle();
    char sink[4096];
    for (int i = 0; i < 256 && ::recv(fd, sink, sizeof sink, MSG_DONTWAIT) > 0; ++i) {
    }
  }
  close();
}

void Connection::close() {
  open_ = false;
  resolver_.cancel();
  resolve_timer_.cancel();
  tcp().close();
}

}  // namespace syncsuite::net

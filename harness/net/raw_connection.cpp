#include "harness/net/raw_connection.hpp"

#include <sys/socket.h>

#include <boost/asio/connect.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/http/error.hpp>
#include <cerrno>

namespace syncsuite::net {

namespace asio = boost::asio;
namespace http = boost::beast::http;
using tcp = asio::ip::tcp;

namespace {
constexpr std::size_t kReadChunk = 16 * 1024;
constexpr std::uint32_t kHeaderLimit = 64 * 1024;  // as Connection
// Idle longer than this, a connection is checked before reuse (servers close idle keep-alive
// connections after seconds; a few milliseconds of idleness cost one peek).
constexpr std::chrono::milliseconds kCheckWhenIdle{10};
}  // namespace

RawConnection::RawConnection(asio::io_context& io, tcp::endpoint endpoint, std::string authority,
                             std::uint64_t body_limit, Listener& listener)
    : socket_(io),
      endpoint_(endpoint),
      authority_(std::move(authority)),
      body_limit_(body_limit),
      listener_(listener) {}

void RawConnection::open(Clock::time_point deadline) {
  deadline_ = deadline;
  phase_ = Phase::opening;
  connect();
}

void RawConnection::send(std::string_view request, Clock::time_point now, Clock::time_point deadline) {
  request_ = request;
  deadline_ = deadline;
  timed_out_ = false;
  if (connected_ && now - answered_at_ >= kCheckWhenIdle && !still_open()) connected_ = false;
  if (connected_) {
    phase_ = Phase::writing;
    write();
  } else {
    phase_ = Phase::connecting;
    connect();
  }
}

// "Nothing to read" is the only answer of a live idle connection: 0 is the server's close, bytes
// are something nobody asked for, an error a reset.
bool RawConnection::still_open() {
  char byte = 0;
  const ssize_t n = ::recv(socket_.native_handle(), &byte, 1, MSG_PEEK | MSG_DONTWAIT);
  return n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK);
}

void RawConnection::connect() {
  boost::system::error_code ignored;
  socket_.close(ignored);
  buffer_.clear();
  socket_.async_connect(endpoint_, [this](const boost::system::error_code& ec) { on_connect(ec); });
}

void RawConnection::on_connect(const boost::system::error_code& ec) {
  if (closed_) return;
  if (ec) return fail(ec, "connect", "connecting to");
  boost::system::error_code ignored;
  socket_.set_option(tcp::no_delay(true), ignored);  // small requests: no Nagle delay
  socket_.non_blocking(true, ignored);               // write_some: never waits
  connected_ = true;
  if (phase_ == Phase::opening) {
    phase_ = Phase::idle;
    listener_.raw_opened(*this, std::nullopt);
    return;
  }
  phase_ = Phase::writing;
  write();
}

// Written at once when the socket takes it all (small requests always do): no handler to run.
// What the socket does not take goes out asynchronously.
void RawConnection::write() {
  boost::system::error_code ec;
  const std::size_t written = socket_.write_some(asio::buffer(request_.data(), request_.size()), ec);
  if (ec && ec != asio::error::would_block) {
    // Reported from the loop, as every completion: never inside send().
    asio::post(socket_.get_executor(), [this, ec] {
      if (!closed_) fail(ec, "io", "writing the request to");
    });
    return;
  }
  if (written == request_.size()) return start_reading();
  asio::async_write(socket_, asio::buffer(request_.data() + written, request_.size() - written),
                    [this](const boost::system::error_code& write_ec, std::size_t) {
                      if (closed_) return;
                      if (write_ec) return fail(write_ec, "io", "writing the request to");
                      start_reading();
                    });
}

void RawConnection::start_reading() {
  phase_ = Phase::reading;
  parser_.emplace();
  parser_->header_limit(kHeaderLimit);
  parser_->body_limit(body_limit_);
  parser_->eager(true);
  read();
}

void RawConnection::read() {
  socket_.async_read_some(buffer_.prepare(kReadChunk),
                          [this](const boost::system::error_code& ec, std::size_t bytes) { on_read(ec, bytes); });
}

void RawConnection::on_read(const boost::system::error_code& read_ec, std::size_t bytes) {
  if (closed_) return;
  buffer_.commit(bytes);
  boost::system::error_code ec;
  if (read_ec == asio::error::eof) {
    // The server closed: the answer may be one delimited by the end of the connection.
    if (parse(ec) || (ec == http::error::need_more && parser_->got_some() && (parser_->put_eof(ec), !ec))) {
      connected_ = false;
      return answered();
    }
    return fail(http::error::partial_message, "io", "reading the response from");
  }
  if (read_ec) return fail(read_ec, "io", "reading the response from");
  if (parse(ec)) return answered();
  if (ec != http::error::need_more) return fail(ec, "io", "reading the response from");
  read();
}

// Feeds what was read to the parser; true when the answer is complete.
bool RawConnection::parse(boost::system::error_code& ec) {
  while (buffer_.size() > 0) {
    const std::size_t used = parser_->put(buffer_.data(), ec);
    buffer_.consume(used);
    if (ec || parser_->is_done()) break;
    if (used == 0) {
      ec = http::error::need_more;
      break;
    }
  }
  if (!ec && !parser_->is_done()) ec = http::error::need_more;
  return !ec && parser_->is_done();
}

void RawConnection::answered() {
  Answer answer;
  answer.status = parser_->status();
  answer.body_bytes = parser_->body_bytes();
  // Bytes beyond the answer were never asked for: the connection is out of step, start afresh.
  if (!parser_->keep_alive() || buffer_.size() > 0) {
    boost::system::error_code ignored;
    socket_.close(ignored);
    connected_ = false;
  }
  phase_ = Phase::idle;
  answered_at_ = Clock::now();
  listener_.raw_answered(*this, answer);
}

void RawConnection::fail(const boost::system::error_code& ec, const char* code, const char* step) {
  boost::system::error_code ignored;
  socket_.close(ignored);
  connected_ = false;
  Answer answer;
  if (timed_out_) {
    answer.error = make_error("timeout", std::string("timed out ") + step + " " + authority_);
  } else if (ec == http::error::body_limit) {
    answer.error = make_error(code, std::string(step) + " " + authority_ +
                                        " failed: body over the limit of " + std::to_string(body_limit_) +
                                        " bytes");
  } else {
    answer.error = make_error(code, std::string(step) + " " + authority_ + " failed: " + ec.message());
  }
  const bool opening = phase_ == Phase::opening;
  phase_ = Phase::idle;
  answered_at_ = Clock::now();
  if (opening) {
    listener_.raw_opened(*this, answer.error);
  } else {
    listener_.raw_answered(*this, answer);
  }
}

void RawConnection::expire(Clock::time_point now) {
  if (phase_ == Phase::idle || now < deadline_ || timed_out_) return;
  timed_out_ = true;
  boost::system::error_code ignored;
  socket_.cancel(ignored);  // the operation in flight ends with operation_aborted, then fail()
}

void RawConnection::close() {
  closed_ = true;
  connected_ = false;
  boost::system::error_code ignored;
  socket_.close(ignored);
}

}  // namespace syncsuite::net

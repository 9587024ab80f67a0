#include "mockserver/http_session.hpp"

#include <algorithm>
#include <boost/asio/dispatch.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/bind_handler.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/string.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/empty_body.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/write.hpp>
#include <boost/beast/ssl/ssl_stream.hpp>
#include <chrono>
#include <cstdint>
#include <optional>
#include <sstream>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

#include "mockserver/beast_message.hpp"
#include "mockserver/control_endpoint.hpp"
#include "mockserver/health_endpoint.hpp"
#include "reference/server/json_response.hpp"
#include "reference/core/timestamp.hpp"

namespace syncsuite::mockserver {
namespace {

namespace beast = boost::beast;
namespace http = beast::http;
namespace net = boost::asio;
using tcp = net::ip::tcp;
using TlsStream = beast::ssl_stream<beast::tcp_stream>;

// How long a rejected client may go on sending (its unread body) before the connection is cut:
// closing at once would reset the connection and the client might never read the rejection.
constexpr std::chrono::milliseconds kMaxLinger{5000};
constexpr std::size_t kDrainChunk = 16 * 1024;
// Read room while a request body arrives (read_body), and what an idle connection may keep.
constexpr std::uint64_t kBodyReadRoom = 64 * 1024;
constexpr std::size_t kIdleReadRoom = 4 * 1024;

bool is_http_parse_error(const beast::error_code& ec) {
  return ec.category() == http::make_error_code(http::error::bad_method).category();
}

std::string_view trim(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  return text;
}

// Only "chunked" is a transfer coding this server decodes (RFC 9110 answers others with 501).
// Beast would read a request with another coding as one without a body, and take the body's
// bytes for the next request.
bool unsupported_transfer_coding(const BeastRequest& request) {
  const auto field = request.find(http::field::transfer_encoding);
  if (field == request.end()) return false;
  return request.count(http::field::transfer_encoding) > 1 ||
         !beast::iequals(trim(field->value()), "chunked");
}

// A response to HEAD carries no body; its Content-Length stays that of the body it would have
// had (RFC 9110 section 9.3.2), which tells the client that no bytes follow the header.
void omit_body(BeastResponse& response) {
  const auto length = response.body().size();
  response.body().clear();
  response.content_length(length);
}

template <class Stream>
class HttpSession : public StoppableSession,
                    public std::enable_shared_from_this<HttpSession<Stream>> {
  static constexpr bool kTls = std::is_same_v<Stream, TlsStream>;

 public:
  template <class... StreamArgs>
  explicit HttpSession(std::shared_ptr<ServerState> state, StreamArgs&&... stream_args)
      : state_(std::move(state)),
        stream_(std::forward<StreamArgs>(stream_args)...),
        timer_(stream_.get_executor()),
        read_timer_(stream_.get_executor()),
        connection_(state_->next_connection++) {}

  ~HttpSession() override {
    if (registry_id_ != 0) {
      state_->sessions.remove(registry_id_);
    }
  }

  void run() {
    net::dispatch(stream_.get_executor(),
                  beast::bind_front_handler(&HttpSession::on_start, this->shared_from_this()));
  }

  void request_stop() override {
    net::post(stream_.get_executor(), [self = this->shared_from_this()] { self->on_stop(); });
  }

 private:
  // busy: a request is being handled or answered; it is finished before a stop closes.
  enum class Phase { starting, handshake, reading, delaying, busy, closing };

  beast::tcp_stream& lowest() { return beast::get_lowest_layer(stream_); }

  void on_start() {
    registry_id_ = state_->sessions.add(this->weak_from_this());
    if (state_->stopping) {
      return close_now();
    }
    if constexpr (kTls) {
      phase_ = Phase::handshake;
      lowest().expires_after(state_->io_timeout);
      stream_.async_handshake(
          net::ssl::stream_base::server,
          beast::bind_front_handler(&HttpSession::on_handshake, this->shared_from_this()));
    } else {
      do_read();
    }
  }

  void on_handshake(beast::error_code ec) {
    if (ec) {
      return close_now();
    }
    do_read();
  }

  void on_stop() {
    // An idle connection (nothing of a next request received) closes now; anything else first
    // finishes its request, and on_write then closes because the server is stopping.
    const bool idle_read = phase_ == Phase::reading && (!parser_ || !parser_->got_some()) &&
                           buffer_.size() == 0;
    if (phase_ == Phase::handshake || idle_read) {
      lowest().cancel();
    } else if (phase_ == Phase::delaying) {
      timer_.cancel();  // answer the delayed request now
    }
  }

  // ---- reading ------------------------------------------------------------------------------

  void do_read() {
    if (state_->stopping) {
      return do_close();
    }
    phase_ = Phase::reading;
    if (buffer_.size() == 0 && buffer_.capacity() > kIdleReadRoom) {
      buffer_.shrink_to_fit();  // a body's read room is not kept by an idle connection
    }
    parser_.emplace();
    parser_->body_limit(state_->body_limit);
    parser_->header_limit(static_cast<std::uint32_t>(state_->header_limit));
    arm_read_timer();
    http::async_read_header(
        stream_, buffer_, *parser_,
        beast::bind_front_handler(&HttpSession::on_header, this->shared_from_this()));
  }

  // The read limit is the session's own timer, not the stream's: the stream's timeout closes the
  // socket, and a request still incomplete at the limit gets a 408 before the connection closes.
  void arm_read_timer() {
    lowest().expires_never();
    read_timed_out_ = false;
    const std::uint64_t round = ++read_round_;
    read_timer_.expires_after(state_->io_timeout);
    read_timer_.async_wait([self = this->shared_from_this(), round](beast::error_code ec) {
      if (ec || round != self->read_round_ || self->phase_ != Phase::reading) {
        return;  // cancelled, or the read it was armed for is over
      }
      self->read_timed_out_ = true;
      beast::error_code ignored;
      self->lowest().socket().cancel(ignored);  // the read ends with operation_aborted
    });
  }

  void disarm_read_timer() {
    ++read_round_;  // a expiry already queued finds another round and does nothing
    read_timer_.cancel();
  }

  void on_header(beast::error_code ec, std::size_t /*bytes*/) {
    if (ec) {
      return on_read_error(ec);
    }
    received_at_ = timestamp::system_now_text();
    started_ = std::chrono::steady_clock::now();
    const auto& request = parser_->get();
    if (unsupported_transfer_coding(request)) {
      return refuse(server::error_response(
                        501, "Transfer-Encoding other than chunked is not supported; send the "
                             "body with Content-Length or chunked"),
                    Outcome::rejected);
    }
    // Clients such as curl wait for "100 Continue" before sending a large body. What needs no
    // body (a missing or unknown token above all) is answered at once instead, so that a client
    // without a valid token never uploads its body.
    if (beast::iequals(request[http::field::expect], "100-continue") && !parser_->is_done()) {
      if (auto answer = state_->service->answer_before_body(head_to_protocol(request))) {
        return refuse(std::move(*answer), Outcome::answered);
      }
      continue_.emplace(http::status::continue_, request.version());
      http::async_write(
          stream_, *continue_,
          beast::bind_front_handler(&HttpSession::on_continue_sent, this->shared_from_this()));
      return;
    }
    read_body();
  }

  void on_continue_sent(beast::error_code ec, std::size_t /*bytes*/) {
    if (ec) {
      return close_now();
    }
    read_body();
  }

  // Beast reads at most the buffer's free room per call (512 bytes at least), and the parser
  // empties the buffer as it goes: a 150 KB push came in ~200 reads of ~700 bytes, each with its
  // own readiness wait and handler. While a body of known length arrives the buffer has room for
  // up to kBodyReadRoom; an idle connection gives it back (do_read).
  void read_body() {
    if (const auto length = parser_->content_length();
        length && *length > buffer_.capacity() - buffer_.size()) {
      buffer_.reserve(buffer_.size() +
                      static_cast<std::size_t>(std::min<std::uint64_t>(*length, kBodyReadRoom)));
    }
    arm_read_timer();
    http::async_read(stream_, buffer_, *parser_,
                     beast::bind_front_handler(&HttpSession::on_read, this->shared_from_this()));
  }

  void on_read(beast::error_code ec, std::size_t /*bytes*/) {
    if (ec) {
      return on_read_error(ec);
    }
    disarm_read_timer();
    phase_ = Phase::busy;
    lowest().expires_never();  // the core may take its time; the write sets its own limit
    keep_alive_ = parser_->get().keep_alive();
    version_ = parser_->get().version();
    head_request_ = parser_->get().method() == http::verb::head;
    auto request = to_protocol(parser_->release());
    parser_.reset();
    entry_ = JournalEntry{};
    entry_.connection = connection_;
    entry_.received_at = received_at_;
    entry_.method = request.method;
    entry_.target = request.target;
    entry_.device = device_label(request.header("Authorization"));
    entry_.request_bytes = request.body.size();
    if (state_->journal_exchanges) {
      entry_.headers = journal_headers(request.headers);
      entry_.request_body = request.body;
    }
    route(std::move(request));
  }

  void on_read_error(beast::error_code ec) {
    if (read_timed_out_) {
      // Part of a request arrived, the rest not in time: 408, then close. An idle keep-alive
      // connection (nothing of a next request) just closes.
      const bool started = (parser_ && parser_->got_some()) || buffer_.size() > 0;
      if (!started) {
        return close_now();
      }
      return refuse(server::error_response(
                        408, "request incomplete after " +
                                 std::to_string(state_->io_timeout.count()) +
                                 " ms; the connection closes"),
                    Outcome::rejected);
    }
    if (ec == http::error::end_of_stream) {
      return do_close();  // the client closed between requests
    }
    if (!is_http_parse_error(ec)) {
      return close_now();  // timeout, reset, cancelled by stop, TLS failure: no one to answer
    }
    reject(ec);
  }

  // The HTTP front end refuses the request (malformed, header or body too large): answer with a
  // JSON error, then close, since the rest of the stream cannot be parsed.
  void reject(beast::error_code ec) {
    int status = 400;
    std::string detail = "malformed HTTP request: " + ec.message();
    if (ec == http::error::body_limit) {
      status = 413;
      detail = "request body over " + std::to_string(state_->body_limit) + " bytes";
    } else if (ec == http::error::header_limit) {
      status = 431;
      detail = "request line and headers over " + std::to_string(state_->header_limit) + " bytes";
    }
    refuse(server::error_response(status, detail), Outcome::rejected);
  }

  // Answers a request whose body is not read (or not whole), then closes: the rest of the
  // stream is no request this server can find the start of.
  void refuse(protocol::HttpResponse response, Outcome outcome) {
    disarm_read_timer();
    phase_ = Phase::busy;
    entry_ = JournalEntry{};
    entry_.connection = connection_;
    if (parser_->is_header_done()) {
      entry_.received_at = received_at_;
    } else {
      entry_.received_at = timestamp::system_now_text();
      started_ = std::chrono::steady_clock::now();
    }
    // Whatever of the header was parsed before the error (the request line, say, when the
    // Content-Length is over the body limit); empty when nothing was.
    const auto& partial = parser_->get();
    entry_.method = std::string(partial.method_string());
    entry_.target = std::string(partial.target());
    entry_.device = device_label(optional_field(partial, http::field::authorization));
    const unsigned version = partial.version() == 10 ? 10 : 11;
    const bool head = parser_->is_header_done() && partial.method() == http::verb::head;
    entry_.handled = outcome == Outcome::answered;
    parser_.reset();
    const int status = response.status;
    res_ = to_beast(std::move(response), version, /*keep_alive=*/false);
    if (head) {
      omit_body(res_);
    }
    finish_entry(status, res_.body(), outcome);
    lowest().expires_after(state_->io_timeout);
    http::async_write(stream_, res_,
                      beast::bind_front_handler(&HttpSession::on_reject_sent,
                                                this->shared_from_this()));
  }

  void on_reject_sent(beast::error_code ec, std::size_t /*bytes*/) {
    if (ec) {
      return close_now();
    }
    // Lingering close: stop sending, then read and discard what the client still sends until
    // it closes or the linger time is up.
    phase_ = Phase::closing;
    if constexpr (!kTls) {
      beast::error_code ignored;
      lowest().socket().shutdown(tcp::socket::shutdown_send, ignored);
    }
    drain_.resize(kDrainChunk);
    lowest().expires_after(std::min(kMaxLinger, state_->io_timeout));
    lowest().async_read_some(
        net::buffer(drain_),
        beast::bind_front_handler(&HttpSession::on_drain, this->shared_from_this()));
  }

  void on_drain(beast::error_code ec, std::size_t /*bytes*/) {
    if (ec) {
      return close_now();
    }
    lowest().async_read_some(
        net::buffer(drain_),
        beast::bind_front_handler(&HttpSession::on_drain, this->shared_from_this()));
  }

  // ---- routing ------------------------------------------------------------------------------

  void route(protocol::HttpRequest request) {
    if (is_health_target(request.target)) {
      return send(handle_health(request), /*journal=*/false);
    }
    if (state_->control && is_control_target(request.target)) {
      return send(handle_control(request, state_->faults, state_->journal), /*journal=*/false);
    }
    const auto fault = state_->faults.decide(request.method, request.target);
    if (!fault) {
      return send(handle(request), /*journal=*/true);
    }
    entry_.fault = std::string(fault_kind_name(fault->kind));
    switch (fault->kind) {
      case FaultKind::delay:
        phase_ = Phase::delaying;
        timer_.expires_after(std::chrono::milliseconds(fault->delay_ms));
        timer_.async_wait([self = this->shared_from_this(),
                           request = std::move(request)](beast::error_code) {
          self->phase_ = Phase::busy;
          self->send(self->handle(request), /*journal=*/true);
        });
        return;
      case FaultKind::status:
        return send(status_fault_response(*fault), /*journal=*/true);
      case FaultKind::drop:
        finish_entry(0, {}, Outcome::dropped);
        return close_now();
      case FaultKind::reset:
        finish_entry(0, {}, Outcome::reset);
        return abort_now();
      case FaultKind::drop_after_commit: {
        const auto response = handle(request);
        finish_entry(response.status, response.body, Outcome::dropped_after_commit);
        return close_now();
      }
      case FaultKind::truncate:
        return send_truncated(handle(request), fault->truncate_bytes);
    }
  }

  protocol::HttpResponse handle(const protocol::HttpRequest& request) {
    entry_.handled = true;
    if (state_->handler) return state_->handler(request, *state_->service);
    return state_->service->handle(request);
  }

  static protocol::HttpResponse status_fault_response(const FaultAction& action) {
    if (action.body.empty()) {
      return server::error_response(action.status,
                        "injected fault: status " + std::to_string(action.status));
    }
    protocol::HttpResponse response;
    response.status = action.status;
    response.headers.push_back({"Content-Type", "application/json"});
    response.body = action.body;
    return response;
  }

  // ---- writing ------------------------------------------------------------------------------

  void send(protocol::HttpResponse response, bool journal) {
    const bool keep_alive = keep_alive_ && !state_->stopping;
    res_ = to_beast(std::move(response), version_, keep_alive);
    if (head_request_) {
      omit_body(res_);
    }
    if (journal) {
      // Recorded before the write, so that a client that has read its answer finds it here.
      finish_entry(res_.result_int(), res_.body(), Outcome::answered);
    }
    lowest().expires_after(state_->io_timeout);
    http::async_write(stream_, res_,
                      beast::bind_front_handler(&HttpSession::on_write, this->shared_from_this()));
  }

  void on_write(beast::error_code ec, std::size_t /*bytes*/) {
    if (ec) {
      return close_now();
    }
    if (!res_.keep_alive() || state_->stopping) {
      return do_close();
    }
    do_read();
  }

  void send_truncated(protocol::HttpResponse response, std::optional<std::size_t> bytes) {
    res_ = to_beast(std::move(response), version_, /*keep_alive=*/false);
    std::ostringstream wire;
    wire << res_;
    raw_ = wire.str();
    // Always short of the whole response, so the client must notice.
    const std::size_t whole = raw_.size();
    const std::size_t sent = std::min(bytes.value_or(whole / 2), whole > 0 ? whole - 1 : 0);
    finish_entry(res_.result_int(), res_.body(), Outcome::truncated);
    lowest().expires_after(state_->io_timeout);
    net::async_write(stream_, net::buffer(raw_.data(), sent),
                     [self = this->shared_from_this()](beast::error_code, std::size_t) {
                       self->close_now();
                     });
  }

  void finish_entry(int status, std::string_view response_body, Outcome outcome) {
    entry_.status = status;
    entry_.response_bytes = response_body.size();
    if (state_->journal_exchanges) entry_.response_body = std::string(response_body);
    entry_.outcome = outcome;
    entry_.duration_us = std::chrono::duration_cast<std::chrono::microseconds>(
                             std::chrono::steady_clock::now() - started_)
                             .count();
    state_->journal.record(std::move(entry_));
    entry_ = JournalEntry{};
  }

  // ---- closing ------------------------------------------------------------------------------

  // The orderly end: TLS close_notify, or a TCP FIN after the last response.
  void do_close() {
    disarm_read_timer();
    phase_ = Phase::closing;
    if constexpr (kTls) {
      lowest().expires_after(std::min(kMaxLinger, state_->io_timeout));
      stream_.async_shutdown([self = this->shared_from_this()](beast::error_code) {
        self->close_now();
      });
    } else {
      beast::error_code ignored;
      lowest().socket().shutdown(tcp::socket::shutdown_send, ignored);
    }
  }

  // Closes at once (FIN, without TLS close_notify); pending operations end with an error.
  void close_now() {
    disarm_read_timer();
    phase_ = Phase::closing;
    beast::error_code ignored;
    lowest().socket().shutdown(tcp::socket::shutdown_both, ignored);
    lowest().close();
  }

  // Aborts the connection: SO_LINGER 0 makes close() send a RST.
  void abort_now() {
    disarm_read_timer();
    phase_ = Phase::closing;
    beast::error_code ignored;
    lowest().socket().set_option(net::socket_base::linger(true, 0), ignored);
    lowest().close();
  }

  static std::optional<std::string_view> optional_field(const BeastRequest& request,
                                                        http::field field) {
    const auto it = request.find(field);
    if (it == request.end()) {
      return std::nullopt;
    }
    return std::string_view(it->value().data(), it->value().size());
  }

  std::shared_ptr<ServerState> state_;
  Stream stream_;
  net::steady_timer timer_;      // delay faults
  net::steady_timer read_timer_;  // the limit on reading one request (arm_read_timer)
  std::uint64_t read_round_ = 0;  // which read the armed read_timer_ belongs to
  bool read_timed_out_ = false;   // the read in progress was cut by read_timer_
  const std::uint64_t connection_;
  std::uint64_t registry_id_ = 0;
  Phase phase_ = Phase::starting;
  beast::flat_buffer buffer_;    // survives between requests (pipelined bytes)
  std::optional<http::request_parser<http::string_body>> parser_;  // fresh for each request
  std::optional<http::response<http::empty_body>> continue_;
  BeastResponse res_;            // the response being written
  std::string raw_;              // truncate fault: the serialized response
  std::vector<char> drain_;      // lingering close: discarded input
  bool keep_alive_ = false;
  bool head_request_ = false;    // the request being answered is a HEAD: no body goes out
  unsigned version_ = 11;
  std::string received_at_;
  std::chrono::steady_clock::time_point started_ = std::chrono::steady_clock::now();
  JournalEntry entry_;           // of the request in progress
};

}  // namespace

void start_http_session(tcp::socket socket, std::shared_ptr<ServerState> state) {
  std::make_shared<HttpSession<beast::tcp_stream>>(std::move(state), std::move(socket))->run();
}

void start_https_session(tcp::socket socket, std::shared_ptr<net::ssl::context> tls,
                         std::shared_ptr<ServerState> state) {
  // The session's stream keeps the SSL object, which holds its own reference to the context's
  // SSL_CTX; `tls` itself must outlive the call only.
  std::make_shared<HttpSession<TlsStream>>(std::move(state), std::move(socket), *tls)->run();
}

}  // namespace syncsuite::mockserver

#include "tests/unit/harness/net/test_http_server.hpp"

#include <stdlib.h>

#include <atomic>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/http/write.hpp>
#include <boost/beast/ssl/ssl_stream.hpp>
#include <cstdlib>
#include <mutex>
#include <stdexcept>
#include <type_traits>

namespace syncsuite::net::testing {
namespace {

struct State {
  TestHttpServer::Handler handler;
  std::mutex mutex;
  std::vector<Received> received;
  std::atomic<int> connections{0};
  std::atomic<int> closed_by_server{0};
  std::atomic<int> client_gone{0};
  std::atomic<std::uint64_t> body_limit{256u << 20};
};

template <class Stream>
class Session : public std::enable_shared_from_this<Session<Stream>> {
 public:
  template <class... Args>
  Session(std::shared_ptr<State> state, Args&&... args)
      : state_(std::move(state)), stream_(std::forward<Args>(args)...) {}

  void start() {
    if constexpr (std::is_same_v<Stream, boost::beast::tcp_stream>) {
      read();
    } else {
      stream_.async_handshake(boost::asio::ssl::stream_base::server,
                              [self = this->shared_from_this()](boost::system::error_code ec) {
                                if (ec) {
                                  self->state_->client_gone++;
                                  return;
                                }
                                self->read();
                              });
    }
  }

 private:
  void read() {
    parser_.emplace();
    parser_->body_limit(state_->body_limit.load());
    boost::beast::http::async_read(stream_, buffer_, *parser_,
                                   [self = this->shared_from_this()](boost::system::error_code ec, std::size_t) {
                                     self->on_read(ec);
                                   });
  }

  void on_read(boost::system::error_code ec) {
    if (ec == boost::beast::http::error::body_limit) {
      answer_early();
      return;
    }
    if (ec) {
      state_->client_gone++;
      return;
    }
    auto request = parser_->release();
    Received received{std::string(request.method_string()), std::string(request.target()), {},
                      std::move(request.body())};
    for (const auto& field : request) {
      received.headers.push_back({std::string(field.name_string()), std::string(field.value())});
    }
    {
      std::lock_guard lock(state_->mutex);
      state_->received.push_back(received);
    }
    const Reply reply = state_->handler(received);
    switch (reply.then) {
      case Reply::Then::never_answer:
        read();  // waits for the client to go away
        return;
      case Reply::Then::close_unanswered:
        close();
        return;
      default:
        break;
    }
    then_ = reply.then;
    response_ = {};
    response_.version(11);
    response_.result(static_cast<unsigned>(reply.status));
    response_.keep_alive(request.keep_alive());
    for (const auto& h : reply.headers) response_.insert(h.name, h.value);  // may say "close"
    response_.content_length(reply.body.size());
    if (request.method() != boost::beast::http::verb::head) response_.body() = reply.body;
    boost::beast::http::async_write(stream_, response_,
                                    [self = this->shared_from_this()](boost::system::error_code write_ec, std::size_t) {
                                      if (write_ec) {
                                        self->state_->client_gone++;
                                        return;
                                      }
                                      if (self->then_ == Reply::Then::answer_and_close || !self->response_.keep_alive()) {
                                        self->close();
                                        return;
                                      }
                                      self->read();
                                    });
  }

  // Like many servers: refuse an oversized body as soon as the limit is passed, without
  // reading the rest, and close (unread input makes the close a reset for the client).
  void answer_early() {
    response_ = {};
    response_.version(11);
    response_.result(413);
    response_.keep_alive(false);
    response_.body() = R"({"detail":"body too large"})";
    response_.prepare_payload();
    boost::beast::http::async_write(stream_, response_,
                                    [self = this->shared_from_this()](boost::system::error_code, std::size_t) {
                                      self->close();
                                    });
  }

  void close() {
    auto& socket = boost::beast::get_lowest_layer(stream_).socket();
    boost::system::error_code ignored;
    socket.shutdown(boost::asio::socket_base::shutdown_both, ignored);
    socket.close(ignored);
    state_->closed_by_server++;
  }

  std::shared_ptr<State> state_;
  Stream stream_;
  boost::beast::flat_buffer buffer_;
  std::optional<boost::beast::http::request_parser<boost::beast::http::string_body>> parser_;
  boost::beast::http::response<boost::beast::http::string_body> response_;
  Reply::Then then_ = Reply::Then::keep_open;
};

}  // namespace

struct TestHttpServer::Impl {
  std::shared_ptr<State> state = std::make_shared<State>();
  boost::asio::io_context io;
  std::unique_ptr<boost::asio::ssl::context> tls;
  boost::asio::ip::tcp::acceptor acceptor{io};
  std::uint16_t port = 0;
  std::thread thread;

  void accept() {
    acceptor.async_accept([this](boost::system::error_code ec, boost::asio::ip::tcp::socket socket) {
      if (ec) return;
      state->connections++;
      if (tls) {
        std::make_shared<Session<boost::beast::ssl_stream<boost::beast::tcp_stream>>>(state, std::move(socket), *tls)
            ->start();
      } else {
        std::make_shared<Session<boost::beast::tcp_stream>>(state, std::move(socket))->start();
      }
      accept();
    });
  }
};

TestHttpServer::TestHttpServer(Handler handler, std::optional<TlsFiles> tls) : impl_(std::make_unique<Impl>()) {
  impl_->state->handler = std::move(handler);
  if (tls) {
    impl_->tls = std::make_unique<boost::asio::ssl::context>(boost::asio::ssl::context::tls_server);
    impl_->tls->use_certificate_chain_file(tls->cert_file);
    impl_->tls->use_private_key_file(tls->key_file, boost::asio::ssl::context::pem);
  }
  const boost::asio::ip::tcp::endpoint any(boost::asio::ip::make_address("127.0.0.1"), 0);
  impl_->acceptor.open(any.protocol());
  impl_->acceptor.set_option(boost::asio::socket_base::reuse_address(true));
  impl_->acceptor.bind(any);
  impl_->acceptor.listen();
  impl_->port = impl_->acceptor.local_endpoint().port();
  impl_->accept();
  impl_->thread = std::thread([this] { impl_->io.run(); });
}

TestHttpServer::~TestHttpServer() {
  impl_->io.stop();
  impl_->thread.join();
}

void TestHttpServer::set_body_limit(std::uint64_t bytes) { impl_->state->body_limit = bytes; }
std::uint16_t TestHttpServer::port() const { return impl_->port; }
std::string TestHttpServer::url() const {
  return std::string(impl_->tls ? "https" : "http") + "://127.0.0.1:" + std::to_string(impl_->port);
}
int TestHttpServer::connections() const { return impl_->state->connections; }
int TestHttpServer::closed_by_server() const { return impl_->state->closed_by_server; }
int TestHttpServer::client_gone() const { return impl_->state->client_gone; }
std::vector<Received> TestHttpServer::received() const {
  std::lock_guard lock(impl_->state->mutex);
  return impl_->state->received;
}

std::uint16_t unused_port() {
  boost::asio::io_context io;
  boost::asio::ip::tcp::acceptor acceptor(io, {boost::asio::ip::make_address("127.0.0.1"), 0});
  return acceptor.local_endpoint().port();
}

std::optional<TestHttpServer::TlsFiles> make_self_signed(const std::filesystem::path& dir,
                                                         const std::string& subject_alt_name) {
  TestHttpServer::TlsFiles files{(dir / "cert.pem").string(), (dir / "key.pem").string()};
  const std::string command =
      "openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 2 -subj /CN=syncsuite-test"
      " -addext 'subjectAltName=" + subject_alt_name + "' -keyout '" + files.key_file + "' -out '" +
      files.cert_file + "' >/dev/null 2>&1";
  if (std::system(command.c_str()) != 0) return std::nullopt;
  return files;
}

}  // namespace syncsuite::net::testing

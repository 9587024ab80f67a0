#pragma once
// A small Beast HTTP(S) server for the harness/net tests, on 127.0.0.1 with a free port and its
// own thread. Each request goes to a handler that says what to answer and what to do with the
// connection afterwards; the server counts connections and records every request it read.
// (Not mockserver::Server: these tests need connection-level behaviour, not the sync protocol.)
#include <boost/asio/io_context.hpp>
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
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <type_traits>
#include <vector>

#include "reference/protocol/http_message.hpp"

namespace syncsuite::net::testing {

struct Received {
  std::string method;
  std::string target;
  protocol::Headers headers;
  std::string body;
};

struct Reply {
  enum class Then {
    keep_open,         // answer; keep the connection for the next request
    answer_and_close,  // answer (without "Connection: close"), then close: an idle timeout
    never_answer,      // read the request, say nothing, keep the connection open
    close_unanswered,  // read the request, close without a byte of answer
  };
  int status = 200;
  std::string body;
  protocol::Headers headers;
  Then then = Then::keep_open;
};

class TestHttpServer {
 public:
  using Handler = std::function<Reply(const Received&)>;
  struct TlsFiles {
    std::string cert_file;
    std::string key_file;
  };

  explicit TestHttpServer(Handler handler, std::optional<TlsFiles> tls = std::nullopt)
      : state_(std::make_shared<State>()), acceptor_(io_) {
    state_->handler = std::move(handler);
    if (tls) {
      tls_ = std::make_unique<boost::asio::ssl::context>(boost::asio::ssl::context::tls_server);
      tls_->use_certificate_chain_file(tls->cert_file);
      tls_->use_private_key_file(tls->key_file, boost::asio::ssl::context::pem);
    }
    const boost::asio::ip::tcp::endpoint any(boost::asio::ip::make_address("127.0.0.1"), 0);
    acceptor_.open(any.protocol());
    acceptor_.set_option(boost::asio::socket_base::reuse_address(true));
    acceptor_.bind(any);
    acceptor_.listen();
    port_ = acceptor_.local_endpoint().port();
    accept();
    thread_ = std::thread([this] { io_.run(); });
  }

  ~TestHttpServer() {
    io_.stop();
    thread_.join();
  }

  TestHttpServer(const TestHttpServer&) = delete;
  TestHttpServer& operator=(const TestHttpServer&) = delete;

  // Request bodies over `bytes` get an early 413 and a closed connection.
  void set_body_limit(std::uint64_t bytes) { state_->body_limit = bytes; }
  std::uint16_t port() const { return port_; }
  std::string url() const { return std::string(tls_ ? "https" : "http") + "://127.0.0.1:" + std::to_string(port_); }
  int connections() const { return state_->connections; }         // accepted so far
  int closed_by_server() const { return state_->closed_by_server; }  // closed on a Reply's word
  int client_gone() const { return state_->client_gone; }  // ended by EOF or error from the client
  std::vector<Received> received() const {
    std::lock_guard lock(state_->mutex);
    return state_->received;
  }

 private:
  struct State {
    Handler handler;
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

  void accept() {
    acceptor_.async_accept([this](boost::system::error_code ec, boost::asio::ip::tcp::socket socket) {
      if (ec) return;
      state_->connections++;
      if (tls_) {
        std::make_shared<Session<boost::beast::ssl_stream<boost::beast::tcp_stream>>>(state_, std::move(socket), *tls_)
            ->start();
      } else {
        std::make_shared<Session<boost::beast::tcp_stream>>(state_, std::move(socket))->start();
      }
      accept();
    });
  }

  std::shared_ptr<State> state_;
  boost::asio::io_context io_;
  std::unique_ptr<boost::asio::ssl::context> tls_;
  boost::asio::ip::tcp::acceptor acceptor_;
  std::uint16_t port_ = 0;
  std::thread thread_;
};

// Polls `condition` (state changed by the server thread) for up to 10 s.
template <class Condition>
bool eventually(Condition condition) {
  for (int i = 0; i < 2000; ++i) {
    if (condition()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  return condition();
}

// Runs `io` until `condition` holds, for up to 20 s; false if it never did.
template <class Condition>
bool run_until(boost::asio::io_context& io, Condition condition) {
  io.restart();
  for (int i = 0; i < 400 && !condition(); ++i) {
    io.run_for(std::chrono::milliseconds(50));
    if (io.stopped()) io.restart();
  }
  return condition();
}

// A port nothing listens on (bound, then released).
inline std::uint16_t unused_port() {
  boost::asio::io_context io;
  boost::asio::ip::tcp::acceptor acceptor(io, {boost::asio::ip::make_address("127.0.0.1"), 0});
  return acceptor.local_endpoint().port();
}

// A fresh private directory, removed with the object.
class TempDir {
 public:
  TempDir() {
    std::string pattern = (std::filesystem::temp_directory_path() / "syncsuite-net-XXXXXX").string();
    if (mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
    path_ = pattern;
  }
  ~TempDir() {
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

// A self-signed certificate made with the openssl CLI; `subject_alt_name` e.g.
// "IP:127.0.0.1,DNS:localhost". nullopt if openssl failed.
inline std::optional<TestHttpServer::TlsFiles> make_self_signed(const std::filesystem::path& dir,
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

#pragma once
// A small HTTP/1.1 (and HTTPS) server for transport tests, on its own thread on 127.0.0.1: each
// request is recorded and answered by a handler, which may also choose misbehaviour (never
// answer, close unanswered, close after answering). Oversized bodies get an early 413.
// The Beast session code lives in test_http_server.cpp, compiled once for all tests.
#include <boost/asio/io_context.hpp>
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "tests/support/temp_dir.hpp"
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

  explicit TestHttpServer(Handler handler, std::optional<TlsFiles> tls = std::nullopt);
  ~TestHttpServer();
  TestHttpServer(const TestHttpServer&) = delete;
  TestHttpServer& operator=(const TestHttpServer&) = delete;

  // Request bodies over `bytes` get an early 413 and a closed connection.
  void set_body_limit(std::uint64_t bytes);
  std::uint16_t port() const;
  std::string url() const;
  int connections() const;       // accepted so far
  int closed_by_server() const;  // closed on a Reply's word
  int client_gone() const;       // ended by EOF or error from the client
  std::vector<Received> received() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
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
std::uint16_t unused_port();

using TempDir = syncsuite::test::TempDir;  // tests/support/temp_dir.hpp

// A self-signed certificate made with the openssl CLI; `subject_alt_name` e.g.
// "IP:127.0.0.1,DNS:localhost". nullopt if openssl failed.
std::optional<TestHttpServer::TlsFiles> make_self_signed(const std::filesystem::path& dir,
                                                         const std::string& subject_alt_name);

}  // namespace syncsuite::net::testing

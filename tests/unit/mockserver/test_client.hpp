#pragma once
// Helpers for the mock server tests: a temporary directory, a self-signed certificate, and a tiny
// Beast HTTP(S) client with a time limit on every operation (async operations on a private
// io_context, so that a misbehaving server fails a test instead of hanging it).
#include <unistd.h>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/message.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/ssl/ssl_stream.hpp>
#include <chrono>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <type_traits>
#include <utility>
#include "tests/support/temp_dir.hpp"

namespace syncsuite::mockserver::testing {

namespace beast = boost::beast;
namespace http = beast::http;
namespace net = boost::asio;

using Request = http::request<http::string_body>;
using Response = http::response<http::string_body>;

inline constexpr std::chrono::seconds kIoLimit{20};

using TempDir = syncsuite::test::TempDir;  // tests/support/temp_dir.hpp

// A self-signed certificate for 127.0.0.1, made with the openssl command line tool.
struct SelfSignedCert {
  std::filesystem::path cert_file;
  std::filesystem::path key_file;
};
inline bool make_self_signed_cert(const std::filesystem::path& dir, SelfSignedCert& out,
                                  const std::string& name = "server") {
  out.cert_file = dir / (name + "-cert.pem");
  out.key_file = dir / (name + "-key.pem");
  const std::string command =
      "openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 2"
      " -subj /CN=127.0.0.1 -addext subjectAltName=IP:127.0.0.1 -keyout '" +
      out.key_file.string() + "' -out '" + out.cert_file.string() + "' >/dev/null 2>&1";
  return std::system(command.c_str()) == 0 && std::filesystem::exists(out.cert_file);
}

// One client connection. Stream: beast::tcp_stream or beast::ssl_stream<beast::tcp_stream>.
// The members are compiled once, in test_client.cpp (explicit instantiation for both streams).
template <class Stream>
class BasicTestClient {
  static constexpr bool kTls = !std::is_same_v<Stream, beast::tcp_stream>;

 public:
  // No argument for a plain client, the ssl::context for a TLS one. (A member template, so that
  // the explicit instantiations in test_client.cpp leave it alone.)
  template <class... TlsContext>
  explicit BasicTestClient(TlsContext&... tls) : stream_(ioc_, tls...) {}

  beast::error_code connect(std::uint16_t port);
  beast::error_code write(Request& request);
  beast::error_code write_raw(const std::string& bytes);
  // Reads one response; `ec` receives the error (end_of_stream, partial_message, reset, ...).
  Response read(beast::error_code& ec);
  // Reads whatever arrives until the server closes (or the time limit); `ec` gets the end.
  std::string read_to_end(beast::error_code& ec);
  // Sends `request` and reads its response.
  Response roundtrip(Request request, beast::error_code& ec);

  Stream& stream() { return stream_; }

 private:
  beast::tcp_stream& lowest() { return beast::get_lowest_layer(stream_); }
  void run();

  net::io_context ioc_;
  Stream stream_;
  beast::flat_buffer buffer_;
};

extern template class BasicTestClient<beast::tcp_stream>;
extern template class BasicTestClient<beast::ssl_stream<beast::tcp_stream>>;

using TestClient = BasicTestClient<beast::tcp_stream>;
using TlsTestClient = BasicTestClient<beast::ssl_stream<beast::tcp_stream>>;

inline Request make_request(http::verb method, std::string target, std::string token = "",
                            std::string body = "") {
  Request request{method, target, 11};
  request.set(http::field::host, "127.0.0.1");
  if (!token.empty()) {
    request.set(http::field::authorization, "Token " + token);
  }
  if (!body.empty()) {
    request.set(http::field::content_type, "application/json");
    request.body() = std::move(body);
  }
  request.keep_alive(true);
  return request;
}

}  // namespace syncsuite::mockserver::testing

#include "tests/unit/mockserver/test_client.hpp"

#include <boost/asio/connect.hpp>
#include <boost/asio/read.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/write.hpp>

namespace syncsuite::mockserver::testing {

template <class Stream>
beast::error_code BasicTestClient<Stream>::connect(std::uint16_t port) {
  beast::error_code result;
  lowest().expires_after(kIoLimit);
  lowest().async_connect(
      net::ip::tcp::endpoint(net::ip::make_address("127.0.0.1"), port),
      [&result](beast::error_code ec) { result = ec; });
  run();
  if (result) {
    return result;
  }
  if constexpr (kTls) {
    lowest().expires_after(kIoLimit);
    stream_.async_handshake(net::ssl::stream_base::client,
                            [&result](beast::error_code ec) { result = ec; });
    run();
  }
  return result;
}

template <class Stream>
beast::error_code BasicTestClient<Stream>::write(Request& request) {
  request.prepare_payload();
  beast::error_code result;
  lowest().expires_after(kIoLimit);
  http::async_write(stream_, request,
                    [&result](beast::error_code ec, std::size_t) { result = ec; });
  run();
  return result;
}

template <class Stream>
beast::error_code BasicTestClient<Stream>::write_raw(const std::string& bytes) {
  beast::error_code result;
  lowest().expires_after(kIoLimit);
  net::async_write(stream_, net::buffer(bytes),
                   [&result](beast::error_code ec, std::size_t) { result = ec; });
  run();
  return result;
}

template <class Stream>
Response BasicTestClient<Stream>::read(beast::error_code& ec) {
  http::response_parser<http::string_body> parser;
  parser.body_limit(64u * 1024 * 1024);
  lowest().expires_after(kIoLimit);
  http::async_read(stream_, buffer_, parser,
                   [&ec](beast::error_code result, std::size_t) { ec = result; });
  run();
  return ec ? Response{} : parser.release();
}

template <class Stream>
std::string BasicTestClient<Stream>::read_to_end(beast::error_code& ec) {
  std::string out(static_cast<const char*>(buffer_.data().data()), buffer_.size());
  buffer_.consume(buffer_.size());
  char chunk[4096];
  for (;;) {
    std::size_t got = 0;
    lowest().expires_after(kIoLimit);
    stream_.async_read_some(net::buffer(chunk), [&](beast::error_code result, std::size_t n) {
      ec = result;
      got = n;
    });
    run();
    out.append(chunk, got);
    if (ec) {
      return out;
    }
  }
}

template <class Stream>
Response BasicTestClient<Stream>::roundtrip(Request request, beast::error_code& ec) {
  ec = write(request);
  if (ec) {
    return {};
  }
  return read(ec);
}

template <class Stream>
void BasicTestClient<Stream>::run() {
  ioc_.restart();
  ioc_.run();
}

template class BasicTestClient<beast::tcp_stream>;
template class BasicTestClient<beast::ssl_stream<beast::tcp_stream>>;

}  // namespace syncsuite::mockserver::testing

#pragma once
// An HTTP/1.1 response parser that keeps only what a raw load request needs: the status code and
// the body's size. Beast does the framing (Content-Length, chunked, read-until-close, keep-alive);
// no field and no body byte is stored, so parsing allocates nothing. Internal to harness/net.
#include <boost/beast/http/basic_parser.hpp>
#include <cstdint>

namespace syncsuite::net {

class StatusOnlyParser : public boost::beast::http::basic_parser<false> {
 public:
  int status() const { return status_; }
  std::uint64_t body_bytes() const { return body_bytes_; }

 private:
  using error_code = boost::beast::error_code;
  using string_view = boost::beast::string_view;
  using field = boost::beast::http::field;

  void on_request_impl(boost::beast::http::verb, string_view, string_view, int, error_code&) override {}
  void on_response_impl(int code, string_view, int, error_code&) override { status_ = code; }
  void on_field_impl(field, string_view, string_view, error_code&) override {}
  void on_header_impl(error_code&) override {}
  void on_body_init_impl(const boost::optional<std::uint64_t>&, error_code&) override {}
  std::size_t on_body_impl(string_view body, error_code&) override {
    body_bytes_ += body.size();
    return body.size();
  }
  void on_chunk_header_impl(std::uint64_t, string_view, error_code&) override {}
  std::size_t on_chunk_body_impl(std::uint64_t, string_view body, error_code&) override {
    body_bytes_ += body.size();
    return body.size();
  }
  void on_finish_impl(error_code&) override {}

  int status_ = 0;
  std::uint64_t body_bytes_ = 0;
};

}  // namespace syncsuite::net

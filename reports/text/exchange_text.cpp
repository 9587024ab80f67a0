#include "reports/text/exchange_text.hpp"

#include "reports/text/number_text.hpp"
#include "reports/text/utf8.hpp"

namespace syncsuite::reports::text {
namespace {

void append_headers(std::string& out, const Headers& headers, std::string_view prefix) {
  for (const auto& [name, value] : headers) {
    out += prefix;
    out += name;
    out += ": ";
    out += value;
    out += '\n';
  }
}

void append_body(std::string& out, const std::string& body, std::size_t body_limit) {
  if (body.empty()) return;
  out += '\n';
  out += shown(body, body_limit);
  out += '\n';
}

std::string no_response(const Exchange& exchange) {
  return exchange.transport_error.empty() ? "no response"
                                          : "no response: " + exchange.transport_error;
}

}  // namespace

std::string exchange_heading(const Exchange& exchange) {
  std::string out = exchange.method + " " + (exchange.url.empty() ? exchange.target : exchange.url);
  out += " → ";
  out += exchange.status == 0 ? no_response(exchange) : std::to_string(exchange.status);
  if (exchange.status != 0 && !exchange.transport_error.empty()) {
    out += " (then: " + exchange.transport_error + ")";
  }
  out += " in " + fixed(exchange.elapsed_ms, 1) + " ms";
  return repair(out);
}

std::string request_text(const Exchange& exchange, std::size_t body_limit) {
  std::string out = "> " + exchange.method + " " + exchange.target + "\n";
  append_headers(out, exchange.request_headers, "> ");
  append_body(out, exchange.request_body, body_limit);
  return repair(out);
}

std::string response_text(const Exchange& exchange, std::size_t body_limit) {
  if (exchange.status == 0) return repair("< " + no_response(exchange) + "\n");
  std::string out = "< " + std::to_string(exchange.status) + "\n";
  append_headers(out, exchange.response_headers, "< ");
  append_body(out, exchange.response_body, body_limit);
  if (!exchange.transport_error.empty()) out += "< then: " + exchange.transport_error + "\n";
  return repair(out);
}

std::string exchange_text(const Exchange& exchange, std::size_t body_limit) {
  std::string out = exchange_heading(exchange) + "\n\n";
  out += request_text(exchange, body_limit);
  out += '\n';
  out += response_text(exchange, body_limit);
  if (!exchange.curl.empty()) out += "\n$ " + repair(exchange.curl) + "\n";
  return out;
}

}  // namespace syncsuite::reports::text

#include "harness/runner/wire_log.hpp"

#include <algorithm>
#include <cctype>
#include <chrono>

#include "harness/net/exchange_recorder.hpp"
#include "harness/runner/accounts.hpp"

namespace syncsuite::runner {
namespace {

bool iequals(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) ==
                  std::tolower(static_cast<unsigned char>(y));
         });
}

void replace_all(std::string& text, std::string_view from, std::string_view to) {
  if (from.empty()) return;
  for (std::size_t at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size())) {
    text.replace(at, from.size(), to);
  }
}

}  // namespace

reports::Exchange make_exchange(const WireLog& log, const protocol::HttpRequest& request,
                                const Result<protocol::HttpResponse>& result, double elapsed_ms) {
  reports::Exchange e;
  e.method = request.method;
  e.target = request.target;
  e.url = log.url.origin() + log.url.request_target(request.target);
  e.elapsed_ms = elapsed_ms;

  // Which account's token the request carries decides the variable its replay reads.
  net::Exchange replay;
  replay.request = request;
  int account = -1;
  for (auto& h : replay.request.headers) {
    if (!iequals(h.name, "Authorization")) continue;
    for (std::size_t i = 0; i < log.tokens.size(); ++i) {
      if (!log.tokens[i].empty() && h.value.find(log.tokens[i]) != std::string::npos) {
        account = static_cast<int>(i);
        replace_all(h.value, log.tokens[i], net::kTokenPlaceholder);
      }
    }
  }
  std::string variable = "${" + token_variable(std::max(account, 0)) + "}";
  const bool big = replay.request.body.size() > kLoggedRequestBodyLimit;
  if (big) {
    replay.request.body = "<" + std::to_string(request.body.size()) + " bytes: not repeated here>";
  }
  std::string curl;
  if (account >= 0) {
    curl = net::to_curl(replay, log.url, log.tls);
    replace_all(curl, net::kTokenPlaceholder, variable);
  } else {
    // No account token (none, bogus or hand-written): headers are shown as sent.
    curl = net::to_curl(replay, log.url, log.tls);
  }
  if (big) curl = "# the body of " + std::to_string(request.body.size()) + " bytes is not repeated\n" + curl;
  e.curl = std::move(curl);

  for (const auto& h : replay.request.headers) {
    std::string value = h.value;
    replace_all(value, net::kTokenPlaceholder, variable);
    e.request_headers.emplace_back(h.name, value);
  }
  if (big) {
    e.request_body = request.body.substr(0, 4096) + "\n… (" + std::to_string(request.body.size()) +
                     " bytes in all; cut in the log)";
  } else {
    e.request_body = request.body;
  }
  if (result) {
    e.status = result->status;
    for (const auto& h : result->headers) e.response_headers.emplace_back(h.name, h.value);
    e.response_body = result->body;
  } else {
    e.status = 0;
    e.transport_error = result.error().code + ": " + result.error().message;
  }
  return e;
}

void LoggingTransport::send(protocol::HttpRequest request, client::Completion done) {
  const auto start = std::chrono::steady_clock::now();
  auto copy = request;
  inner_.send(std::move(request), [log = log_, last = last_, copy = std::move(copy), start,
                                   done = std::move(done)](Result<protocol::HttpResponse> result) {
    const double ms =
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
    log->exchanges.push_back(make_exchange(*log, copy, result, ms));
    *last = log->exchanges.size() - 1;
    done(std::move(result));
  });
}

}  // namespace syncsuite::runner

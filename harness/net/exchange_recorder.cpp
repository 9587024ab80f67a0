#include "harness/net/exchange_recorder.hpp"

#include <algorithm>
#include <cctype>
#include <cstdio>

namespace syncsuite::net {
namespace {

bool iequals(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
         });
}

bool is_credential_header(std::string_view name) {
  return iequals(name, "Authorization") || iequals(name, "Proxy-Authorization");
}

// POSIX sh single quoting: everything literal, a quote as '\''.
std::string sh_quote(std::string_view s) {
  std::string out = "'";
  for (char c : s) {
    if (c == '\'') {
      out += "'\\''";
    } else {
      out += c;
    }
  }
  return out + "'";
}

// Like sh_quote, but each placeholder becomes "${SYNCSUITE_TOKEN}", expanded by the shell.
std::string sh_quote_with_token(std::string_view s) {
  std::string out;
  std::size_t start = 0;
  while (true) {
    const std::size_t at = s.find(kTokenPlaceholder, start);
    const std::string_view literal = s.substr(start, at == std::string_view::npos ? std::string_view::npos : at - start);
    if (!literal.empty() || (at == std::string_view::npos && out.empty())) out += sh_quote(literal);
    if (at == std::string_view::npos) break;
    out += "\"" + std::string(kTokenPlaceholder) + "\"";
    start = at + kTokenPlaceholder.size();
  }
  return out;
}

// A printf(1) format that prints exactly `bytes`, NUL included (a shell word cannot hold NUL).
std::string printf_format(std::string_view bytes) {
  std::string out;
  for (char c : bytes) {
    const auto u = static_cast<unsigned char>(c);
    if (c == '%') {
      out += "%%";
    } else if (c == '\\') {
      out += "\\\\";
    } else if (u < 0x20 || u == 0x7f || c == '\'') {
      char octal[8];
      std::snprintf(octal, sizeof octal, "\\%03o", static_cast<unsigned>(u));
      out += octal;
    } else {
      out += c;
    }
  }
  return "'" + out + "'";
}

}  // namespace

std::string redact_authorization(std::string_view value) {
  const std::size_t space = value.find(' ');
  if (space == std::string_view::npos) {
    // A bare scheme word ("Token") carries no credential; anything else may be one.
    const bool bare_scheme = !value.empty() && std::all_of(value.begin(), value.end(), [](char c) {
      return std::isalpha(static_cast<unsigned char>(c));
    }) && value.size() <= 16;
    return value.empty() || bare_scheme ? std::string(value) : std::string(kTokenPlaceholder);
  }
  return std::string(value.substr(0, space)) + " " + std::string(kTokenPlaceholder);
}

ExchangeRecorder::ExchangeRecorder(client::Transport& inner) : inner_(inner), log_(std::make_shared<Log>()) {}

void ExchangeRecorder::send(protocol::HttpRequest request, client::Completion done) {
  Exchange exchange;
  exchange.sequence = log_->next_sequence++;
  exchange.started = std::chrono::system_clock::now();
  exchange.request = request;
  for (auto& header : exchange.request.headers) {
    if (is_credential_header(header.name)) header.value = redact_authorization(header.value);
  }
  const auto start = std::chrono::steady_clock::now();
  inner_.send(std::move(request), [log = log_, exchange = std::move(exchange), start,
                                   done = std::move(done)](Result<protocol::HttpResponse> result) mutable {
    exchange.elapsed_ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
    if (result) {
      exchange.response = result.value();
    } else {
      exchange.error = result.error();
    }
    log->exchanges.push_back(std::move(exchange));
    done(std::move(result));
  });
}

const std::vector<Exchange>& ExchangeRecorder::exchanges() const { return log_->exchanges; }

void ExchangeRecorder::clear() { log_->exchanges.clear(); }

std::string to_curl(const Exchange& exchange, const TargetUrl& url, const TlsOptions& tls) {
  const protocol::HttpRequest& request = exchange.request;
  const std::string next = " \\\n  ";
  std::string command;
  // A shell word cannot hold NUL, and curl reads "@name" as a file name: such bodies go by pipe.
  const bool piped = request.body.find('\0') != std::string::npos ||
                     (!request.body.empty() && request.body.front() == '@');
  if (piped) command += "printf " + printf_format(request.body) + " | ";
  command += "curl --silent --show-error --include --globoff";
  if (request.method == "HEAD") {
    command += " --head";
  } else {
    command += " --request " + sh_quote(request.method);
  }
  if (url.tls() && tls.insecure) command += " --insecure";
  if (url.tls() && !tls.insecure && tls.ca_file) command += " --cacert " + sh_quote(*tls.ca_file);
  command += next + sh_quote(url.origin() + url.request_target(request.target));
  for (const auto& header : request.headers) {
    if (iequals(header.name, "Host") || iequals(header.name, "Content-Length")) continue;  // curl's own
    // curl drops a header given as "Name:" and sends an empty one given as "Name;".
    const std::string line = header.value.empty() ? header.name + ";" : header.name + ": " + header.value;
    command += next + "--header " + (is_credential_header(header.name) ? sh_quote_with_token(line) : sh_quote(line));
  }
  if (piped) {
    command += next + "--data-binary @-";
  } else if (!request.body.empty() || request.method == "POST" || request.method == "PUT" ||
             request.method == "PATCH") {
    command += next + "--data-binary " + sh_quote(request.body);
  }
  return command;
}

}  // namespace syncsuite::net

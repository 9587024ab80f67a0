#pragma once
// A wire log for reports: a Transport decorator that records each request and its response (or
// transport error) with timing, and turns an exchange into a curl command that replays it.
// Secrets stay out of the log: the Authorization value is recorded as "Token ${SYNCSUITE_TOKEN}"
// (its scheme word kept, the credential replaced), and replays read the token from that variable.
#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "harness/net/target_url.hpp"
#include "harness/net/transport_options.hpp"
#include "reference/client/transport.hpp"
#include "reference/core/result.hpp"
#include "reference/protocol/http_message.hpp"

namespace syncsuite::net {

inline constexpr std::string_view kTokenPlaceholder = "${SYNCSUITE_TOKEN}";

struct Exchange {
  std::uint64_t sequence = 0;  // order of send() on this recorder, from 0 (survives clear())
  std::chrono::system_clock::time_point started;  // wall clock at send()
  double elapsed_ms = 0;                           // send() to completion, steady clock
  protocol::HttpRequest request;                   // as given to send(), Authorization redacted
  std::optional<protocol::HttpResponse> response;  // set when the transport delivered one
  std::optional<Error> error;                      // set when it failed (exactly one of the two)
};

// "Token abc" -> "Token ${SYNCSUITE_TOKEN}"; a value without a scheme word -> the placeholder.
std::string redact_authorization(std::string_view value);

class ExchangeRecorder : public client::Transport {
 public:
  explicit ExchangeRecorder(client::Transport& inner);

  // Forwards the request unchanged; records the exchange when the inner transport completes,
  // before calling `done`. Exchanges are appended in completion order.
  void send(protocol::HttpRequest request, client::Completion done) override;

  // Read from the thread that runs the completions (the io_context thread).
  const std::vector<Exchange>& exchanges() const;
  void clear();

 private:
  struct Log {
    std::vector<Exchange> exchanges;
    std::uint64_t next_sequence = 0;
  };
  client::Transport& inner_;
  std::shared_ptr<Log> log_;  // shared with pending completions, which may outlive the recorder
};

// A shell command (POSIX sh) that replays the exchange's request against `url` with curl: the
// method, the full URL (base path included), the recorded headers and the body, all quoted. The
// token is read from $SYNCSUITE_TOKEN, never printed. `tls` adds --cacert or --insecure.
std::string to_curl(const Exchange& exchange, const TargetUrl& url, const TlsOptions& tls = {});

}  // namespace syncsuite::net

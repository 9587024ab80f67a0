#pragma once
// The wire log of one scenario: a Transport decorator that appends every request and response
// (or transport error) to the scenario's log as report evidence, with account tokens replaced
// by the environment variable a replay reads them from (accounts.hpp token_variable), and a curl
// command per exchange.
#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "harness/net/target_url.hpp"
#include "harness/net/transport_options.hpp"
#include "reference/client/transport.hpp"
#include "reports/run_result.hpp"

namespace syncsuite::runner {

struct WireLog {
  std::vector<reports::Exchange> exchanges;  // in completion order
  std::vector<std::string> tokens;           // account tokens to redact, by index
  net::TargetUrl url;
  net::TlsOptions tls;
};

// Request bodies larger than this are kept cut in the log (the 17 MiB filler of a 413 check).
inline constexpr std::size_t kLoggedRequestBodyLimit = 256 * 1024;

// Converts and redacts one exchange (exposed for tests).
reports::Exchange make_exchange(const WireLog& log, const protocol::HttpRequest& request,
                                const Result<protocol::HttpResponse>& result, double elapsed_ms);

class LoggingTransport : public client::Transport {
 public:
  LoggingTransport(client::Transport& inner, std::shared_ptr<WireLog> log)
      : inner_(inner), log_(std::move(log)) {}

  void send(protocol::HttpRequest request, client::Completion done) override;

  // Index in the log of the last exchange this transport completed.
  std::optional<std::size_t> last_exchange() const { return *last_; }

 private:
  client::Transport& inner_;
  std::shared_ptr<WireLog> log_;
  std::shared_ptr<std::optional<std::size_t>> last_ = std::make_shared<std::optional<std::size_t>>();
};

}  // namespace syncsuite::runner

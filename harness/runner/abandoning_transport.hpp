#pragma once
// A device's transport with one extra power: the next request can be sent in full and its answer
// thrown away ("outcome unknown", README `lose_response`). The device then sees a network error.
#include <memory>

#include "harness/net/beast_transport.hpp"
#include "harness/net/target_url.hpp"
#include "harness/net/transport_options.hpp"
#include "reference/client/transport.hpp"

namespace syncsuite::runner {

// The message of the error a device gets for an abandoned answer.
inline constexpr std::string_view kAbandonedMessage = "answer abandoned on purpose (lose_response)";

class AbandoningTransport : public client::Transport {
 public:
  AbandoningTransport(boost::asio::io_context& io, net::TargetUrl url,
                      net::TransportOptions options);

  void send(protocol::HttpRequest request, client::Completion done) override;
  // The next send() writes the request on a fresh connection and closes it unread; it completes
  // with Error{"io", kAbandonedMessage} (or the error that kept it from being sent).
  void abandon_next() { abandon_next_ = true; }

 private:
  boost::asio::io_context& io_;
  net::TargetUrl url_;
  net::TransportOptions options_;
  net::BeastTransport inner_;
  bool abandon_next_ = false;
};

}  // namespace syncsuite::runner

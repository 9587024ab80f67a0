#include "harness/runner/abandoning_transport.hpp"

#include "harness/net/abandon.hpp"

namespace syncsuite::runner {

AbandoningTransport::AbandoningTransport(boost::asio::io_context& io, net::TargetUrl url,
                                         net::TransportOptions options)
    : io_(io), url_(url), options_(options), inner_(io, std::move(url), std::move(options)) {}

void AbandoningTransport::send(protocol::HttpRequest request, client::Completion done) {
  if (!abandon_next_) {
    inner_.send(std::move(request), std::move(done));
    return;
  }
  abandon_next_ = false;
  net::send_and_abandon(io_, url_, options_.tls, std::move(request),
                        [done = std::move(done)](Status sent) {
                          if (!sent) {
                            done(sent.error());
                          } else {
                            done(make_error("io", std::string(kAbandonedMessage)));
                          }
                        });
}

}  // namespace syncsuite::runner

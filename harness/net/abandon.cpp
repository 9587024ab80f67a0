#include "harness/net/abandon.hpp"

#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/strand.hpp>
#include <chrono>
#include <memory>

#include "harness/net/connection.hpp"
#include "harness/net/tls_context.hpp"
#include "harness/net/wire_message.hpp"

namespace syncsuite::net {
namespace {

constexpr std::chrono::seconds kAbandonTimeout{10};

}  // namespace

void send_and_abandon(boost::asio::io_context& io, const TargetUrl& url, const TlsOptions& tls,
                      protocol::HttpRequest request, std::function<void(Status)> done) {
  auto strand = boost::asio::make_strand(io);
  const std::string what = request.method + " " + url.origin() + url.request_target(request.target) + ": ";
  // Every outcome is posted, so `done` never runs inside this call.
  auto finish = [strand, what, done = std::move(done)](Status status) mutable {
    if (!status) {
      Error error = status.error();
      error.message = what + error.message;
      status = std::move(error);
    }
    boost::asio::post(strand, [done = std::move(done), status = std::move(status)]() mutable {
      done(std::move(status));
    });
  };
  auto context = url.tls() ? make_tls_context(tls) : Result<TlsContext>(TlsContext{});
  if (!context) {
    finish(context.error());
    return;
  }
  auto wire = to_wire(url, std::move(request));
  if (!wire) {
    finish(wire.error());
    return;
  }
  auto message = std::make_shared<WireRequest>(std::move(*wire));
  auto connection = std::make_shared<Connection>(strand, url, *context);
  const auto deadline = Connection::Clock::now() + kAbandonTimeout;
  connection->open(deadline, [connection, message, deadline, finish = std::move(finish)](Status opened) mutable {
    if (!opened) {
      finish(std::move(opened));
      return;
    }
    connection->write(*message, deadline, [connection, message, finish = std::move(finish)](Status written,
                                                                                             std::size_t) mutable {
      connection->discard_input_and_close();
      finish(std::move(written));
    });
  });
}

}  // namespace syncsuite::net

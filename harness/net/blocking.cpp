#include "harness/net/blocking.hpp"

#include <boost/asio/io_context.hpp>
#include <memory>
#include <optional>

namespace syncsuite::net {

Result<protocol::HttpResponse> send_blocking(boost::asio::io_context& io, client::Transport& transport,
                                             protocol::HttpRequest request) {
  // Shared, so that a completion arriving after we gave up writes into live memory.
  auto outcome = std::make_shared<std::optional<Result<protocol::HttpResponse>>>();
  const std::string what = request.method + " " + request.target;
  transport.send(std::move(request), [outcome](Result<protocol::HttpResponse> result) {
    outcome->emplace(std::move(result));
  });
  if (io.stopped()) io.restart();
  while (!outcome->has_value()) {
    if (io.run_one() == 0) break;
  }
  if (!outcome->has_value()) {
    return make_error("io", what + ": the io_context ran out of work before the response");
  }
  return std::move(**outcome);
}

}  // namespace syncsuite::net

#pragma once
// For the step-by-step scenario runner: send one request and run the io_context until its
// completion fires. Other work on the io_context runs meanwhile; it is not drained afterwards.
#include "reference/client/transport.hpp"
#include "reference/core/result.hpp"
#include "reference/protocol/http_message.hpp"

namespace boost::asio {
class io_context;
}

namespace syncsuite::net {

// Restarts a stopped io_context first. Error "io" if the io_context runs out of work (or is
// stopped) before the completion fires: a transport that lost the request.
Result<protocol::HttpResponse> send_blocking(boost::asio::io_context& io, client::Transport& transport,
                                             protocol::HttpRequest request);

}  // namespace syncsuite::net

#pragma once
// What answers a request once the HTTP front end has read it and no fault intervened. By default
// the reference core itself; a test or the client-conformance runner may put its own handler in
// front of the core (a script: smaller pull pages, "another device" writing between two of the
// client's requests, prepared answers) and still reach the real core through the argument.
#include <functional>

#include "reference/protocol/http_message.hpp"
#include "reference/server/sync_service.hpp"

namespace syncsuite::mockserver {

// Called on the server's io threads, possibly concurrently: a handler guards its own state.
using RequestHandler =
    std::function<protocol::HttpResponse(const protocol::HttpRequest&, server::SyncService& core)>;

}  // namespace syncsuite::mockserver

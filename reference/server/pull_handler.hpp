#pragma once
// GET /api/v1/sync/pull/?since=<cursor>&limit=<n> (contract section 5): records in commit order
// after the cursor, each at most once with its latest version, tombstones included.
#include "reference/server/request_context.hpp"

namespace syncsuite::server {

protocol::HttpResponse handle_pull(RequestContext& context);

}  // namespace syncsuite::server

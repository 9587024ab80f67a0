#pragma once
// POST /api/v1/sync/push/ (contract section 4): validate the whole batch, then apply each record
// in order in one write transaction; the answer is built only after COMMIT.
#include "reference/server/request_context.hpp"

namespace syncsuite::server {

protocol::HttpResponse handle_push(RequestContext& context);

}  // namespace syncsuite::server

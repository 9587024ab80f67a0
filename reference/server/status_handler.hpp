#pragma once
// GET /api/v1/sync/status/ (contract section 7): counts, the current cursor and the public key.
#include "reference/server/request_context.hpp"

namespace syncsuite::server {

protocol::HttpResponse handle_status(RequestContext& context);

}  // namespace syncsuite::server

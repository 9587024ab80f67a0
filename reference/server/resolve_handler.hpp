#pragma once
// POST /api/v1/sync/resolve/ (contract section 6): keep the server copy, or store the device's
// record as the next version, guarded by expected_version.
#include "reference/server/request_context.hpp"

namespace syncsuite::server {

protocol::HttpResponse handle_resolve(RequestContext& context);

}  // namespace syncsuite::server

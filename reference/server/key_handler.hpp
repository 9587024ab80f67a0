#pragma once
// PUT /api/v1/sync/key/ (contract section 3): the user's public key, base64 of 32 bytes.
#include "reference/server/request_context.hpp"

namespace syncsuite::server {

protocol::HttpResponse handle_key(RequestContext& context);

}  // namespace syncsuite::server

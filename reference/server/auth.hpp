#pragma once
// Token authentication as Django REST framework does it: "Authorization: Token <token>", the
// scheme case-insensitive. A missing, malformed or unknown token is 401 with
// "WWW-Authenticate: Token".
#include <optional>
#include <string>
#include <string_view>

#include "reference/core/result.hpp"
#include "reference/protocol/http_message.hpp"
#include "reference/server/mutations.hpp"
#include "reference/server/server_store.hpp"

namespace syncsuite::server {

// The token of an Authorization header value, or an Error whose message is the 401 detail.
Result<std::string> parse_token_header(std::optional<std::string_view> header);

// Fills `account`, or returns the answer (401, or a store failure).
std::optional<protocol::HttpResponse> authenticate(ServerDb& db,
                                                   const protocol::HttpRequest& request,
                                                   const Mutations& mutations, Account& account);

}  // namespace syncsuite::server

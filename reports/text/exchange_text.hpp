#pragma once
// An HTTP exchange as plain text, in the style of `curl -v`: "> " request lines, "< " response
// lines, bodies unprefixed so they can be copied. Shared by the JUnit and HTML writers. Bodies are
// cut to `body_limit` bytes and repaired to valid UTF-8; nothing is escaped for markup here.
#include <cstddef>
#include <string>

#include "reports/run_result.hpp"

namespace syncsuite::reports::text {

// "POST http://127.0.0.1:8080/api/v1/sync/push/ → 400 in 12.3 ms", or "→ no response (why) in ...".
std::string exchange_heading(const Exchange& exchange);
// "> POST /api/v1/sync/push/", "> Name: value" per header, then a blank line and the body if any.
std::string request_text(const Exchange& exchange, std::size_t body_limit);
// "< 400", "< Name: value" per header, then the body; or "< no response: <transport error>".
std::string response_text(const Exchange& exchange, std::size_t body_limit);
// Heading, request, response and "$ <curl>" (when there is one), blank-line separated.
std::string exchange_text(const Exchange& exchange, std::size_t body_limit);

}  // namespace syncsuite::reports::text

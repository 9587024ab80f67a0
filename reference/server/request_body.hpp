#pragma once
// Reading request bodies: the size limit, the media type, the JSON object, and pushed envelopes.
#include <optional>
#include <string_view>

#include <nlohmann/json.hpp>

#include "reference/core/result.hpp"
#include "reference/protocol/envelope.hpp"
#include "reference/protocol/http_message.hpp"
#include "reference/server/mutations.hpp"

namespace syncsuite::server {

// The checks before any parsing: 413 over 16 MiB, 415 for a Content-Type other than
// application/json. read_json_object() makes them first.
std::optional<protocol::HttpResponse> check_body_headers(const protocol::HttpRequest& request,
                                                         const Mutations& mutations);

// Fills `out` with the body's JSON object, or returns the error answer: 413 over 16 MiB, 415 for
// a Content-Type other than application/json (an absent one is read as JSON), 400 for a body
// that is not exactly one JSON object (bytes after it, a NUL included) or whose objects repeat a
// key (contract section 1).
std::optional<protocol::HttpResponse> read_json_object(const protocol::HttpRequest& request,
                                                       const Mutations& mutations,
                                                       nlohmann::json& out);

// A device's envelope (section 2), validated by protocol::parse_envelope; `version` ignored.
Result<protocol::Envelope> parse_device_envelope(const nlohmann::json& value,
                                                 std::string_view where,
                                                 const Mutations& mutations);

}  // namespace syncsuite::server

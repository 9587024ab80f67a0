#pragma once
// The device's side of the wire, as pure functions: build each request of contract sections 3-6
// and check each response's shape before anything of it is applied. No I/O, no store.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "reference/core/result.hpp"
#include "reference/crypto/keys.hpp"
#include "reference/protocol/envelope.hpp"
#include "reference/protocol/http_message.hpp"

namespace syncsuite::client {

enum class Resolution { local, server, merged };
std::string_view to_string(Resolution resolution);
std::optional<Resolution> parse_resolution(std::string_view text);

// Percent-encodes everything but RFC 3986 unreserved characters (for the opaque cursor).
std::string url_encode(std::string_view text);

protocol::HttpRequest key_request(std::string_view token, const crypto::PublicKey& key);
// `records` without version (it is dropped), 1..500 of them.
protocol::HttpRequest push_request(std::string_view token, std::string_view device_id,
                                   const std::vector<protocol::Envelope>& records);
// An empty cursor means "from the beginning" and is left out of the query.
protocol::HttpRequest pull_request(std::string_view token, std::string_view cursor, int limit);
// `record` for local and merged, nullopt for server.
protocol::HttpRequest resolve_request(std::string_view token, std::string_view table,
                                      std::string_view id, Resolution resolution,
                                      std::int64_t expected_version,
                                      const std::optional<protocol::Envelope>& record);

// Errors below: "http_status" (an answer other than the expected status; the message carries
// the status and the server's "detail") and "bad_response" (the answer's shape breaks the
// contract; the message names the field). Neither ever carries record data.

struct PushOutcome {
  bool accepted = false;
  std::int64_t version = 0;                  // accepted: the version the server stored
  std::optional<protocol::Envelope> server;  // conflict: the server's record, version set
};
// One outcome per sent record, in order, each naming the sent record's table and id.
Result<std::vector<PushOutcome>> parse_push_response(const protocol::HttpResponse& response,
                                                     const std::vector<protocol::Envelope>& sent);

struct PullPage {
  std::vector<protocol::Envelope> records;  // each with version
  std::string cursor;
  bool has_more = false;
};
Result<PullPage> parse_pull_response(const protocol::HttpResponse& response);

struct ResolveAnswer {
  bool applied = false;       // 200: `record` is what the server now stores
  protocol::Envelope record;  // 200: {"record"}; 409: {"server"} (the current copy); version set
};
// 200 and 409 are answers; any other status is an "http_status" error.
Result<ResolveAnswer> parse_resolve_response(const protocol::HttpResponse& response,
                                             std::string_view table, std::string_view id);

// 200 {"public_key": <the key sent>}.
Status check_key_response(const protocol::HttpResponse& response, const crypto::PublicKey& key);

}  // namespace syncsuite::client

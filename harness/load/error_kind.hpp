#pragma once
// Why an action of a load run failed, as a fixed set of kinds: the workers count failures in an
// array indexed by kind (no string compares or maps on the hot path); names appear only in results.
#include <array>
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "reference/core/result.hpp"

namespace syncsuite::load {

enum class ErrorKind : std::size_t {
  connect,    // could not connect (refused, unreachable, out of ports or descriptors)
  tls,        // TLS handshake or certificate
  timeout,    // the request took longer than the profile's timeout
  reset,      // the connection broke: reset, closed early, truncated or malformed HTTP
  http_4xx,   // an unexpected 4xx answer
  http_5xx,   // an unexpected 5xx answer (or any other unexpected status)
  protocol,   // an answer that breaks the contract (shape, fields)
  decrypt,    // a record that does not open with the account's key, or is not a JSON object
  conflict,   // a resolve answered 409 on every attempt (the record kept changing)
  client,     // the device itself failed (local store, busy): a bug in the generator
  count_      // not a kind: the number of kinds
};

inline constexpr std::size_t kErrorKinds = static_cast<std::size_t>(ErrorKind::count_);
using ErrorCounts = std::array<std::uint64_t, kErrorKinds>;

std::string_view error_kind_name(ErrorKind kind);

// The kind of a failed device operation or request: `error.code` as the reference client and the
// transports set it, with the HTTP status of the last answer (0: none) deciding http_4xx/5xx.
ErrorKind classify(const Error& error, int last_status);

}  // namespace syncsuite::load

#pragma once
// How the harness reaches a target server: time limit per request and TLS trust. Plain data.
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>

namespace syncsuite::net {

struct TlsOptions {
  std::optional<std::string> ca_file;  // PEM file of extra trusted CAs (added to the system store)
  bool insecure = false;               // true: no certificate or host name check (self-signed dev servers)
};

struct TransportOptions {
  // Limit for one whole request: connect (if needed), TLS handshake, write, read the response.
  std::chrono::milliseconds timeout{10000};
  TlsOptions tls;
  std::uint64_t body_limit = 64ull << 20;  // largest response body accepted, in bytes
};

}  // namespace syncsuite::net

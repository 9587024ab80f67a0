#pragma once
// How to start a mock server: plain data with in-class defaults, checked by validate().
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>

#include "mockserver/fault_plan.hpp"
#include "mockserver/request_handler.hpp"
#include "reference/core/result.hpp"
#include "reference/protocol/limits.hpp"

namespace syncsuite::mockserver {

struct TlsFiles {
  std::filesystem::path cert_file;  // PEM certificate chain
  std::filesystem::path key_file;   // PEM private key
};

struct ServerOptions {
  std::string address = "127.0.0.1";  // IP address to listen on (no host names)
  std::uint16_t port = 0;             // 0 = a free port, see Server::port()
  int threads = 2;                    // io_context threads, 1..256; they also run the core
  std::filesystem::path db_path;      // the core's SQLite file (server::ServiceOptions)
  std::string mutant;                 // "" = correct server; else a server::mutants() name
  int shards = 1;                     // server::ServiceOptions::shards
  std::optional<TlsFiles> tls;        // set: HTTPS only
  std::size_t body_limit = protocol::kMaxBodyBytes;  // larger request bodies get 413
  std::size_t header_limit = 8 * 1024;  // request line + headers; larger gets 431
  bool control = false;                 // serve /__syncsuite/control/ (control_endpoint.hpp)
  std::size_t journal_capacity = 10000;  // entries kept; the oldest go first
  bool journal_exchanges = false;        // keep headers and bodies too (JournalEntry)
  RequestHandler handler;                // empty: the core answers (request_handler.hpp)
  // Limit on reading one request, writing one response and on an idle keep-alive connection.
  std::chrono::milliseconds io_timeout{30000};
  // stop() waits this long for requests in progress, then abandons them.
  std::chrono::milliseconds drain_timeout{10000};
  FaultPlan faults;  // installed at start; empty = no faults

  // Every problem at once, e.g. "threads: must be 1..256; tls.cert_file: missing".
  Status validate() const;
};

}  // namespace syncsuite::mockserver

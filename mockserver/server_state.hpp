#pragma once
// What every connection of one server shares. Owned through shared_ptr by the server, its
// listener and each session, so that it outlives the last handler whatever the stop order.
#include <atomic>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>

#include "mockserver/fault_injector.hpp"
#include "mockserver/journal.hpp"
#include "mockserver/server_options.hpp"
#include "mockserver/session_registry.hpp"
#include "reference/server/sync_service.hpp"

namespace syncsuite::mockserver {

struct ServerState {
  ServerState(const ServerOptions& options, std::unique_ptr<server::SyncService> core)
      : body_limit(options.body_limit),
        header_limit(options.header_limit),
        io_timeout(options.io_timeout),
        control(options.control),
        journal_exchanges(options.journal_exchanges),
        handler(options.handler),
        service(std::move(core)),
        journal(options.journal_capacity) {}

  const std::size_t body_limit;
  const std::size_t header_limit;
  const std::chrono::milliseconds io_timeout;
  const bool control;
  const bool journal_exchanges;
  const RequestHandler handler;                      // empty: the core answers
  const std::unique_ptr<server::SyncService> service;  // never null
  FaultInjector faults;
  Journal journal;
  SessionRegistry sessions;
  std::atomic<bool> stopping{false};               // set once by stop(); sessions then wind down
  std::atomic<std::uint64_t> next_connection{1};  // JournalEntry::connection numbers
};

}  // namespace syncsuite::mockserver

#pragma once
// The mock server: the reference server core (server::SyncService) behind a Boost.Beast
// HTTP/1.1 server (or HTTPS only, with ServerOptions::tls), on its own io_context threads, with
// fault injection and a request journal. Start it on port 0 and ask port() or url().
#include <cstdint>
#include <memory>
#include <string>

#include "mockserver/fault_injector.hpp"
#include "mockserver/journal.hpp"
#include "mockserver/server_options.hpp"
#include "reference/core/result.hpp"
#include "reference/server/sync_service.hpp"

namespace syncsuite::mockserver {

class Server {
 public:
  // Opens the core's database, loads the TLS files, binds and starts accepting. Returns once
  // connections are accepted. Errors: options, database or mutant, TLS files, address or port.
  static Result<std::unique_ptr<Server>> start(ServerOptions options);
  ~Server();  // stop()
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  std::uint16_t port() const;
  std::string url() const;  // "http://127.0.0.1:P" or "https://127.0.0.1:P"

  // Graceful and idempotent: stops accepting, closes idle connections, lets requests in
  // progress finish (up to ServerOptions::drain_timeout), then joins the threads. Must not be
  // called from a handler running on the server's own threads.
  void stop();

  // Connections accepted and not yet closed (a connection still in the kernel's accept queue
  // is not counted).
  std::size_t open_connections() const;

  server::SyncService& service();
  FaultInjector& faults();  // install or clear a plan at any time
  Journal& journal();

 private:
  struct Impl;
  explicit Server(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace syncsuite::mockserver

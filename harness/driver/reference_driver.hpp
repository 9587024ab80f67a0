#pragma once
// The reference client (client::Device) behind the device-driver seam: section-9 requests in
// (contract 9, the optional clock, foreground and state included), answers through a completion
// posted on the io_context. `syncsuite adapter` puts it behind stdin/stdout; the scenario engine
// drives it in-process.
//
// Requests (every answer has "ok", and "error" when ok is false):
//   init      server, token, public_key, secret_key (base64), device_id: a fresh, empty device;
//             its public key is uploaded (PUT /key/) before the answer. The secret key is wiped
//             from the request once read. Extras, reference only: "upload_key": false (skip the
//             upload), "cursor" (the pull cursor to start from), "pull_limit" (1..1000),
//             "push_batch" (1..500), overriding the options below.
//   put, delete, sync, records, resolve, quit         as section 9
//   clock     now: from then on every reading of the device clock returns the current value and
//             advances it by 1 ms (the scenario engine's manual clock), so that two edits never
//             share a time. Before any clock request the device reads the system clock. Allowed
//             before init; it survives a later init.
//   foreground  syncs when no sync has succeeded yet or the last success is over 5 minutes old
//             by the device clock: {"synced": bool}, ok:false when a sync ran and failed
//   state     {"state": {"syncing", "last_sync_at", "pending", "conflicts", "error"}}
// Extra requests for the scenario engine; adapters of other clients need not support them:
//   push, pull        one half of a sync alone
//   records_detail    as records, each with "version" (the server version known, or null) and,
//                     while in conflict, "server": the kept server copy (data, updated_at,
//                     deleted, version)
//   cursor            {"cursor": "<the saved pull cursor, \"\" before the first pull>"}
// A request that is not an object, lacks a field or has one of the wrong type, names an unknown
// op ({"ok":false,"error":"unknown op X"}) or comes before init gets ok:false with the reason.
//
// One thread: call() and the completions belong to the io_context's thread. Destroying the
// driver closes the device; calls still in flight then answer ok:false ("cancelled").
#include <cstddef>
#include <filesystem>
#include <functional>
#include <memory>
#include <string>

#include "harness/driver/device_driver.hpp"
#include "harness/net/transport_options.hpp"
#include "reference/client/mutations.hpp"
#include "reference/client/transport.hpp"
#include "reference/protocol/limits.hpp"

namespace boost::asio {
class io_context;
}

namespace syncsuite::driver {

// Makes the transport of a device for init's server URL and token; nullptr when the URL cannot
// be used (init then fails naming the URL).
using TransportFactory = std::function<std::unique_ptr<client::Transport>(
    const std::string& server_url, const std::string& token)>;

struct ReferenceDriverOptions {
  boost::asio::io_context* io = nullptr;         // required: completions are posted here
  TransportFactory transport;                    // empty: a net::BeastTransport to the URL on `io`
  net::TransportOptions transport_options;       // of the default transport
  std::filesystem::path dir;                     // required: the device's SQLite file lives here
  std::string file_name = "device.sqlite";       // removed on init and when the driver is destroyed
  client::ClientMutations mutations;             // all off: the correct client
  int pull_limit = protocol::kDefaultPullLimit;  // 1..1000
  std::size_t push_batch = protocol::kMaxBatchRecords;  // 1..500
  bool durable = false;  // fsync the device file (not needed for a test device)
};

class ReferenceDriver : public DeviceDriver {
 public:
  explicit ReferenceDriver(ReferenceDriverOptions options);
  ~ReferenceDriver() override;
  ReferenceDriver(const ReferenceDriver&) = delete;
  ReferenceDriver& operator=(const ReferenceDriver&) = delete;

  void call(Json request, ReplyCallback reply) override;

  // True once a quit request was answered: the device is closed, later calls fail.
  bool has_quit() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace syncsuite::driver

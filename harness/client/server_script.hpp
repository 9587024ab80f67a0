#pragma once
// The scripted server of client conformance: the reference core behind the mock server, with
// what a client scenario sets through `server:` steps — a fault plan (the mock server's own),
// pull pages capped to a small size, and writes of "another device" made just before the n-th
// request of a kind reaches the core. handler() is the mock server's RequestHandler; the script
// may change while the server runs (steps run between the client's requests).
#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "mockserver/request_handler.hpp"
#include "reference/protocol/http_message.hpp"

namespace syncsuite::client_checks {

// Before the nth request matching method and path (counted from when the trigger was added),
// the core first handles `request` (a push of another device, say), then the client's request.
struct Trigger {
  std::string method;  // "" = any
  std::string path;    // compared with the target's path, query ignored
  std::uint64_t nth = 1;
  protocol::HttpRequest request;
};

class ServerScript {
 public:
  // 0 = no cap: pulls keep the limit the client asked for.
  void set_page_cap(int cap);
  void add_trigger(Trigger trigger);
  void clear();  // no cap, no triggers

  // What the core answered to the triggers' requests so far (status and body), oldest first:
  // a scenario that prepares state this way can check it took.
  std::vector<protocol::HttpResponse> trigger_answers() const;

  mockserver::RequestHandler handler();

  // The pull target with its limit lowered to `cap` (a query without limit gets one).
  static std::string capped_pull_target(const std::string& target, int cap);

 private:
  protocol::HttpResponse handle(const protocol::HttpRequest& request, server::SyncService& core);

  struct Armed {
    Trigger trigger;
    std::uint64_t seen = 0;
    bool fired = false;
  };
  mutable std::mutex mutex_;
  int page_cap_ = 0;
  std::vector<Armed> triggers_;
  std::vector<protocol::HttpResponse> answers_;
};

}  // namespace syncsuite::client_checks

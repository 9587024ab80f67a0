#pragma once
// An in-process client::Transport wired straight to a server::SyncService: no sockets, the real
// server core. Inline delivery answers inside send(); queued delivery holds each request until
// run() or run_one(), so that a test can act while a request is "on the wire" (the server sees
// the request only when it is delivered).
#include <cstddef>
#include <deque>
#include <utility>

#include "reference/client/transport.hpp"
#include "reference/protocol/http_message.hpp"
#include "reference/server/sync_service.hpp"

namespace syncsuite::test {

class MemoryTransport : public client::Transport {
 public:
  enum class Delivery { inline_now, queued };

  explicit MemoryTransport(server::SyncService& service, Delivery delivery = Delivery::inline_now)
      : service_(service), delivery_(delivery) {}

  void send(protocol::HttpRequest request, client::Completion done) override {
    ++sent_;
    if (delivery_ == Delivery::inline_now) {
      auto response = service_.handle(request);
      done(std::move(response));  // last: the completion may send again or destroy its caller
      return;
    }
    queue_.push_back(Pending{std::move(request), std::move(done)});
  }

  // Delivers the oldest queued request; false when none is queued.
  bool run_one() {
    if (queue_.empty()) return false;
    Pending next = std::move(queue_.front());
    queue_.pop_front();
    auto response = service_.handle(next.request);
    next.done(std::move(response));
    return true;
  }

  // Delivers queued requests, including those their completions send, at most `max` of them
  // (a bound, so that a client that never stops sending cannot hang a test). Returns the count.
  std::size_t run(std::size_t max = 100000) {
    std::size_t n = 0;
    while (n < max && run_one()) ++n;
    return n;
  }

  std::size_t queued() const { return queue_.size(); }
  std::size_t sent() const { return sent_; }  // every send() so far

 private:
  struct Pending {
    protocol::HttpRequest request;
    client::Completion done;
  };

  server::SyncService& service_;
  Delivery delivery_;
  std::deque<Pending> queue_;
  std::size_t sent_ = 0;
};

}  // namespace syncsuite::test

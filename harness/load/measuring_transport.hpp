#pragma once
// A device's transport as the load run sees it: passes every request through and notes, for the
// action in progress, the status of the last answer (0 when the last request got none) and the
// body bytes both ways. Latency is timed per action by the worker, from the intended start.
#include <cstdint>
#include <memory>

#include "reference/client/transport.hpp"

namespace syncsuite::load {

class MeasuringTransport : public client::Transport {
 public:
  explicit MeasuringTransport(client::Transport& inner) : inner_(inner) {}

  void send(protocol::HttpRequest request, client::Completion done) override;

  void reset() { *counters_ = Counters{}; }
  int last_status() const { return counters_->last_status; }
  std::uint64_t bytes() const { return counters_->bytes; }

 private:
  struct Counters {
    int last_status = 0;
    std::uint64_t bytes = 0;
  };
  client::Transport& inner_;
  // Shared with completions in flight, which may outlive this object when a run is cut short.
  std::shared_ptr<Counters> counters_ = std::make_shared<Counters>();
};

}  // namespace syncsuite::load

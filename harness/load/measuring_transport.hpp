#pragma once
// A device's transport as the load run sees it: passes every request through and notes, for the
// action in progress, the status of the last answer (0 when the last request got none) and the
// body bytes both ways. Latency is timed per action by the worker, from the intended start.
#include <cstdint>

#include "reference/client/transport.hpp"

namespace syncsuite::load {

class MeasuringTransport : public client::Transport {
 public:
  explicit MeasuringTransport(client::Transport& inner) : inner_(inner) {}

  void send(protocol::HttpRequest request, client::Completion done) override;

  void reset() {
    last_status_ = 0;
    bytes_ = 0;
  }
  int last_status() const { return last_status_; }
  std::uint64_t bytes() const { return bytes_; }

 private:
  client::Transport& inner_;
  int last_status_ = 0;
  std::uint64_t bytes_ = 0;
};

}  // namespace syncsuite::load

#pragma once
// The live connections of a server, so that a graceful stop can ask each to finish and wait for
// all of them to end.
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <unordered_map>

namespace syncsuite::mockserver {

class StoppableSession {
 public:
  virtual ~StoppableSession() = default;
  // Thread-safe. The session closes once idle: an idle keep-alive connection at once, one with a
  // request in progress after answering it.
  virtual void request_stop() = 0;
};

class SessionRegistry {
 public:
  std::uint64_t add(std::weak_ptr<StoppableSession> session);
  void remove(std::uint64_t id);
  void stop_all();
  // True when no session is left; false after `timeout` with some still running.
  bool wait_empty(std::chrono::milliseconds timeout);
  std::size_t size() const;

 private:
  mutable std::mutex mutex_;
  std::condition_variable empty_;
  std::uint64_t next_id_ = 1;
  std::unordered_map<std::uint64_t, std::weak_ptr<StoppableSession>> sessions_;
};

}  // namespace syncsuite::mockserver

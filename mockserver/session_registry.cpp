#include "mockserver/session_registry.hpp"

#include <vector>

namespace syncsuite::mockserver {

std::uint64_t SessionRegistry::add(std::weak_ptr<StoppableSession> session) {
  std::lock_guard lock(mutex_);
  const auto id = next_id_++;
  sessions_.emplace(id, std::move(session));
  return id;
}

void SessionRegistry::remove(std::uint64_t id) {
  std::lock_guard lock(mutex_);
  sessions_.erase(id);
  if (sessions_.empty()) {
    empty_.notify_all();
  }
}

void SessionRegistry::stop_all() {
  std::vector<std::shared_ptr<StoppableSession>> live;
  {
    std::lock_guard lock(mutex_);
    for (auto& [id, weak] : sessions_) {
      if (auto session = weak.lock()) {
        live.push_back(std::move(session));
      }
    }
  }
  // Outside the lock: a session dropped here may remove itself from the registry.
  for (auto& session : live) {
    session->request_stop();
  }
}

bool SessionRegistry::wait_empty(std::chrono::milliseconds timeout) {
  std::unique_lock lock(mutex_);
  return empty_.wait_for(lock, timeout, [this] { return sessions_.empty(); });
}

std::size_t SessionRegistry::size() const {
  std::lock_guard lock(mutex_);
  return sessions_.size();
}

}  // namespace syncsuite::mockserver

#include "harness/client/server_script.hpp"

#include <algorithm>
#include <charconv>

#include "reference/protocol/limits.hpp"

namespace syncsuite::client_checks {
namespace {

std::string path_of(const std::string& target) { return target.substr(0, target.find('?')); }

}  // namespace

void ServerScript::set_page_cap(int cap) {
  std::lock_guard lock(mutex_);
  page_cap_ = std::max(cap, 0);
}

void ServerScript::add_trigger(Trigger trigger) {
  std::lock_guard lock(mutex_);
  triggers_.push_back({std::move(trigger)});
}

void ServerScript::clear() {
  std::lock_guard lock(mutex_);
  page_cap_ = 0;
  triggers_.clear();
}

std::vector<protocol::HttpResponse> ServerScript::trigger_answers() const {
  std::lock_guard lock(mutex_);
  return answers_;
}

mockserver::RequestHandler ServerScript::handler() {
  return [this](const protocol::HttpRequest& request, server::SyncService& core) {
    return handle(request, core);
  };
}

std::string ServerScript::capped_pull_target(const std::string& target, int cap) {
  const auto q = target.find('?');
  std::string out = target.substr(0, q);
  std::string query = q == std::string::npos ? std::string() : target.substr(q + 1);
  std::string rebuilt;
  bool had_limit = false;
  std::size_t start = 0;
  while (start <= query.size() && !query.empty()) {
    const auto amp = query.find('&', start);
    std::string pair = query.substr(start, amp == std::string::npos ? std::string::npos : amp - start);
    if (pair.rfind("limit=", 0) == 0) {
      had_limit = true;
      int asked = 0;
      const auto value = pair.substr(6);
      const auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), asked);
      // A limit the contract refuses stays as sent: the core must still answer it with 400.
      if (ec == std::errc() && end == value.data() + value.size() && asked >= 1 &&
          asked <= protocol::kMaxPullLimit) {
        pair = "limit=" + std::to_string(std::min(asked, cap));
      }
    }
    rebuilt += (rebuilt.empty() ? "" : "&") + pair;
    if (amp == std::string::npos) break;
    start = amp + 1;
  }
  if (!had_limit) rebuilt += (rebuilt.empty() ? "" : "&") + std::string("limit=") + std::to_string(cap);
  return out + "?" + rebuilt;
}

protocol::HttpResponse ServerScript::handle(const protocol::HttpRequest& request,
                                            server::SyncService& core) {
  std::vector<protocol::HttpRequest> first;
  int cap = 0;
  {
    std::lock_guard lock(mutex_);
    cap = page_cap_;
    const std::string path = path_of(request.target);
    for (auto& armed : triggers_) {
      const auto& t = armed.trigger;
      if (armed.fired || (!t.method.empty() && t.method != request.method) || t.path != path) continue;
      if (++armed.seen == t.nth) {
        armed.fired = true;
        first.push_back(t.request);
      }
    }
  }
  for (const auto& before : first) {
    auto answer = core.handle(before);
    std::lock_guard lock(mutex_);
    answers_.push_back(std::move(answer));
  }
  if (cap > 0 && request.method == "GET" && path_of(request.target) == protocol::kPullPath) {
    auto capped = request;
    capped.target = capped_pull_target(request.target, cap);
    return core.handle(capped);
  }
  return core.handle(request);
}

}  // namespace syncsuite::client_checks

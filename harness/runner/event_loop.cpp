#include "harness/runner/event_loop.hpp"

#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>

namespace syncsuite::runner {

EventLoop::EventLoop() : io_(std::make_unique<boost::asio::io_context>(1)) {}
EventLoop::~EventLoop() = default;

boost::asio::io_context& EventLoop::io() { return *io_; }

void EventLoop::post(std::function<void()> fn) { boost::asio::post(*io_, std::move(fn)); }

void EventLoop::after(std::chrono::milliseconds delay, std::function<void()> fn) {
  auto timer = std::make_shared<boost::asio::steady_timer>(*io_, delay);
  timer->async_wait([timer, fn = std::move(fn)](const boost::system::error_code&) { fn(); });
}

bool EventLoop::run_until(const std::function<bool()>& done, std::chrono::milliseconds limit) {
  const auto deadline = std::chrono::steady_clock::now() + limit;
  while (!done()) {
    if (io_->stopped()) io_->restart();
    const auto now = std::chrono::steady_clock::now();
    if (now >= deadline) return false;
    // run_one_for returns 0 when there was no work at all: then nothing can make done() true
    // except more time passing, so wait in small slices instead of spinning.
    const auto slice = std::min<std::chrono::steady_clock::duration>(deadline - now,
                                                                    std::chrono::milliseconds(50));
    if (io_->run_one_for(slice) == 0 && io_->stopped()) {
      io_->restart();
      if (done()) break;
      if (std::chrono::steady_clock::now() >= deadline) return false;
      // Out of work and not done: nothing will ever complete.
      return done();
    }
  }
  return true;
}

void EventLoop::drain(std::chrono::milliseconds limit) {
  const auto deadline = std::chrono::steady_clock::now() + limit;
  if (io_->stopped()) io_->restart();
  while (std::chrono::steady_clock::now() < deadline) {
    const auto slice = std::min<std::chrono::steady_clock::duration>(
        deadline - std::chrono::steady_clock::now(), std::chrono::milliseconds(50));
    if (io_->run_one_for(slice) == 0 && io_->stopped()) break;
  }
  io_->restart();
}

}  // namespace syncsuite::runner

#pragma once
// The one io_context of a run, on the calling thread: devices, raw requests and probes all run
// on it. The runner drives it step by step (run_until), so Asio stays out of the other runner
// files.
#include <chrono>
#include <functional>
#include <memory>

namespace boost::asio {
class io_context;
}

namespace syncsuite::runner {

class EventLoop {
 public:
  EventLoop();
  ~EventLoop();
  EventLoop(const EventLoop&) = delete;
  EventLoop& operator=(const EventLoop&) = delete;

  boost::asio::io_context& io();

  // Runs `fn` on the loop soon (never inside this call).
  void post(std::function<void()> fn);
  // Runs `fn` on the loop after `delay`.
  void after(std::chrono::milliseconds delay, std::function<void()> fn);

  // Runs the loop until `done()` is true (checked after each handler) or `limit` passes.
  // True when done. Must not be called from a handler of this loop.
  bool run_until(const std::function<bool()>& done, std::chrono::milliseconds limit);
  // Runs handlers until the loop is out of work or `limit` passes: lets cancelled work finish.
  void drain(std::chrono::milliseconds limit);

 private:
  std::unique_ptr<boost::asio::io_context> io_;
};

}  // namespace syncsuite::runner

#pragma once
// A device behind an adapter program (contract section 9): the program is started as a child
// process (command line split into words, see command_line.hpp; no shell), each request is written
// to its stdin as one JSON line, and the next complete line on its stdout is the answer. Fully
// asynchronous on the caller's io_context: pipes are Asio descriptors, limits are steady_timers.
//
// Requests are answered in order: calls made while one is in flight are queued and written one at
// a time. Every call is completed exactly once, on the io_context, never inside call().
//
// A misbehaving adapter is a clear failure, never a hang. The driver is then *failed*: the pending
// and all later calls answer {"ok":false,"error":DIAGNOSIS}, failure() returns it, and the process
// (with its process group) is killed and reaped. The diagnosis always ends with the stderr tail:
// - "adapter timeout after N ms on op X" (request_timeout passed without an answer);
// - "adapter exited with status N on op X" / "adapter was killed by signal N (SIGSEGV) on op X"
//   (stdout closed: "on op X" while a request was pending, "while idle" otherwise);
// - "adapter closed its stdout on op X and was still running after N ms (killed)";
// - "adapter answered garbage on op X: not JSON|not a JSON object|no boolean \"ok\": '<line
// start>'";
// - "adapter wrote to stdout out of turn (no request pending): '<line start>'" (found when it
//   happens, reported by failure() and on the next call; also two lines for one request);
// - "adapter answer longer than N bytes on op X";
// - "cannot start adapter '<command>': <reason>" (bad command line, program not found).
// An ok:false answer is a normal answer, passed on as it is.
//
// stderr is read all the time (the child never blocks on it); the last stderr_tail_bytes are kept.
//
// The end: shutdown() sends {"op":"quit"} after the queued requests (when healthy), waits up to
// quit_grace for the answer and the exit, then kills the process group and reaps the child. The
// destructor does the same synchronously (blocking the calling thread for at most quit_grace,
// only when the adapter does not exit on quit; call shutdown() first to avoid even that). Calls
// pending at destruction complete with "adapter driver destroyed" when the io_context runs next.
// See child_process.hpp for what happens when the harness itself dies (PR_SET_PDEATHSIG) and for
// SIGPIPE.
//
// Threads: use the driver on the thread that runs its io_context (or while it is not running);
// destroy it before the io_context.
#include <sys/types.h>

#include <chrono>
#include <cstddef>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "harness/driver/device_driver.hpp"

namespace boost::asio {
class io_context;
}

namespace syncsuite::driver {

struct AdapterProcessOptions {
  // Longest wait for one answer, from the moment its request starts being written.
  std::chrono::milliseconds request_timeout{30'000};
  // shutdown() and the destructor: the time an adapter has to answer quit and exit.
  std::chrono::milliseconds quit_grace{2'000};
  // After the adapter closed its stdout: the time it has to exit (for its exit status).
  std::chrono::milliseconds exit_grace{1'000};
  std::size_t stderr_tail_bytes = 4096;
  // Longest answer line accepted (a `records` answer holds every record of the device).
  std::size_t max_line_bytes = std::size_t{64} << 20;
};

class AdapterProcessDriver final : public DeviceDriver {
 public:
  // Starts the adapter now. If it cannot be started, the driver is failed from the start.
  AdapterProcessDriver(boost::asio::io_context& io, std::string command,
                       AdapterProcessOptions options = {});
  ~AdapterProcessDriver() override;
  AdapterProcessDriver(const AdapterProcessDriver&) = delete;
  AdapterProcessDriver& operator=(const AdapterProcessDriver&) = delete;

  void call(Json request, ReplyCallback reply) override;

  // Ends the adapter as described above; `done` runs on the io_context once the process is reaped.
  // Calls made afterwards complete with "adapter driver shut down". Calling it again only adds
  // `done` to run when the first one finishes.
  void shutdown(std::function<void()> done = {});

  // The diagnosis once the adapter misbehaved (or could not be started); nullopt while healthy.
  std::optional<std::string> failure() const;
  // The last bytes the adapter wrote on stderr, as written.
  std::string stderr_tail() const;
  // The adapter's process id (its process group id too); -1 if it was never started.
  pid_t pid() const;

 private:
  struct Impl;
  std::shared_ptr<Impl> impl_;  // shared with pending operations, which may outlive the driver
};

}  // namespace syncsuite::driver

#include "harness/driver/adapter_process_driver.hpp"

#include <unistd.h>

#include <array>
#include <boost/asio/io_context.hpp>
#include <boost/asio/posix/stream_descriptor.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/write.hpp>
#include <cerrno>
#include <deque>
#include <thread>
#include <vector>

#include "harness/driver/adapter_reply.hpp"
#include "harness/driver/child_process.hpp"
#include "harness/driver/command_line.hpp"
#include "harness/driver/line_splitter.hpp"
#include "harness/driver/printable.hpp"
#include "harness/driver/tail_buffer.hpp"

namespace syncsuite::driver {
namespace {

namespace asio = boost::asio;
using Clock = std::chrono::steady_clock;
using std::chrono::milliseconds;

constexpr std::size_t kChunkBytes = 64 * 1024;
// Bound on the stderr read after the adapter was killed: whatever is left in the pipe, unless
// an escaped grandchild keeps writing.
constexpr std::size_t kFinalStderrBytes = 1 << 20;

Json error_reply(const std::string& message) { return Json{{"ok", false}, {"error", message}}; }

std::string op_of(const Json& request) {
  if (request.is_object()) {
    const auto op = request.find("op");
    if (op != request.end() && op->is_string()) return printable(op->get<std::string>());
  }
  return "(none)";
}

std::string ms_text(milliseconds ms) { return std::to_string(ms.count()) + " ms"; }

}  // namespace

struct AdapterProcessDriver::Impl : std::enable_shared_from_this<Impl> {
  struct Call {
    Json request;
    std::string op;
    ReplyCallback reply;    // empty for the driver's own quit
    bool internal = false;  // the quit of shutdown()
  };

  Impl(asio::io_context& context, std::string command_line, AdapterProcessOptions opts)
      : io(context),
        options(opts),
        command(std::move(command_line)),
        in(context),
        out(context),
        err(context),
        request_timer(context),
        exit_timer(context),
        quit_timer(context),
        lines(opts.max_line_bytes),
        tail(opts.stderr_tail_bytes) {}

  asio::io_context& io;
  const AdapterProcessOptions options;
  const std::string command;
  std::optional<ChildProcess> child;
  asio::posix::stream_descriptor in, out, err;  // the child's stdin, stdout, stderr
  asio::steady_timer request_timer, exit_timer, quit_timer;
  LineSplitter lines;  // stdout
  TailBuffer tail;     // stderr
  std::array<char, kChunkBytes> out_chunk{}, err_chunk{};

  std::deque<Call> queue;  // queue.front() is in flight when in_flight
  bool in_flight = false;  // queue.front() was (or is being) written, its answer not yet read
  bool writing = false;    // an async_write of write_buffer is under way
  std::uint64_t request_seq = 0;  // numbers the requests, so a stale timer knows it is stale
  std::string write_buffer;
  std::string write_error;     // why writing to the child's stdin failed (evidence for a crash)
  bool stdout_closed = false;  // EOF on stdout: only waiting for the exit status now

  std::optional<std::string> failure;  // set once; then stopped
  bool stopping = false;               // shutdown() or destruction began: no new calls
  bool quit_written = false;           // {"op":"quit"} reached (or is reaching) the child
  bool stopped = false;                // process reaped, descriptors closed, queue answered
  std::string closed_reason = "adapter driver shut down";
  std::vector<std::function<void()>> shutdown_done;

  void start() {
    auto words = split_command_line(command);
    if (!words) return fail_at_start(words.error().message);
    auto started = ChildProcess::start(*words);
    if (!started) return fail_at_start(started.error().message);
    child.emplace(std::move(started).value());
    in.assign(child->stdin_pipe().release());
    out.assign(child->stdout_pipe().release());
    err.assign(child->stderr_pipe().release());
    err.non_blocking(true);  // read_stderr's reads never wait
    read_stdout();
    read_stderr();
  }

  void fail_at_start(const std::string& reason) {
    failure = "cannot start adapter '" + printable(command) + "': " + reason;
    stopped = true;
  }

  // ---- calls ----

  void enqueue(Json request, ReplyCallback reply) {
    if (failure) return complete(std::move(reply), error_reply(*failure));
    if (stopping || stopped) return complete(std::move(reply), error_reply(closed_reason));
    std::string op = op_of(request);
    queue.push_back(Call{std::move(request), std::move(op), std::move(reply)});
    send_next();
  }

  void complete(ReplyCallback reply, Json answer) {
    if (!reply) return;
    asio::post(io, [reply = std::move(reply), answer = std::move(answer)]() mutable {
      reply(std::move(answer));
    });
  }

  std::string on_op() const {
    return in_flight ? " on op " + queue.front().op : " while idle (no request pending)";
  }

  void send_next() {
    if (in_flight || writing || queue.empty() || stopped || stdout_closed) return;
    Call& next = queue.front();
    try {
      write_buffer = next.request.dump() + "\n";
    } catch (const Json::exception& e) {
      Call bad = std::move(queue.front());
      queue.pop_front();
      complete(std::move(bad.reply),
               error_reply(std::string("request not sent: not serialisable as JSON (") + e.what() +
                           ")"));
      return send_next();
    }
    in_flight = true;
    if (next.internal) quit_written = true;
    arm_request_timer(next.op);
    writing = true;
    asio::async_write(
        in, asio::buffer(write_buffer),
        [self = shared_from_this()](const boost::system::error_code& ec, std::size_t) {
          self->writing = false;
          if (self->stopped) return;
          // A dead child: its stdout closes too, and that path reports the exit.
          if (ec) {
            self->write_error = ec.message();
            return;
          }
          self->send_next();
        });
  }

  void arm_request_timer(const std::string& op) {
    request_timer.expires_after(options.request_timeout);
    request_timer.async_wait(
        [self = shared_from_this(), seq = ++request_seq, op](const boost::system::error_code& ec) {
          if (ec || self->stopped || !self->in_flight || seq != self->request_seq) return;
          self->fail("adapter timeout after " + ms_text(self->options.request_timeout) + " on op " +
                     op);
        });
  }

  // ---- stdout: answers ----

  void read_stdout() {
    out.async_read_some(
        asio::buffer(out_chunk),
        [self = shared_from_this()](const boost::system::error_code& ec, std::size_t n) {
          if (self->stopped) return;
          if (ec) return self->on_stdout_closed();
          self->lines.append(std::string_view(self->out_chunk.data(), n));
          self->take_lines();
          if (self->stopped) return;
          self->send_next();  // only now: every line of this chunk was matched to its request
          self->read_stdout();
        });
  }

  void take_lines() {
    while (!stopped) {
      auto line = lines.next_line();
      if (!line) break;
      on_line(*line);
    }
    if (!stopped && lines.overflowed()) {
      fail("adapter answer longer than " + std::to_string(options.max_line_bytes) + " bytes" +
           on_op());
    }
  }

  void on_line(const std::string& line) {
    if (!in_flight) {
      return fail("adapter wrote to stdout out of turn (no request pending): " + quote_start(line));
    }
    auto reply = parse_adapter_reply(line);
    if (!reply) return fail("adapter answered garbage" + on_op() + ": " + reply.error().message);
    Call answered = std::move(queue.front());
    queue.pop_front();
    in_flight = false;
    request_timer.cancel();
    complete(std::move(answered.reply), std::move(reply).value());
  }

  void on_stdout_closed() {
    stdout_closed = true;
    // Shutting down and the quit was the last thing asked: the adapter is ending as it should.
    const bool asked_to_quit = !in_flight || queue.front().internal;
    if (stopping && quit_written && asked_to_quit) return finish_stop();
    wait_for_exit(Clock::now() + options.exit_grace, milliseconds(1));
  }

  // Polls for the exit with a growing interval: no SIGCHLD handler (that would be process-wide).
  void wait_for_exit(Clock::time_point deadline, milliseconds interval) {
    if (const auto status = child->poll_exit()) {
      std::string gone = "adapter " + status->describe() + on_op();
      if (!write_error.empty()) gone += " (writing the request failed: " + write_error + ")";
      if (!lines.partial().empty()) gone += "; unterminated output " + quote_start(lines.partial());
      return fail(gone);
    }
    if (Clock::now() >= deadline) {
      return fail("adapter closed its stdout" + on_op() + " and was still running after " +
                  ms_text(options.exit_grace) + " (killed)");
    }
    exit_timer.expires_after(interval);
    exit_timer.async_wait(
        [self = shared_from_this(), deadline, interval](const boost::system::error_code& ec) {
          if (ec || self->stopped) return;
          self->wait_for_exit(deadline, std::min(interval * 2, milliseconds(50)));
        });
  }

  // ---- stderr: the tail ----

  // Waits for readiness and reads in the handler: an async read could take bytes out of the pipe
  // whose handler has not run when the exit is reported, and they would miss the failure's tail.
  void read_stderr() {
    err.async_wait(asio::posix::stream_descriptor::wait_read,
                   [self = shared_from_this()](const boost::system::error_code& ec) {
                     if (self->stopped || ec) return;
                     boost::system::error_code read_ec;
                     const std::size_t n =
                         self->err.read_some(asio::buffer(self->err_chunk), read_ec);
                     if (read_ec == asio::error::would_block) return self->read_stderr();
                     if (read_ec) return;  // end of file: read_rest_of_stderr finds nothing more
                     self->tail.append(std::string_view(self->err_chunk.data(), n));
                     self->read_stderr();
                   });
  }

  // After the child is gone, what it wrote is all in the pipe: read it without waiting.
  void read_rest_of_stderr() {
    if (!err.is_open()) return;
    std::array<char, 16 * 1024> chunk{};
    for (std::size_t total = 0; total < kFinalStderrBytes;) {
      const auto n = ::read(err.native_handle(), chunk.data(), chunk.size());
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) break;
      tail.append(std::string_view(chunk.data(), static_cast<std::size_t>(n)));
      total += static_cast<std::size_t>(n);
    }
  }

  // ---- the end ----

  void end_process() {
    if (child) child->kill_and_reap();
    read_rest_of_stderr();
    boost::system::error_code ignored;
    in.close(ignored);
    out.close(ignored);
    err.close(ignored);
    request_timer.cancel();
    exit_timer.cancel();
    quit_timer.cancel();
    stopped = true;
    in_flight = false;
  }

  void answer_all(const std::string& message) {
    while (!queue.empty()) {
      complete(std::move(queue.front().reply), error_reply(message));
      queue.pop_front();
    }
  }

  void run_shutdown_done() {
    for (auto& done : std::exchange(shutdown_done, {})) asio::post(io, std::move(done));
  }

  void fail(std::string what) {
    if (stopped) return;
    end_process();
    failure = std::move(what) + "; stderr tail: " + tail.describe();
    answer_all(*failure);
    run_shutdown_done();
  }

  void finish_stop() {
    if (stopped) return;
    end_process();
    answer_all(closed_reason);
    run_shutdown_done();
  }

  void shutdown(std::function<void()> done) {
    if (done) shutdown_done.push_back(std::move(done));
    if (stopped) return run_shutdown_done();
    if (stopping) return;
    stopping = true;
    if (!stdout_closed) {
      queue.push_back(Call{Json{{"op", "quit"}}, "quit", nullptr, true});
      send_next();
    }
    quit_timer.expires_after(options.quit_grace);
    quit_timer.async_wait([self = shared_from_this()](const boost::system::error_code& ec) {
      if (!ec) self->finish_stop();
    });
  }

  // Synchronous: the destructor cannot run the io_context (it may be running inside it).
  void destroy() {
    if (stopped) return;
    stopping = true;
    closed_reason = "adapter driver destroyed";
    if (!quit_written && !writing && !stdout_closed) {
      // The last request (if any) is fully written, so the quit line cannot interleave with it.
      static constexpr std::string_view kQuit = "{\"op\":\"quit\"}\n";
      quit_written = ::write(in.native_handle(), kQuit.data(), kQuit.size()) ==
                     static_cast<ssize_t>(kQuit.size());
    }
    if (quit_written) {
      const auto deadline = Clock::now() + options.quit_grace;
      auto interval = milliseconds(1);
      while (!child->poll_exit() && Clock::now() < deadline) {
        std::this_thread::sleep_for(interval);
        interval = std::min(interval * 2, milliseconds(20));
      }
    }
    finish_stop();
  }
};

AdapterProcessDriver::AdapterProcessDriver(boost::asio::io_context& io, std::string command,
                                           AdapterProcessOptions options)
    : impl_(std::make_shared<Impl>(io, std::move(command), options)) {
  impl_->start();
}

AdapterProcessDriver::~AdapterProcessDriver() { impl_->destroy(); }

void AdapterProcessDriver::call(Json request, ReplyCallback reply) {
  impl_->enqueue(std::move(request), std::move(reply));
}

void AdapterProcessDriver::shutdown(std::function<void()> done) {
  impl_->shutdown(std::move(done));
}

std::optional<std::string> AdapterProcessDriver::failure() const { return impl_->failure; }

std::string AdapterProcessDriver::stderr_tail() const { return std::string(impl_->tail.bytes()); }

pid_t AdapterProcessDriver::pid() const { return impl_->child ? impl_->child->pid() : -1; }

}  // namespace syncsuite::driver

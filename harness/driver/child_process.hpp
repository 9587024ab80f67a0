#pragma once
// A program started with its stdin, stdout and stderr on pipes (plain POSIX, no Asio).
//
// Lifetime rules, so that an adapter never outlives the harness:
// - the child leads its own process group, and every kill goes to the whole group, so what the
//   adapter started itself (a `node` under a wrapper script, a `sleep`) dies with it;
// - the child has PR_SET_PDEATHSIG(SIGKILL): if the harness dies in any way (SIGINT or SIGTERM at
//   their default action, SIGKILL, a crash), the kernel kills the child. The signal fires when the
//   *thread* that started the child exits, so start children from a thread that outlives them
//   (the io_context's thread). Grandchildren are reached only by the group kill of an orderly end;
//   after a harness crash they are on their own;
// - being in its own group, the child does not receive the terminal's Ctrl-C: the harness decides;
// - SIGPIPE: the harness's disposition is set to "ignore" (when it is the default, "terminate") the
//   first time a child is started, so writing to a child that died fails with EPIPE instead of
//   killing the harness. (Asio's sockets already avoid SIGPIPE with MSG_NOSIGNAL; pipes have no
//   such flag.) The child gets the default disposition back before exec.
#include <sys/types.h>

#include <optional>
#include <string>
#include <vector>

#include "harness/driver/unique_fd.hpp"
#include "reference/core/result.hpp"

namespace syncsuite::driver {

// How a child ended, from waitpid's status.
struct ExitStatus {
  int raw = 0;
  bool exited() const;
  int code() const;    // when exited()
  int signal() const;  // when killed by a signal
  // "exited with status 3" / "was killed by signal 11 (SIGSEGV)".
  std::string describe() const;
};

class ChildProcess {
 public:
  // Starts argv[0] (looked up on PATH unless it contains '/') with argv. The parent's ends of the
  // pipes are non-blocking and close-on-exec. Error{"spawn"} when the program cannot be started
  // (not found, not executable, out of processes), with the reason.
  static Result<ChildProcess> start(const std::vector<std::string>& argv);

  ChildProcess(ChildProcess&& other) noexcept;
  ChildProcess& operator=(ChildProcess&&) = delete;
  ChildProcess(const ChildProcess&) = delete;
  ChildProcess& operator=(const ChildProcess&) = delete;
  // kill_and_reap().
  ~ChildProcess();

  pid_t pid() const { return pid_; }
  // The parent's ends of the pipes; the caller may take them (UniqueFd::release).
  UniqueFd& stdin_pipe() { return stdin_; }
  UniqueFd& stdout_pipe() { return stdout_; }
  UniqueFd& stderr_pipe() { return stderr_; }

  // Never blocks. When the child has exited: kills what is left of its group, reaps it and returns
  // its status (also on later calls); nullopt while it runs.
  std::optional<ExitStatus> poll_exit();
  // SIGKILL to the group (unless already reaped), then waits for the child: brief, since SIGKILL
  // cannot be caught. The status (also on later calls).
  ExitStatus kill_and_reap();
  bool reaped() const { return status_.has_value(); }

 private:
  ChildProcess(pid_t pid, UniqueFd in, UniqueFd out, UniqueFd err);
  ExitStatus reap_after_group_kill();

  pid_t pid_ = -1;  // also the process group id; -1 once moved from
  UniqueFd stdin_, stdout_, stderr_;
  std::optional<ExitStatus> status_;  // set once reaped
};

}  // namespace syncsuite::driver

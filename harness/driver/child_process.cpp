#include "harness/driver/child_process.hpp"

#include <fcntl.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <string_view>

namespace syncsuite::driver {
namespace {

void ignore_sigpipe_if_default() {
  struct sigaction current {};
  if (::sigaction(SIGPIPE, nullptr, &current) != 0 || current.sa_handler != SIG_DFL) return;
  struct sigaction ignore {};
  ignore.sa_handler = SIG_IGN;
  ::sigemptyset(&ignore.sa_mask);
  ::sigaction(SIGPIPE, &ignore, nullptr);
}

bool is_executable_file(const std::string& path) {
  struct stat info {};
  return ::stat(path.c_str(), &info) == 0 && S_ISREG(info.st_mode) &&
         ::access(path.c_str(), X_OK) == 0;
}

// execvp's lookup, done before fork (the child may only make async-signal-safe calls).
std::optional<std::string> find_program(const std::string& name) {
  if (name.find('/') != std::string::npos) return name;
  const char* path = std::getenv("PATH");
  std::string_view dirs = path != nullptr ? path : "/usr/local/bin:/usr/bin:/bin";
  while (true) {
    const auto colon = dirs.find(':');
    std::string dir(dirs.substr(0, colon));
    if (dir.empty()) dir = ".";
    std::string candidate = dir + "/" + name;
    if (is_executable_file(candidate)) return candidate;
    if (colon == std::string_view::npos) return std::nullopt;
    dirs.remove_prefix(colon + 1);
  }
}

struct Pipe {
  UniqueFd read, write;
};

Result<Pipe> make_pipe() {
  int fds[2];
  if (::pipe2(fds, O_CLOEXEC) != 0) {
    return make_error("spawn", std::string("cannot create a pipe: ") + std::strerror(errno));
  }
  Pipe pipe{UniqueFd(fds[0]), UniqueFd(fds[1])};
  // Keep the child's ends clear of 0-2, so dup2 onto 0-2 never overwrites another pipe end (the
  // harness may run with a standard descriptor closed).
  for (UniqueFd* end : {&pipe.read, &pipe.write}) {
    if (end->get() <= 2) {
      const int moved = ::fcntl(end->get(), F_DUPFD_CLOEXEC, 3);
      if (moved < 0) return make_error("spawn", std::string("fcntl: ") + std::strerror(errno));
      *end = UniqueFd(moved);
    }
  }
  return pipe;
}

void set_non_blocking(int fd) { ::fcntl(fd, F_SETFL, ::fcntl(fd, F_GETFL) | O_NONBLOCK); }

// In the child between fork and exec: async-signal-safe calls only. Never returns.
[[noreturn]] void exec_child(pid_t parent, const char* path, char* const* argv, int in, int out,
                             int err, int report) {
  ::setpgid(0, 0);
  ::prctl(PR_SET_PDEATHSIG, SIGKILL);
  if (::getppid() != parent) ::_exit(127);  // the harness died before prctl took effect
  struct sigaction dfl {};
  dfl.sa_handler = SIG_DFL;
  ::sigaction(SIGPIPE, &dfl, nullptr);
  sigset_t none;
  ::sigemptyset(&none);
  ::sigprocmask(SIG_SETMASK, &none, nullptr);
  if (::dup2(in, STDIN_FILENO) < 0 || ::dup2(out, STDOUT_FILENO) < 0 ||
      ::dup2(err, STDERR_FILENO) < 0) {
    const int e = errno;
    [[maybe_unused]] auto n = ::write(report, &e, sizeof e);
    ::_exit(127);
  }
  ::execv(path, argv);
  const int e = errno;
  [[maybe_unused]] auto n = ::write(report, &e, sizeof e);
  ::_exit(127);
}

}  // namespace

bool ExitStatus::exited() const { return WIFEXITED(raw); }
int ExitStatus::code() const { return WEXITSTATUS(raw); }
int ExitStatus::signal() const { return WIFSIGNALED(raw) ? WTERMSIG(raw) : 0; }

std::string ExitStatus::describe() const {
  if (exited()) return "exited with status " + std::to_string(code());
  const char* abbrev = ::sigabbrev_np(signal());
  return "was killed by signal " + std::to_string(signal()) +
         (abbrev != nullptr ? std::string(" (SIG") + abbrev + ")" : std::string());
}

Result<ChildProcess> ChildProcess::start(const std::vector<std::string>& argv) {
  if (argv.empty()) return make_error("spawn", "no program given");
  ignore_sigpipe_if_default();
  const auto path = find_program(argv[0]);
  if (!path) return make_error("spawn", "'" + argv[0] + "' not found on PATH");
  auto in = make_pipe();
  auto out = make_pipe();
  auto err = make_pipe();
  auto report = make_pipe();  // the child writes errno here if exec fails; EOF means exec worked
  for (const auto* p : {&in, &out, &err, &report}) {
    if (!p->ok()) return p->error();
  }
  std::vector<std::string> args_copy = argv;
  std::vector<char*> args;
  for (auto& a : args_copy) args.push_back(a.data());
  args.push_back(nullptr);

  const pid_t parent = ::getpid();
  const pid_t pid = ::fork();
  if (pid == 0) {
    exec_child(parent, path->c_str(), args.data(), in->read.get(), out->write.get(),
               err->write.get(), report->write.get());
  }
  if (pid < 0) return make_error("spawn", std::string("fork: ") + std::strerror(errno));
  ::setpgid(pid, pid);  // also from the parent, so the group exists before anyone signals it
  in->read.reset();
  out->write.reset();
  err->write.reset();
  report->write.reset();

  int child_errno = 0;
  ssize_t n;
  do {
    n = ::read(report->read.get(), &child_errno, sizeof child_errno);
  } while (n < 0 && errno == EINTR);
  ChildProcess child(pid, std::move(in->write), std::move(out->read), std::move(err->read));
  if (n > 0) {
    child.kill_and_reap();
    return make_error("spawn", "cannot execute '" + *path + "': " + std::strerror(child_errno));
  }
  return child;
}

ChildProcess::ChildProcess(pid_t pid, UniqueFd in, UniqueFd out, UniqueFd err)
    : pid_(pid), stdin_(std::move(in)), stdout_(std::move(out)), stderr_(std::move(err)) {
  for (int fd : {stdin_.get(), stdout_.get(), stderr_.get()}) set_non_blocking(fd);
}

ChildProcess::ChildProcess(ChildProcess&& other) noexcept
    : pid_(std::exchange(other.pid_, -1)),
      stdin_(std::move(other.stdin_)),
      stdout_(std::move(other.stdout_)),
      stderr_(std::move(other.stderr_)),
      status_(std::exchange(other.status_, std::nullopt)) {}

ChildProcess::~ChildProcess() {
  if (pid_ > 0) kill_and_reap();
}

std::optional<ExitStatus> ChildProcess::poll_exit() {
  if (status_ || pid_ <= 0) return status_;
  // WNOWAIT: look without reaping, so the group id cannot be reused before the group kill.
  siginfo_t info{};
  if (::waitid(P_PID, static_cast<id_t>(pid_), &info, WEXITED | WNOHANG | WNOWAIT) != 0 ||
      info.si_pid == 0) {
    return std::nullopt;
  }
  return reap_after_group_kill();
}

ExitStatus ChildProcess::kill_and_reap() {
  if (status_ || pid_ <= 0) return status_.value_or(ExitStatus{});
  return reap_after_group_kill();
}

ExitStatus ChildProcess::reap_after_group_kill() {
  ::kill(-pid_, SIGKILL);  // the group: the adapter and whatever it started
  ::kill(pid_, SIGKILL);   // in case the child had left its group
  int raw = 0;
  while (::waitpid(pid_, &raw, 0) < 0 && errno == EINTR) {
  }
  status_ = ExitStatus{raw};
  return *status_;
}

}  // namespace syncsuite::driver

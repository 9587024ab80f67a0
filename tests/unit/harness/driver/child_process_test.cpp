#include "harness/driver/child_process.hpp"

#include <gtest/gtest.h>
#include <signal.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <thread>

#include "tests/unit/harness/driver/process_watch.hpp"

namespace syncsuite::driver {
namespace {

std::optional<ExitStatus> wait_exit(ChildProcess& child) {
  for (int i = 0; i < 2000; ++i) {
    if (auto status = child.poll_exit()) return status;
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  return std::nullopt;
}

std::string read_all(int fd) {
  std::string out;
  char buf[256];
  for (int i = 0; i < 2000; ++i) {
    const auto n = ::read(fd, buf, sizeof buf);
    if (n == 0) return out;
    if (n > 0) {
      out.append(buf, static_cast<std::size_t>(n));
    } else {
      std::this_thread::sleep_for(std::chrono::milliseconds(5));  // non-blocking: nothing yet
    }
  }
  return out;
}

TEST(ChildProcessTest, RunsAProgramFromPathWithItsPipes) {
  auto child = ChildProcess::start({"sh", "-c", "read x; echo \"out:$x\"; echo err >&2; exit 4"});
  ASSERT_TRUE(child.ok()) << child.error().message;
  ASSERT_EQ(::write(child->stdin_pipe().get(), "hello\n", 6), 6);
  EXPECT_EQ(read_all(child->stdout_pipe().get()), "out:hello\n");
  EXPECT_EQ(read_all(child->stderr_pipe().get()), "err\n");
  const auto status = wait_exit(*child);
  ASSERT_TRUE(status.has_value());
  EXPECT_EQ(status->describe(), "exited with status 4");
  EXPECT_TRUE(child->reaped());
}

TEST(ChildProcessTest, RunsInItsOwnProcessGroup) {
  auto child = ChildProcess::start({"sleep", "600"});
  ASSERT_TRUE(child.ok()) << child.error().message;
  EXPECT_EQ(::getpgid(child->pid()), child->pid());
  EXPECT_NE(::getpgid(child->pid()), ::getpgrp());
}

TEST(ChildProcessTest, KillAndReapEndsTheGroup) {
  auto child = ChildProcess::start({"sh", "-c", "sleep 600 & echo $!; wait"});
  ASSERT_TRUE(child.ok()) << child.error().message;
  const std::string first = [&] {
    std::string line;
    char c;
    for (int i = 0; i < 2000 && line.find('\n') == std::string::npos; ++i) {
      if (::read(child->stdout_pipe().get(), &c, 1) == 1) {
        line.push_back(c);
      } else {
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
      }
    }
    return line;
  }();
  const pid_t pid = child->pid();
  EXPECT_EQ(child->kill_and_reap().describe(), "was killed by signal 9 (SIGKILL)");
  EXPECT_EQ(::kill(pid, 0), -1);
  EXPECT_EQ(errno, ESRCH);
  ASSERT_FALSE(first.empty());
  EXPECT_TRUE(testing::eventually_gone(std::stoi(first)));
}

TEST(ChildProcessTest, ReportsAProgramThatCannotBeStarted) {
  auto missing = ChildProcess::start({"no-such-program-syncsuite"});
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().message, "'no-such-program-syncsuite' not found on PATH");
  auto not_executable = ChildProcess::start({"/dev/null"});
  ASSERT_FALSE(not_executable.ok());
  EXPECT_EQ(not_executable.error().message, "cannot execute '/dev/null': Permission denied");
}

TEST(ChildProcessTest, WritingToADeadChildIsAnErrorNotASignal) {
  auto child = ChildProcess::start({"true"});
  ASSERT_TRUE(child.ok()) << child.error().message;
  ASSERT_TRUE(wait_exit(*child).has_value());
  EXPECT_EQ(::write(child->stdin_pipe().get(), "x", 1), -1);
  EXPECT_EQ(errno, EPIPE);
}

}  // namespace
}  // namespace syncsuite::driver

#include "harness/driver/adapter_process_driver.hpp"

#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <boost/asio/io_context.hpp>
#include <cerrno>
#include <chrono>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "tests/unit/harness/driver/process_watch.hpp"

namespace syncsuite::driver {
namespace {

using std::chrono::milliseconds;

std::string fake(const std::string& script, const std::string& args = "") {
  return "bash '" SYNCSUITE_SOURCE_DIR "/tests/unit/harness/driver/fake_adapters/" + script + "'" +
         (args.empty() ? "" : " " + args);
}

// Runs `io` until `condition` holds, for up to 20 s; false if it never did.
template <class Condition>
bool run_until(boost::asio::io_context& io, Condition condition) {
  io.restart();
  for (int i = 0; i < 400 && !condition(); ++i) {
    io.run_for(milliseconds(50));
    if (io.stopped()) io.restart();
  }
  return condition();
}

// Makes one call and runs the loop until it is answered (nullopt if it never was).
std::optional<Json> call(boost::asio::io_context& io, AdapterProcessDriver& driver, Json request) {
  std::optional<Json> reply;
  driver.call(std::move(request), [&reply](Json r) { reply = std::move(r); });
  EXPECT_FALSE(reply.has_value()) << "answered inside call()";
  if (!run_until(io, [&] { return reply.has_value(); })) return std::nullopt;
  return reply;
}

std::string error_of(const std::optional<Json>& reply) {
  if (!reply || !reply->is_object() || reply->value("ok", true)) return "(not a failure)";
  return reply->value("error", "(no error)");
}

// A pid a fake adapter reported on stderr as "<label><pid>"; -1 if not (yet) there.
pid_t pid_after(const std::string& label, const std::string& tail) {
  const auto at = tail.find(label);
  if (at == std::string::npos || tail.find('\n', at) == std::string::npos) return -1;
  return std::stoi(tail.substr(at + label.size()));
}

TEST(AdapterProcessDriverTest, AnswersEachRequestInOrderFromTheAdapter) {
  boost::asio::io_context io;
  AdapterProcessDriver driver(io, fake("echo.sh"));
  ASSERT_GT(driver.pid(), 0);
  std::vector<Json> replies;
  for (int i = 0; i < 5; ++i) {
    driver.call(Json{{"op", "put"}, {"id", "r" + std::to_string(i)}},
                [&replies](Json r) { replies.push_back(std::move(r)); });
  }
  EXPECT_TRUE(replies.empty()) << "answered inside call()";
  ASSERT_TRUE(run_until(io, [&] { return replies.size() == 5; }));
  for (int i = 0; i < 5; ++i) {
    EXPECT_EQ(replies[i].value("ok", false), true);
    EXPECT_EQ(replies[i]["echo"]["id"], "r" + std::to_string(i));
  }
  EXPECT_FALSE(driver.failure().has_value());
}

TEST(AdapterProcessDriverTest, ShutdownSendsQuitAndTheAdapterExits) {
  boost::asio::io_context io;
  AdapterProcessDriver driver(io, fake("echo.sh"));
  const pid_t pid = driver.pid();
  bool done = false;
  driver.shutdown([&done] { done = true; });
  ASSERT_TRUE(run_until(io, [&] { return done; }));
  EXPECT_FALSE(driver.failure().has_value()) << *driver.failure();
  EXPECT_EQ(::kill(pid, 0), -1);
  EXPECT_EQ(errno, ESRCH);
  EXPECT_EQ(error_of(call(io, driver, Json{{"op", "records"}})), "adapter driver shut down");
}

TEST(AdapterProcessDriverTest, CrashOnTheSecondRequestGivesTheSignalAndTheStderrTail) {
  boost::asio::io_context io;
  AdapterProcessDriver driver(io, fake("crash.sh", "signal"));
  EXPECT_EQ(call(io, driver, Json{{"op", "init"}}).value_or(Json{}).value("ok", false), true);
  const auto error = error_of(call(io, driver, Json{{"op", "sync"}}));
  EXPECT_NE(error.find("adapter was killed by signal 11 (SIGSEGV) on op sync"), std::string::npos)
      << error;
  EXPECT_NE(error.find("stderr tail: dying on the second request"), std::string::npos) << error;
  EXPECT_EQ(driver.failure().value_or(""), error);
  // Later calls fail at once with the same diagnosis.
  EXPECT_EQ(error_of(call(io, driver, Json{{"op", "records"}})), error);
}

TEST(AdapterProcessDriverTest, ExitOnTheSecondRequestGivesTheStatus) {
  boost::asio::io_context io;
  AdapterProcessDriver driver(io, fake("crash.sh", "exit"));
  EXPECT_EQ(call(io, driver, Json{{"op", "init"}}).value_or(Json{}).value("ok", false), true);
  const auto error = error_of(call(io, driver, Json{{"op", "put"}}));
  EXPECT_NE(error.find("adapter exited with status 3 on op put"), std::string::npos) << error;
}

TEST(AdapterProcessDriverTest, ExitBeforeAnyRequestIsAFailureWhileIdle) {
  boost::asio::io_context io;
  AdapterProcessDriver driver(io, fake("crash.sh", "start"));
  ASSERT_TRUE(run_until(io, [&] { return driver.failure().has_value(); }));
  EXPECT_NE(driver.failure()->find("adapter exited with status 3 while idle"), std::string::npos)
      << *driver.failure();
  EXPECT_NE(driver.failure()->find("refusing to start"), std::string::npos) << *driver.failure();
  EXPECT_EQ(error_of(call(io, driver, Json{{"op", "init"}})), *driver.failure());
}

TEST(AdapterProcessDriverTest, HangIsATimeoutAndTheWholeProcessGroupIsKilled) {
  boost::asio::io_context io;
  AdapterProcessDriver driver(io, fake("hang.sh"),
                              AdapterProcessOptions{.request_timeout = milliseconds(300)});
  const pid_t pid = driver.pid();
  EXPECT_EQ(call(io, driver, Json{{"op", "init"}}).value_or(Json{}).value("ok", false), true);
  const auto error = error_of(call(io, driver, Json{{"op", "sync"}}));
  EXPECT_NE(error.find("adapter timeout after 300 ms on op sync; stderr tail: hanging now"),
            std::string::npos)
      << error;
  EXPECT_EQ(error_of(call(io, driver, Json{{"op", "records"}})), error);
  EXPECT_EQ(::kill(pid, 0), -1);  // killed and reaped already
  EXPECT_EQ(errno, ESRCH);
  const pid_t sleeper = pid_after("sleeper=", driver.stderr_tail());
  ASSERT_GT(sleeper, 0) << driver.stderr_tail();
  EXPECT_TRUE(testing::eventually_gone(sleeper)) << "the adapter's child survived";
}

struct GarbageCase {
  std::string line;
  std::string expected;
  friend std::ostream& operator<<(std::ostream& os, const GarbageCase& c) { return os << c.line; }
};

class AdapterGarbageTest : public ::testing::TestWithParam<GarbageCase> {};

TEST_P(AdapterGarbageTest, GarbageAnswerFailsTheDriverQuotingTheLine) {
  boost::asio::io_context io;
  AdapterProcessDriver driver(io, fake("garbage.sh", "'" + GetParam().line + "'"));
  const auto error = error_of(call(io, driver, Json{{"op", "init"}}));
  EXPECT_NE(error.find("adapter answered garbage on op init: " + GetParam().expected),
            std::string::npos)
      << error;
  EXPECT_EQ(driver.failure().value_or(""), error);
}

INSTANTIATE_TEST_SUITE_P(
    Lines, AdapterGarbageTest,
    ::testing::Values(GarbageCase{"hello there", "not JSON (parse error at byte 1): 'hello there'"},
                      GarbageCase{"[1,2]", "not a JSON object: '[1,2]'"},
                      GarbageCase{R"({"ok":"yes"})", R"(no boolean "ok": '{"ok":"yes"}')"},
                      GarbageCase{R"({"status":"fine"})", R"(no boolean "ok")"}));

TEST(AdapterProcessDriverTest, LineBeforeAnyRequestIsOutOfTurn) {
  boost::asio::io_context io;
  AdapterProcessDriver driver(io, fake("out_of_turn.sh", "banner"));
  ASSERT_TRUE(run_until(io, [&] { return driver.failure().has_value(); }));
  EXPECT_NE(driver.failure()->find(
                "adapter wrote to stdout out of turn (no request pending): 'adapter ready'"),
            std::string::npos)
      << *driver.failure();
  EXPECT_EQ(error_of(call(io, driver, Json{{"op", "init"}})), *driver.failure());
}

TEST(AdapterProcessDriverTest, TwoLinesForOneRequestIsOutOfTurn) {
  boost::asio::io_context io;
  AdapterProcessDriver driver(io, fake("out_of_turn.sh", "double"));
  EXPECT_EQ(call(io, driver, Json{{"op", "init"}}).value_or(Json{}).value("ok", false), true);
  ASSERT_TRUE(run_until(io, [&] { return driver.failure().has_value(); }));
  EXPECT_NE(
      driver.failure()->find(R"(out of turn (no request pending): '{"ok":true,"again":true}')"),
      std::string::npos)
      << *driver.failure();
  EXPECT_EQ(error_of(call(io, driver, Json{{"op", "sync"}})), *driver.failure());
}

TEST(AdapterProcessDriverTest, MuchStderrNeverBlocksAndTheTailIsKept) {
  boost::asio::io_context io;
  AdapterProcessDriver driver(io, fake("stderr_flood.sh", "512"),
                              AdapterProcessOptions{.stderr_tail_bytes = 4096});
  for (int i = 1; i <= 3; ++i) {
    EXPECT_EQ(call(io, driver, Json{{"op", "put"}}).value_or(Json{}).value("ok", false), true);
  }
  // The marker is written just before the answer; stderr is a separate pipe, so wait for it.
  ASSERT_TRUE(run_until(io, [&] {
    return driver.stderr_tail().ends_with("marker of request 3\n");
  })) << driver.stderr_tail().substr(0, 100);
  EXPECT_EQ(driver.stderr_tail().size(), 4096u);
  EXPECT_EQ(driver.stderr_tail().find("marker of request 2"), std::string::npos);
}

TEST(AdapterProcessDriverTest, ThousandsOfRecordsOnOneLine) {
  boost::asio::io_context io;
  AdapterProcessDriver driver(io, fake("huge_reply.sh", "5000"));
  const auto reply = call(io, driver, Json{{"op", "records"}});
  ASSERT_TRUE(reply.has_value());
  ASSERT_EQ(reply->value("ok", false), true) << error_of(reply);
  ASSERT_EQ((*reply)["records"].size(), 5000u);
  EXPECT_EQ((*reply)["records"][4999]["id"], "r4999");
}

TEST(AdapterProcessDriverTest, AnswerOverTheLineLimitFailsClearly) {
  boost::asio::io_context io;
  AdapterProcessDriver driver(io, fake("huge_reply.sh", "2000"),
                              AdapterProcessOptions{.max_line_bytes = 1 << 20});
  const auto error = error_of(call(io, driver, Json{{"op", "records"}}));
  EXPECT_NE(error.find("adapter answer longer than 1048576 bytes on op records"), std::string::npos)
      << error;
}

TEST(AdapterProcessDriverTest, WritingToADeadAdapterIsACrashNotASigpipe) {
  boost::asio::io_context io;
  AdapterProcessDriver driver(io, fake("exit_on_read.sh"));
  const std::string big(4 << 20, 'x');  // far more than a pipe holds
  const auto error = error_of(call(io, driver, Json{{"op", "put"}, {"data", {{"text", big}}}}));
  EXPECT_NE(error.find("adapter exited with status 0 on op put"), std::string::npos) << error;
}

TEST(AdapterProcessDriverTest, ShutdownKillsAnAdapterThatIgnoresQuit) {
  boost::asio::io_context io;
  AdapterProcessDriver driver(io, fake("ignore_quit.sh"),
                              AdapterProcessOptions{.quit_grace = milliseconds(200)});
  const pid_t pid = driver.pid();
  ASSERT_TRUE(run_until(io, [&] { return pid_after("grandchild=", driver.stderr_tail()) > 0; }));
  const pid_t grandchild = pid_after("grandchild=", driver.stderr_tail());
  bool done = false;
  driver.shutdown([&done] { done = true; });
  ASSERT_TRUE(run_until(io, [&] { return done; }));
  EXPECT_EQ(::kill(pid, 0), -1);
  EXPECT_EQ(errno, ESRCH);
  EXPECT_TRUE(testing::eventually_gone(grandchild));
}

TEST(AdapterProcessDriverTest, DestructionKillsAnAdapterThatIgnoresQuit) {
  boost::asio::io_context io;
  pid_t pid = -1;
  pid_t grandchild = -1;
  {
    AdapterProcessDriver driver(io, fake("ignore_quit.sh"),
                                AdapterProcessOptions{.quit_grace = milliseconds(200)});
    pid = driver.pid();
    ASSERT_TRUE(run_until(io, [&] { return pid_after("grandchild=", driver.stderr_tail()) > 0; }));
    grandchild = pid_after("grandchild=", driver.stderr_tail());
  }
  EXPECT_EQ(::kill(pid, 0), -1);
  EXPECT_EQ(errno, ESRCH);
  EXPECT_TRUE(testing::eventually_gone(grandchild));
}

TEST(AdapterProcessDriverTest, CallsPendingAtDestructionAreAnswered) {
  boost::asio::io_context io;
  std::optional<Json> reply;
  {
    AdapterProcessDriver driver(io, fake("hang.sh"),
                                AdapterProcessOptions{.quit_grace = milliseconds(100)});
    driver.call(Json{{"op", "sync"}}, [&reply](Json r) { reply = std::move(r); });
  }
  ASSERT_TRUE(run_until(io, [&] { return reply.has_value(); }));
  EXPECT_EQ(error_of(reply), "adapter driver destroyed");
}

class AdapterDiesWithTheHarnessTest : public ::testing::TestWithParam<int> {};

// A "harness" process (forked from this test) starts an adapter that would run for 10 minutes,
// then dies by the signal; the adapter must die with it (PR_SET_PDEATHSIG), though nothing in the
// harness ran to stop it.
TEST_P(AdapterDiesWithTheHarnessTest, AdapterIsKilled) {
  int report[2];
  ASSERT_EQ(::pipe(report), 0);
  const pid_t harness = ::fork();
  ASSERT_GE(harness, 0);
  if (harness == 0) {
    // A shell's background job ignores SIGINT and SIGQUIT, and a fork inherits that: the harness
    // must die by the signal wherever the tests run.
    // Nor may a mask inherited from the test process hold the signal back.
    ::signal(GetParam(), SIG_DFL);
    sigset_t only;
    sigemptyset(&only);
    sigaddset(&only, GetParam());
    ::sigprocmask(SIG_UNBLOCK, &only, nullptr);
    ::close(report[0]);
    boost::asio::io_context io;
    AdapterProcessDriver driver(io, "sleep 600");
    const pid_t adapter = driver.pid();
    if (::write(report[1], &adapter, sizeof adapter) != sizeof adapter) ::_exit(1);
    ::pause();
    ::_exit(0);
  }
  ::close(report[1]);
  pid_t adapter = -1;
  const auto n = ::read(report[0], &adapter, sizeof adapter);
  ::close(report[0]);
  ::kill(harness, GetParam());
  int status = 0;
  ::waitpid(harness, &status, 0);
  ASSERT_EQ(n, static_cast<ssize_t>(sizeof adapter));
  ASSERT_GT(adapter, 0);
  // Under AddressSanitizer a SIGSEGV is caught, reported and ends in abort(): SIGABRT.
  EXPECT_TRUE(WIFSIGNALED(status) && (WTERMSIG(status) == GetParam() ||
                                      (GetParam() == SIGSEGV && WTERMSIG(status) == SIGABRT)));
  EXPECT_TRUE(testing::eventually_gone(adapter))
      << "adapter " << adapter << " outlived the harness";
}

INSTANTIATE_TEST_SUITE_P(Signals, AdapterDiesWithTheHarnessTest,
                         ::testing::Values(SIGKILL, SIGINT, SIGTERM, SIGSEGV));

TEST(AdapterProcessDriverTest, ProgramNotFoundFailsAtOnce) {
  boost::asio::io_context io;
  AdapterProcessDriver driver(io, "/nonexistent/adapter --flag");
  EXPECT_EQ(driver.pid(), -1);
  ASSERT_TRUE(driver.failure().has_value());
  EXPECT_NE(driver.failure()->find("cannot start adapter '/nonexistent/adapter --flag': cannot "
                                   "execute '/nonexistent/adapter': No such file or directory"),
            std::string::npos)
      << *driver.failure();
  EXPECT_EQ(error_of(call(io, driver, Json{{"op", "init"}})), *driver.failure());
}

TEST(AdapterProcessDriverTest, BadCommandLineFailsAtOnce) {
  boost::asio::io_context io;
  AdapterProcessDriver driver(io, "node 'adapter.js");
  ASSERT_TRUE(driver.failure().has_value());
  EXPECT_NE(driver.failure()->find("unterminated single quote at column 6"), std::string::npos)
      << *driver.failure();
}

}  // namespace
}  // namespace syncsuite::driver

#pragma once
// Test helper: has a process really ended? A reaped child is gone at once; an orphaned grandchild
// may linger as a zombie until init reaps it, which counts as ended too.
#include <signal.h>
#include <sys/types.h>

#include <cerrno>
#include <chrono>
#include <fstream>
#include <iterator>
#include <string>
#include <thread>

namespace syncsuite::driver::testing {

inline bool process_gone(pid_t pid) {
  if (::kill(pid, 0) == -1 && errno == ESRCH) return true;
  std::ifstream stat("/proc/" + std::to_string(pid) + "/stat");
  const std::string all((std::istreambuf_iterator<char>(stat)), std::istreambuf_iterator<char>());
  const auto paren = all.rfind(')');
  return paren == std::string::npos || all.compare(paren, 3, ") Z") == 0;
}

// Up to 4 s.
inline bool eventually_gone(pid_t pid) {
  for (int i = 0; i < 400; ++i) {
    if (process_gone(pid)) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return process_gone(pid);
}

}  // namespace syncsuite::driver::testing

#include "harness/cli/line_reader.hpp"

#include <poll.h>
#include <signal.h>
#include <sodium.h>
#include <sys/signalfd.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

namespace syncsuite::cli {
namespace {

sigset_t termination_signals() {
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGTERM);
  sigaddset(&set, SIGINT);
  sigaddset(&set, SIGHUP);
  return set;
}

}  // namespace

LineReader::LineReader(int fd, std::size_t max_line) : fd_(fd), max_line_(max_line) {
  const sigset_t set = termination_signals();
  if (sigprocmask(SIG_BLOCK, &set, nullptr) == 0) signal_fd_ = signalfd(-1, &set, SFD_CLOEXEC);
}

LineReader::~LineReader() {
  if (!buffer_.empty()) sodium_memzero(buffer_.data(), buffer_.size());
  if (signal_fd_ >= 0) close(signal_fd_);
}

LineReader::Next LineReader::next(std::string& line) {
  too_long_ = false;
  for (;;) {
    const auto newline = buffer_.find('\n');
    if (newline != std::string::npos || (eof_ && !buffer_.empty())) {
      const std::size_t end = newline == std::string::npos ? buffer_.size() : newline;
      const std::size_t taken = newline == std::string::npos ? end : end + 1;
      const bool was_skipping = skipping_;
      skipping_ = false;
      if (!was_skipping) line.assign(buffer_, 0, std::min(end, max_line_));
      too_long_ = !was_skipping && end > max_line_;
      sodium_memzero(buffer_.data(), taken);
      buffer_.erase(0, taken);
      if (was_skipping) continue;  // the tail of a line already answered
      return Next::line;
    }
    if (eof_) return Next::eof;
    if (!skipping_ && buffer_.size() > max_line_) {
      line.assign(buffer_, 0, max_line_);
      sodium_memzero(buffer_.data(), buffer_.size());
      buffer_.clear();
      skipping_ = true;
      too_long_ = true;
      return Next::line;
    }
    if (skipping_) {
      sodium_memzero(buffer_.data(), buffer_.size());
      buffer_.clear();
    }
    pollfd fds[2] = {{fd_, POLLIN, 0}, {signal_fd_, POLLIN, 0}};
    const int ready = poll(fds, signal_fd_ >= 0 ? 2 : 1, -1);
    if (ready < 0) {
      if (errno == EINTR) continue;
      error_ = std::strerror(errno);
      return Next::error;
    }
    if (signal_fd_ >= 0 && (fds[1].revents & POLLIN)) return Next::signal;
    if (fds[0].revents == 0) continue;
    char chunk[65536];
    const ssize_t n = read(fd_, chunk, sizeof chunk);
    if (n < 0) {
      if (errno == EINTR || errno == EAGAIN) continue;
      error_ = std::strerror(errno);
      return Next::error;
    }
    if (n == 0) {
      eof_ = true;
      continue;
    }
    buffer_.append(chunk, static_cast<std::size_t>(n));
    sodium_memzero(chunk, static_cast<std::size_t>(n));
  }
}

}  // namespace syncsuite::cli

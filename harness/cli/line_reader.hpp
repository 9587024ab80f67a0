#pragma once
// Lines from a file descriptor (the adapter's stdin), one at a time, that also wakes up for a
// termination signal: SIGTERM, SIGINT and SIGHUP are blocked for the process and read from a
// signalfd beside the input, so a signal never kills the process between two requests and its
// cleanup still runs. Consumed bytes are wiped from the buffer (a line may carry a secret key).
#include <cstddef>
#include <string>

namespace syncsuite::cli {

class LineReader {
 public:
  enum class Next { line, eof, signal, error };

  // Blocks the signals for the process (threads created later inherit the mask); call before
  // any thread starts.
  explicit LineReader(int fd, std::size_t max_line = 64u << 20);
  ~LineReader();
  LineReader(const LineReader&) = delete;
  LineReader& operator=(const LineReader&) = delete;

  // The next line without its '\n' (a last line without '\n' counts). A line over max_line
  // bytes is returned cut to max_line with `too_long` set; its rest is skipped.
  Next next(std::string& line);
  bool too_long() const { return too_long_; }
  const std::string& error() const { return error_; }

 private:
  int fd_;
  int signal_fd_ = -1;
  std::size_t max_line_;
  std::string buffer_;
  bool eof_ = false;
  bool skipping_ = false;  // inside the rest of an over-long line
  bool too_long_ = false;
  std::string error_;
};

}  // namespace syncsuite::cli

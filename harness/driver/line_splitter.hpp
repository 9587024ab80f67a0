#pragma once
// Bytes from a stream in, complete '\n'-terminated lines out, with one limit on a line's length
// (a `records` answer can be megabytes; a runaway adapter must not take all memory). Each byte is
// scanned once, so a long line arriving in many chunks costs linear time.
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace syncsuite::driver {

class LineSplitter {
 public:
  explicit LineSplitter(std::size_t max_line_bytes) : max_line_bytes_(max_line_bytes) {}

  void append(std::string_view bytes);
  // The next complete line without its '\n', or nullopt when none is complete (or overflowed()).
  std::optional<std::string> next_line();
  // True once a line (terminated or not) longer than the limit was seen; the stream is then
  // unusable and next_line() returns nothing more.
  bool overflowed() const { return overflowed_; }
  // Bytes received after the last complete line.
  std::string_view partial() const;

 private:
  std::size_t max_line_bytes_;
  std::string buffer_;       // unconsumed bytes are buffer_[start_..]
  std::size_t start_ = 0;    // first byte of the line being assembled
  std::size_t scanned_ = 0;  // buffer_[start_..scanned_) holds no '\n'
  bool overflowed_ = false;
};

}  // namespace syncsuite::driver

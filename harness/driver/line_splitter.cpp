#include "harness/driver/line_splitter.hpp"

namespace syncsuite::driver {

void LineSplitter::append(std::string_view bytes) {
  if (overflowed_) return;
  // Drop consumed lines before growing, so the buffer holds about one line at a time.
  if (start_ > 0 && start_ >= buffer_.size() / 2) {
    buffer_.erase(0, start_);
    scanned_ -= start_;
    start_ = 0;
  }
  buffer_.append(bytes);
}

std::optional<std::string> LineSplitter::next_line() {
  if (overflowed_) return std::nullopt;
  const auto newline = buffer_.find('\n', scanned_);
  if (newline == std::string::npos) {
    scanned_ = buffer_.size();
    if (scanned_ - start_ > max_line_bytes_) overflowed_ = true;
    return std::nullopt;
  }
  if (newline - start_ > max_line_bytes_) {
    overflowed_ = true;
    return std::nullopt;
  }
  std::string line = buffer_.substr(start_, newline - start_);
  start_ = scanned_ = newline + 1;
  return line;
}

std::string_view LineSplitter::partial() const { return std::string_view(buffer_).substr(start_); }

}  // namespace syncsuite::driver

#pragma once
// The last N bytes of a stream (an adapter's stderr): appended to without limit, holds at most
// `capacity` bytes, so a chatty adapter costs bounded memory while the end of its story is kept.
#include <cstddef>
#include <string>
#include <string_view>

namespace syncsuite::driver {

class TailBuffer {
 public:
  explicit TailBuffer(std::size_t capacity) : capacity_(capacity) {}

  void append(std::string_view bytes);
  // The kept bytes, oldest first (at most `capacity`).
  std::string_view bytes() const;
  // True when earlier bytes were dropped.
  bool truncated() const { return dropped_ > 0; }
  // For a diagnosis: printable text, "[... N earlier bytes dropped]" first when truncated, trailing
  // blank lines trimmed; "(empty)" when nothing was written.
  std::string describe() const;

 private:
  std::size_t capacity_;
  std::string data_;  // the kept bytes are data_[start_..]; compacted when start_ passes capacity_
  std::size_t start_ = 0;
  std::size_t dropped_ = 0;  // invariant: dropped_ + kept == all bytes ever appended
};

}  // namespace syncsuite::driver

#include "harness/driver/tail_buffer.hpp"

#include "harness/driver/printable.hpp"

namespace syncsuite::driver {

void TailBuffer::append(std::string_view bytes) {
  if (bytes.size() >= capacity_) {
    dropped_ += data_.size() - start_ + bytes.size() - capacity_;
    data_.assign(bytes.substr(bytes.size() - capacity_));
    start_ = 0;
    return;
  }
  data_.append(bytes);
  const std::size_t kept = data_.size() - start_;
  if (kept > capacity_) {
    dropped_ += kept - capacity_;
    start_ += kept - capacity_;
  }
  // Amortised: drop the dead prefix once it is as large as the buffer's live part could be.
  if (start_ >= capacity_) {
    data_.erase(0, start_);
    start_ = 0;
  }
}

std::string_view TailBuffer::bytes() const { return std::string_view(data_).substr(start_); }

std::string TailBuffer::describe() const {
  std::string_view kept = bytes();
  while (!kept.empty() && (kept.back() == '\n' || kept.back() == '\r' || kept.back() == ' ')) {
    kept.remove_suffix(1);
  }
  if (kept.empty() && !truncated()) return "(empty)";
  std::string out;
  if (truncated()) out = "[... " + std::to_string(dropped_) + " earlier bytes dropped]";
  return out + printable(kept);
}

}  // namespace syncsuite::driver

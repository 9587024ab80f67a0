#include "reference/core/base64.hpp"

#include <sodium.h>

namespace syncsuite::base64 {

std::string encode(const std::uint8_t* data, std::size_t size) {
  const std::size_t out_len = sodium_base64_ENCODED_LEN(size, sodium_base64_VARIANT_ORIGINAL);
  std::string out(out_len, '\0');
  sodium_bin2base64(out.data(), out_len, data, size, sodium_base64_VARIANT_ORIGINAL);
  out.resize(out_len - 1);  // drop the terminating NUL libsodium writes
  return out;
}

std::string encode(std::string_view text) {
  return encode(reinterpret_cast<const std::uint8_t*>(text.data()), text.size());
}

std::optional<Bytes> decode(std::string_view text) {
  if (text.size() % 4 != 0) return std::nullopt;
  if (text.empty()) return Bytes{};  // libsodium wants a non-null output buffer, even for 0 bytes
  Bytes out(text.size() / 4 * 3);
  std::size_t bin_len = 0;
  const char* end = nullptr;
  if (sodium_base642bin(out.data(), out.size(), text.data(), text.size(), nullptr, &bin_len, &end,
                        sodium_base64_VARIANT_ORIGINAL) != 0) {
    return std::nullopt;
  }
  if (end != text.data() + text.size()) return std::nullopt;
  out.resize(bin_len);
  // Reject non-canonical encodings (stray bits in the last symbol), so equal bytes mean equal text.
  if (encode(out) != text) return std::nullopt;
  return out;
}

std::size_t decoded_size_upper_bound(std::string_view text) { return (text.size() + 3) / 4 * 3; }

}  // namespace syncsuite::base64

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

namespace syncsuite::base64 {
namespace {

constexpr char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
constexpr std::uint8_t kInvalid = 0xff;

struct DecodeTable {
  std::uint8_t value[256];
  constexpr DecodeTable() : value{} {
    for (auto& v : value) v = kInvalid;
    for (std::uint8_t i = 0; i < 64; ++i) value[static_cast<unsigned char>(kAlphabet[i])] = i;
  }
};
constexpr DecodeTable kDecode;

inline std::uint32_t sym(char c) { return kDecode.value[static_cast<unsigned char>(c)]; }

}  // namespace

void encode_to(const std::uint8_t* data, std::size_t size, char* out) {
  std::size_t i = 0;
  for (; i + 3 <= size; i += 3, out += 4) {
    const std::uint32_t v = (std::uint32_t{data[i]} << 16) | (std::uint32_t{data[i + 1]} << 8) |
                            data[i + 2];
    out[0] = kAlphabet[v >> 18];
    out[1] = kAlphabet[(v >> 12) & 63];
    out[2] = kAlphabet[(v >> 6) & 63];
    out[3] = kAlphabet[v & 63];
  }
  const std::size_t rest = size - i;
  if (rest == 0) return;
  const std::uint32_t v =
      (std::uint32_t{data[i]} << 16) | (rest == 2 ? std::uint32_t{data[i + 1]} << 8 : 0);
  out[0] = kAlphabet[v >> 18];
  out[1] = kAlphabet[(v >> 12) & 63];
  out[2] = rest == 2 ? kAlphabet[(v >> 6) & 63] : '=';
  out[3] = '=';
}

namespace {

// decode_to() and checked_size() in one: with kWrite false nothing is written (out may be null).
template <bool kWrite>
bool scan(std::string_view text, std::uint8_t* out, std::size_t& written) {
  const std::size_t n = text.size();
  written = 0;
  if (n % 4 != 0) return false;
  if (n == 0) return true;
  const char* p = text.data();
  // Every quantum but the last has four alphabet symbols; '=' maps to kInvalid like any other
  // non-alphabet byte, so OR-ing the four lookups catches all of them with one test.
  const std::size_t full = n - 4;
  std::uint8_t* o = out;
  for (std::size_t i = 0; i < full; i += 4) {
    const std::uint32_t a = sym(p[i]), b = sym(p[i + 1]), c = sym(p[i + 2]), d = sym(p[i + 3]);
    if ((a | b | c | d) & 0x80) return false;
    if constexpr (kWrite) {
      const std::uint32_t v = (a << 18) | (b << 12) | (c << 6) | d;
      o[0] = static_cast<std::uint8_t>(v >> 16);
      o[1] = static_cast<std::uint8_t>(v >> 8);
      o[2] = static_cast<std::uint8_t>(v);
      o += 3;
    }
  }
  // The last quantum: "abcd", "abc=" or "ab==", and the bits the padding drops must be zero so
  // that exactly one text decodes to given bytes.
  const char* q = p + full;
  const std::uint32_t a = sym(q[0]), b = sym(q[1]);
  if ((a | b) & 0x80) return false;
  if (q[3] != '=') {
    const std::uint32_t c = sym(q[2]), d = sym(q[3]);
    if ((c | d) & 0x80) return false;
    if constexpr (kWrite) {
      const std::uint32_t v = (a << 18) | (b << 12) | (c << 6) | d;
      o[0] = static_cast<std::uint8_t>(v >> 16);
      o[1] = static_cast<std::uint8_t>(v >> 8);
      o[2] = static_cast<std::uint8_t>(v);
    }
    written = full / 4 * 3 + 3;
    return true;
  }
  if (q[2] != '=') {
    const std::uint32_t c = sym(q[2]);
    if ((c & 0x80) || (c & 3) != 0) return false;
    if constexpr (kWrite) {
      const std::uint32_t v = (a << 18) | (b << 12) | (c << 6);
      o[0] = static_cast<std::uint8_t>(v >> 16);
      o[1] = static_cast<std::uint8_t>(v >> 8);
    }
    written = full / 4 * 3 + 2;
    return true;
  }
  if ((b & 15) != 0) return false;
  if constexpr (kWrite) o[0] = static_cast<std::uint8_t>((a << 2) | (b >> 4));
  written = full / 4 * 3 + 1;
  return true;
}

}  // namespace

bool decode_to(std::string_view text, std::uint8_t* out, std::size_t& written) {
  return scan<true>(text, out, written);
}

std::optional<std::size_t> checked_size(std::string_view text) {
  std::size_t size = 0;
  if (!scan<false>(text, nullptr, size)) return std::nullopt;
  return size;
}

}  // namespace syncsuite::base64

#pragma once
// Standard base64 (RFC 4648 alphabet, with padding), the encoding of keys, nonces and ciphertexts.
// Decoding is strict: no whitespace, no missing padding, no trailing bytes.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace syncsuite::base64 {

using Bytes = std::vector<std::uint8_t>;

std::string encode(const std::uint8_t* data, std::size_t size);
inline std::string encode(const Bytes& bytes) { return encode(bytes.data(), bytes.size()); }
std::string encode(std::string_view text);

// nullopt when `text` is not canonical standard base64.
std::optional<Bytes> decode(std::string_view text);

// Decoded length of well-formed base64 of `text.size()` chars, without decoding; for size checks
// that must not allocate (a 16 MiB body of base64 is checked before it is decoded).
std::size_t decoded_size_upper_bound(std::string_view text);

}  // namespace syncsuite::base64

#pragma once
// Standard base64 (RFC 4648 alphabet, with padding), the encoding of keys, nonces and ciphertexts.
// Decoding is strict: no whitespace, no missing padding, no trailing bytes.
//
// Two codecs with the same output and the same strictness:
// - encode/decode go through libsodium, whose symbol mapping is constant-time: use them for secret
//   material (SecretKey::to_base64/from_base64 do), where table lookups indexed by secret bytes
//   could leak through the cache.
// - encode_to/decode_to are table-driven and write into the caller's buffer, for public bytes only
//   (nonces, ciphertexts): about ten times faster, which the per-record sealing path needs.
#include <cstddef>
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

// Exact length of the encoding of `size` bytes.
constexpr std::size_t encoded_size(std::size_t size) { return (size + 2) / 3 * 4; }

// Public bytes only (not constant-time). Writes exactly encoded_size(size) chars to `out`.
void encode_to(const std::uint8_t* data, std::size_t size, char* out);

// Public text only (not constant-time). Same acceptance as decode(), in one pass; `out` must hold
// decoded_size_upper_bound(text) bytes. False (and `written` unspecified) when not canonical.
bool decode_to(std::string_view text, std::uint8_t* out, std::size_t& written);

// Public text only: the decoded size when `text` is what decode() accepts, without decoding
// (the server checks envelopes it stores as text and never needs their bytes).
std::optional<std::size_t> checked_size(std::string_view text);

}  // namespace syncsuite::base64

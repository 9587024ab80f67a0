#pragma once
// X25519 keypairs of a user. The secret key lives in sodium_malloc'd memory (guard pages, wiped on
// free), is never printed, and is stored on disk only in files of mode 0600.
#include <array>
#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>

#include "reference/core/result.hpp"

namespace syncsuite::crypto {

inline constexpr std::size_t kKeyBytes = 32;  // crypto_box_PUBLICKEYBYTES == SECRETKEYBYTES

struct PublicKey {
  std::array<std::uint8_t, kKeyBytes> bytes{};
  std::string to_base64() const;
  static Result<PublicKey> from_base64(std::string_view text);
  bool operator==(const PublicKey&) const = default;
};

class SecretKey {
 public:
  SecretKey();  // zero key in secure memory
  ~SecretKey();
  SecretKey(SecretKey&& other) noexcept;
  SecretKey& operator=(SecretKey&& other) noexcept;
  SecretKey(const SecretKey&) = delete;
  SecretKey& operator=(const SecretKey&) = delete;
  SecretKey clone() const;

  const std::uint8_t* data() const { return data_; }
  std::uint8_t* data() { return data_; }

  // The base64 text is secret too: callers wipe it (sodium_memzero) when done.
  std::string to_base64() const;
  static Result<SecretKey> from_base64(std::string_view text);

 private:
  std::uint8_t* data_ = nullptr;
};

struct KeyPair {
  PublicKey public_key;
  SecretKey secret_key;
  static KeyPair generate();
  // The public key that belongs to `secret` (crypto_scalarmult_base).
  static KeyPair from_secret(SecretKey secret);
};

// Writes the secret key as base64 to `path`, created with mode 0600 (an existing file is replaced).
Status save_secret_key(const std::filesystem::path& path, const SecretKey& key);
// Loads a key written by save_secret_key. Refuses files readable by group or others.
Result<SecretKey> load_secret_key(const std::filesystem::path& path);

}  // namespace syncsuite::crypto

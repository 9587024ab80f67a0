#pragma once
// Sealing a record's JSON to the user's own keypair: NaCl crypto_box (X25519 + XSalsa20-Poly1305).
// RecordBox precomputes the shared key once per keypair (crypto_box_beforenm) and seals each
// record with crypto_box_easy_afternm under a fresh random 24-byte nonce; the bytes equal those of
// crypto_box_easy, tweetnacl nacl.box and PyNaCl Box for the same inputs.
#include <array>
#include <cstdint>
#include <string>
#include <string_view>

#include "reference/core/result.hpp"
#include "reference/crypto/keys.hpp"

namespace syncsuite::crypto {

inline constexpr std::size_t kNonceBytes = 24;
inline constexpr std::size_t kMacBytes = 16;

using Nonce = std::array<std::uint8_t, kNonceBytes>;

// The two envelope fields, as standard base64 text.
struct Sealed {
  std::string nonce;
  std::string ciphertext;
};

Nonce random_nonce();

// seal and open may run at the same time on one const RecordBox from any number of threads: they
// only read the precomputed key and write their own buffers, and libsodium's randombytes is
// thread-safe once sodium_init has run (ensure_sodium, in the constructor, runs it exactly once).
// So one box per account can be shared by all its devices (std::shared_ptr<const RecordBox>).
class RecordBox {
 public:
  RecordBox(const PublicKey& recipient, const SecretKey& sender);
  ~RecordBox();
  RecordBox(RecordBox&& other) noexcept;
  RecordBox& operator=(RecordBox&& other) noexcept;
  RecordBox(const RecordBox&) = delete;
  RecordBox& operator=(const RecordBox&) = delete;

  Sealed seal(std::string_view plaintext) const;  // fresh random nonce
  Sealed seal(std::string_view plaintext, const Nonce& nonce) const;
  // The binary form without base64: draws a fresh nonce into `nonce_out` and writes the box
  // (plaintext.size() + kMacBytes bytes) to `out`, which the caller sized.
  void seal_to(std::string_view plaintext, Nonce& nonce_out, std::uint8_t* out) const;
  // Errors: "bad_nonce", "bad_ciphertext" (malformed base64 or too short), "decrypt_failed"
  // (wrong key or tampered bytes).
  Result<std::string> open(std::string_view nonce_b64, std::string_view ciphertext_b64) const;

 private:
  std::uint8_t* shared_ = nullptr;  // crypto_box_BEFORENMBYTES in sodium_malloc'd memory
};

// One-shot crypto_box_easy without the precomputed key (for comparison and interop checks).
Sealed seal_easy(std::string_view plaintext, const Nonce& nonce, const PublicKey& recipient,
                 const SecretKey& sender);
Result<std::string> open_easy(std::string_view nonce_b64, std::string_view ciphertext_b64,
                              const PublicKey& sender, const SecretKey& recipient);

}  // namespace syncsuite::crypto

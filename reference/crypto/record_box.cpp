#include "reference/crypto/record_box.hpp"

#include <sodium.h>

#include <new>
#include <vector>

#include "reference/core/base64.hpp"
#include "reference/crypto/nonce_source.hpp"
#include "reference/crypto/sodium_init.hpp"

namespace syncsuite::crypto {
namespace {

// Records up to this size seal through a stack buffer; larger ones allocate it once.
constexpr std::size_t kStackSealBytes = 4096;

// The canonical encoding of 24 bytes is exactly this long, so the check doubles as the buffer bound.
constexpr std::size_t kNonceText = base64::encoded_size(kNonceBytes);

// Nonces and ciphertexts are public, so they take the fast (not constant-time) codec.
bool decode_nonce(std::string_view nonce_b64, Nonce& nonce) {
  std::size_t written = 0;
  return nonce_b64.size() == kNonceText &&
         base64::decode_to(nonce_b64, nonce.data(), written) && written == kNonceBytes;
}

std::string encode_text(const std::uint8_t* data, std::size_t size) {
  std::string text(base64::encoded_size(size), '\0');
  base64::encode_to(data, size, text.data());
  return text;
}

// Decodes the ciphertext into `box` (sized to fit, then trimmed); the caller opens it in place.
bool decode_ciphertext(std::string_view ciphertext_b64, std::string& box) {
  box.resize(base64::decoded_size_upper_bound(ciphertext_b64));
  std::size_t written = 0;
  if (!base64::decode_to(ciphertext_b64, reinterpret_cast<std::uint8_t*>(box.data()), written) ||
      written < kMacBytes) {
    return false;
  }
  box.resize(written);
  return true;
}

Result<std::string> bad_nonce() {
  return make_error("bad_nonce", "nonce must be standard base64 of 24 bytes");
}
Result<std::string> bad_ciphertext() {
  return make_error("bad_ciphertext", "ciphertext must be standard base64 of at least 16 bytes");
}

const char* kDecryptFailed =
    "ciphertext does not open with this keypair (wrong key or tampered bytes)";

// Seals with `encrypt(out)` into a buffer of plaintext_size + kMacBytes and returns both fields.
template <typename Encrypt>
Sealed seal_fields(const Nonce& nonce, std::size_t plaintext_size, Encrypt encrypt) {
  const std::size_t ct_size = plaintext_size + kMacBytes;
  Sealed sealed{encode_text(nonce.data(), nonce.size()), {}};
  if (ct_size <= kStackSealBytes) {
    std::uint8_t ct[kStackSealBytes];
    encrypt(ct);
    sealed.ciphertext = encode_text(ct, ct_size);
  } else {
    std::vector<std::uint8_t> ct(ct_size);
    encrypt(ct.data());
    sealed.ciphertext = encode_text(ct.data(), ct_size);
  }
  return sealed;
}

}  // namespace

Nonce random_nonce() {
  ensure_sodium();
  Nonce n;
  draw_nonce(n.data());
  return n;
}

RecordBox::RecordBox(const PublicKey& recipient, const SecretKey& sender) {
  ensure_sodium();
  shared_ = static_cast<std::uint8_t*>(sodium_malloc(crypto_box_BEFORENMBYTES));
  if (shared_ == nullptr) throw std::bad_alloc();
  if (crypto_box_beforenm(shared_, recipient.bytes.data(), sender.data()) != 0) {
    // Only a low-order public key fails here. A zeroed key would let anyone open what this box
    // seals; with a random key that nobody keeps, nothing sealed here opens anywhere else and
    // nothing sealed elsewhere opens here.
    randombytes_buf(shared_, crypto_box_BEFORENMBYTES);
  }
}

RecordBox::~RecordBox() {
  if (shared_ != nullptr) sodium_free(shared_);
}
RecordBox::RecordBox(RecordBox&& other) noexcept : shared_(other.shared_) { other.shared_ = nullptr; }
RecordBox& RecordBox::operator=(RecordBox&& other) noexcept {
  if (this != &other) {
    if (shared_ != nullptr) sodium_free(shared_);
    shared_ = other.shared_;
    other.shared_ = nullptr;
  }
  return *this;
}

Sealed RecordBox::seal(std::string_view plaintext) const { return seal(plaintext, random_nonce()); }

void RecordBox::seal_to(std::string_view plaintext, Nonce& nonce_out, std::uint8_t* out) const {
  draw_nonce(nonce_out.data());  // sodium_init ran in the constructor
  crypto_box_easy_afternm(out, reinterpret_cast<const unsigned char*>(plaintext.data()),
                          plaintext.size(), nonce_out.data(), shared_);
}

Sealed RecordBox::seal(std::string_view plaintext, const Nonce& nonce) const {
  return seal_fields(nonce, plaintext.size(), [&](std::uint8_t* ct) {
    crypto_box_easy_afternm(ct, reinterpret_cast<const unsigned char*>(plaintext.data()),
                            plaintext.size(), nonce.data(), shared_);
  });
}

Result<std::string> RecordBox::open(std::string_view nonce_b64,
                                    std::string_view ciphertext_b64) const {
  Nonce nonce;
  if (!decode_nonce(nonce_b64, nonce)) return bad_nonce();
  std::string plain;
  if (!decode_ciphertext(ciphertext_b64, plain)) return bad_ciphertext();
  // In place: libsodium moves the plaintext to the front of the same buffer.
  auto* bytes = reinterpret_cast<unsigned char*>(plain.data());
  if (crypto_box_open_easy_afternm(bytes, bytes, plain.size(), nonce.data(), shared_) != 0) {
    return make_error("decrypt_failed", kDecryptFailed);
  }
  plain.resize(plain.size() - kMacBytes);
  return plain;
}

Sealed seal_easy(std::string_view plaintext, const Nonce& nonce, const PublicKey& recipient,
                 const SecretKey& sender) {
  ensure_sodium();
  return seal_fields(nonce, plaintext.size(), [&](std::uint8_t* ct) {
    if (crypto_box_easy(ct, reinterpret_cast<const unsigned char*>(plaintext.data()),
                        plaintext.size(), nonce.data(), recipient.bytes.data(),
                        sender.data()) != 0) {
      // A low-order public key: emit bytes that open with no key rather than a weak box.
      sodium_memzero(ct, plaintext.size() + kMacBytes);
    }
  });
}

Result<std::string> open_easy(std::string_view nonce_b64, std::string_view ciphertext_b64,
                              const PublicKey& sender, const SecretKey& recipient) {
  ensure_sodium();
  Nonce nonce;
  if (!decode_nonce(nonce_b64, nonce)) return bad_nonce();
  std::string plain;
  if (!decode_ciphertext(ciphertext_b64, plain)) return bad_ciphertext();
  auto* bytes = reinterpret_cast<unsigned char*>(plain.data());
  if (crypto_box_open_easy(bytes, bytes, plain.size(), nonce.data(), sender.bytes.data(),
                           recipient.data()) != 0) {
    return make_error("decrypt_failed", kDecryptFailed);
  }
  plain.resize(plain.size() - kMacBytes);
  return plain;
}

}  // namespace syncsuite::crypto

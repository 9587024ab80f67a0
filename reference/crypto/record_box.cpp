#include "reference/crypto/record_box.hpp"

#include <sodium.h>

#include <new>

#include "reference/core/base64.hpp"
#include "reference/crypto/sodium_init.hpp"

namespace syncsuite::crypto {
namespace {

struct DecodedBox {
  base64::Bytes nonce;
  base64::Bytes ciphertext;
};

Result<DecodedBox> decode_box(std::string_view nonce_b64, std::string_view ciphertext_b64) {
  auto nonce = base64::decode(nonce_b64);
  if (!nonce || nonce->size() != kNonceBytes) {
    return make_error("bad_nonce", "nonce must be standard base64 of 24 bytes");
  }
  auto ct = base64::decode(ciphertext_b64);
  if (!ct || ct->size() < kMacBytes) {
    return make_error("bad_ciphertext", "ciphertext must be standard base64 of at least 16 bytes");
  }
  return DecodedBox{std::move(*nonce), std::move(*ct)};
}

Sealed to_sealed(const Nonce& nonce, const base64::Bytes& ct) {
  return Sealed{base64::encode(nonce.data(), nonce.size()), base64::encode(ct)};
}

const char* kDecryptFailed =
    "ciphertext does not open with this keypair (wrong key or tampered bytes)";

}  // namespace

Nonce random_nonce() {
  ensure_sodium();
  Nonce n{};
  randombytes_buf(n.data(), n.size());
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
  nonce_out = random_nonce();
  crypto_box_easy_afternm(out, reinterpret_cast<const unsigned char*>(plaintext.data()),
                          plaintext.size(), nonce_out.data(), shared_);
}

Sealed RecordBox::seal(std::string_view plaintext, const Nonce& nonce) const {
  base64::Bytes ct(plaintext.size() + kMacBytes);
  crypto_box_easy_afternm(ct.data(), reinterpret_cast<const unsigned char*>(plaintext.data()),
                          plaintext.size(), nonce.data(), shared_);
  return to_sealed(nonce, ct);
}

Result<std::string> RecordBox::open(std::string_view nonce_b64,
                                    std::string_view ciphertext_b64) const {
  auto box = decode_box(nonce_b64, ciphertext_b64);
  if (!box) return box.error();
  std::string plain(box->ciphertext.size() - kMacBytes, '\0');
  if (crypto_box_open_easy_afternm(reinterpret_cast<unsigned char*>(plain.data()),
                                   box->ciphertext.data(), box->ciphertext.size(),
                                   box->nonce.data(), shared_) != 0) {
    return make_error("decrypt_failed", kDecryptFailed);
  }
  return plain;
}

Sealed seal_easy(std::string_view plaintext, const Nonce& nonce, const PublicKey& recipient,
                 const SecretKey& sender) {
  ensure_sodium();
  base64::Bytes ct(plaintext.size() + kMacBytes);
  if (crypto_box_easy(ct.data(), reinterpret_cast<const unsigned char*>(plaintext.data()),
                      plaintext.size(), nonce.data(), recipient.bytes.data(), sender.data()) != 0) {
    // A low-order public key: emit bytes that open with no key rather than a weak box.
    sodium_memzero(ct.data(), ct.size());
  }
  return to_sealed(nonce, ct);
}

Result<std::string> open_easy(std::string_view nonce_b64, std::string_view ciphertext_b64,
                              const PublicKey& sender, const SecretKey& recipient) {
  ensure_sodium();
  auto box = decode_box(nonce_b64, ciphertext_b64);
  if (!box) return box.error();
  std::string plain(box->ciphertext.size() - kMacBytes, '\0');
  if (crypto_box_open_easy(reinterpret_cast<unsigned char*>(plain.data()), box->ciphertext.data(),
                           box->ciphertext.size(), box->nonce.data(), sender.bytes.data(),
                           recipient.data()) != 0) {
    return make_error("decrypt_failed", kDecryptFailed);
  }
  return plain;
}

}  // namespace syncsuite::crypto

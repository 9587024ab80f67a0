#include "reference/crypto/keys.hpp"

#include <fcntl.h>
#include <sodium.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <new>

#include "reference/core/base64.hpp"
#include "reference/crypto/sodium_init.hpp"

namespace syncsuite::crypto {
namespace {

std::uint8_t* secure_alloc() {
  ensure_sodium();
  auto* p = static_cast<std::uint8_t*>(sodium_malloc(kKeyBytes));
  if (p == nullptr) throw std::bad_alloc();
  sodium_memzero(p, kKeyBytes);
  return p;
}

Result<std::array<std::uint8_t, kKeyBytes>> decode_key(std::string_view text, const char* what) {
  auto bytes = base64::decode(text);
  if (!bytes || bytes->size() != kKeyBytes) {
    if (bytes) sodium_memzero(bytes->data(), bytes->size());
    return make_error("bad_key", std::string(what) + " must be standard base64 of 32 bytes");
  }
  std::array<std::uint8_t, kKeyBytes> out{};
  std::memcpy(out.data(), bytes->data(), kKeyBytes);
  sodium_memzero(bytes->data(), bytes->size());
  return out;
}

}  // namespace

std::string PublicKey::to_base64() const { return base64::encode(bytes.data(), bytes.size()); }

Result<PublicKey> PublicKey::from_base64(std::string_view text) {
  auto raw = decode_key(text, "public key");
  if (!raw) return raw.error();
  return PublicKey{*raw};
}

SecretKey::SecretKey() : data_(secure_alloc()) {}
SecretKey::~SecretKey() {
  if (data_ != nullptr) sodium_free(data_);  // sodium_free wipes before releasing
}
SecretKey::SecretKey(SecretKey&& other) noexcept : data_(other.data_) { other.data_ = nullptr; }
SecretKey& SecretKey::operator=(SecretKey&& other) noexcept {
  if (this != &other) {
    if (data_ != nullptr) sodium_free(data_);
    data_ = other.data_;
    other.data_ = nullptr;
  }
  return *this;
}
SecretKey SecretKey::clone() const {
  SecretKey copy;
  std::memcpy(copy.data_, data_, kKeyBytes);
  return copy;
}

std::string SecretKey::to_base64() const { return base64::encode(data_, kKeyBytes); }

Result<SecretKey> SecretKey::from_base64(std::string_view text) {
  auto raw = decode_key(text, "secret key");
  if (!raw) return raw.error();
  SecretKey key;
  std::memcpy(key.data_, raw->data(), kKeyBytes);
  sodium_memzero(raw->data(), raw->size());
  return key;
}

KeyPair KeyPair::generate() {
  ensure_sodium();
  KeyPair pair;
  crypto_box_keypair(pair.public_key.bytes.data(), pair.secret_key.data());
  return pair;
}

KeyPair KeyPair::from_secret(SecretKey secret) {
  ensure_sodium();
  KeyPair pair;
  crypto_scalarmult_base(pair.public_key.bytes.data(), secret.data());
  pair.secret_key = std::move(secret);
  return pair;
}

Status save_secret_key(const std::filesystem::path& path, const SecretKey& key) {
  std::string text = key.to_base64();
  text.push_back('\n');
  // Write to a fresh temp file created 0600, then rename, so no moment exists where the key sits
  // in a file with looser permissions or half written.
  const std::string tmp = path.string() + ".tmp";
  ::unlink(tmp.c_str());
  const int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0) {
    sodium_memzero(text.data(), text.size());
    return make_error("io", "cannot create key file " + tmp + ": " + std::strerror(errno));
  }
  ::fchmod(fd, 0600);  // the umask may have narrowed it; never widened
  const auto written = ::write(fd, text.data(), text.size());
  const bool synced = ::fsync(fd) == 0;
  ::close(fd);
  sodium_memzero(text.data(), text.size());
  if (written != static_cast<ssize_t>(text.size()) || !synced ||
      std::rename(tmp.c_str(), path.c_str()) != 0) {
    ::unlink(tmp.c_str());
    return make_error("io", "cannot write key file " + path.string());
  }
  return ok_status();
}

Result<SecretKey> load_secret_key(const std::filesystem::path& path) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return make_error("io", "cannot open key file " + path.string());
  struct stat st {};
  if (::fstat(fd, &st) != 0 || (st.st_mode & 077) != 0) {
    ::close(fd);
    return make_error("insecure_key_file",
                      "key file " + path.string() + " must be mode 0600 (readable by owner only)");
  }
  char buf[128];
  const auto n = ::read(fd, buf, sizeof buf);
  ::close(fd);
  if (n <= 0) return make_error("bad_key", "key file " + path.string() + " is empty");
  std::string_view text(buf, static_cast<std::size_t>(n));
  while (!text.empty() && (text.back() == '\n' || text.back() == '\r')) text.remove_suffix(1);
  auto key = SecretKey::from_base64(text);
  sodium_memzero(buf, sizeof buf);
  if (!key) return make_error("bad_key", "key file " + path.string() + ": " + key.error().message);
  return key;
}

}  // namespace syncsuite::crypto

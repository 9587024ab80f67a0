#include "reference/crypto/keys.hpp"

#include <gtest/gtest.h>
#include <sodium.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <string>

#include "reference/core/base64.hpp"
#include "tests/support/temp_dir.hpp"

namespace syncsuite::crypto {
namespace {

namespace fs = std::filesystem;

using TempDir = syncsuite::test::TempDir;  // tests/support/temp_dir.hpp

// Sets the process umask for one scope.
class UmaskScope {
 public:
  explicit UmaskScope(mode_t mask) : old_(::umask(mask)) {}
  ~UmaskScope() { ::umask(old_); }

 private:
  mode_t old_;
};

mode_t mode_of(const fs::path& p) {
  struct stat st {};
  EXPECT_EQ(::stat(p.c_str(), &st), 0) << p;
  return st.st_mode & 07777;
}

void write_file(const fs::path& p, const std::string& text, mode_t mode) {
  std::ofstream(p, std::ios::binary | std::ios::trunc) << text;
  ASSERT_EQ(::chmod(p.c_str(), mode), 0);
}

std::string hex(const std::uint8_t* p, std::size_t n) {
  static const char* digits = "0123456789abcdef";
  std::string out;
  for (std::size_t i = 0; i < n; ++i) {
    out += digits[p[i] >> 4];
    out += digits[p[i] & 15];
  }
  return out;
}

SecretKey secret_from_hex(const std::string& h) {
  SecretKey key;
  for (std::size_t i = 0; i < kKeyBytes; ++i) {
    key.data()[i] = static_cast<std::uint8_t>(std::stoi(h.substr(2 * i, 2), nullptr, 16));
  }
  return key;
}

bool same_secret(const SecretKey& a, const SecretKey& b) {
  return sodium_memcmp(a.data(), b.data(), kKeyBytes) == 0;
}

TEST(KeyPair, GenerateGivesFreshKeysWhosePublicHalfMatches) {
  const KeyPair a = KeyPair::generate();
  const KeyPair b = KeyPair::generate();
  EXPECT_NE(a.public_key, b.public_key);
  EXPECT_FALSE(same_secret(a.secret_key, b.secret_key));
  EXPECT_FALSE(sodium_is_zero(a.secret_key.data(), kKeyBytes));
  std::array<std::uint8_t, kKeyBytes> derived{};
  ASSERT_EQ(crypto_scalarmult_base(derived.data(), a.secret_key.data()), 0);
  EXPECT_EQ(derived, a.public_key.bytes);
}

TEST(KeyPair, FromSecretMatchesRfc7748Vectors) {
  // RFC 7748 section 6.1 (Alice and Bob); Bob's public key is also bobpk of NaCl's box test.
  const KeyPair alice = KeyPair::from_secret(
      secret_from_hex("77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a"));
  EXPECT_EQ(hex(alice.public_key.bytes.data(), kKeyBytes),
            "8520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6a");
  const KeyPair bob = KeyPair::from_secret(
      secret_from_hex("5dab087e624a8a4b79e17f8b83800ee66f3bb1292618b6fd1c2f8b27ff88e0eb"));
  EXPECT_EQ(hex(bob.public_key.bytes.data(), kKeyBytes),
            "de9edb7d7b7dc1b4d35b61c2ece435373f8343c85b78674dadfc7e146f882b4f");
  EXPECT_EQ(hex(bob.secret_key.data(), kKeyBytes),
            "5dab087e624a8a4b79e17f8b83800ee66f3bb1292618b6fd1c2f8b27ff88e0eb");
}

TEST(PublicKey, Base64RoundTrip) {
  const KeyPair pair = KeyPair::generate();
  const std::string text = pair.public_key.to_base64();
  EXPECT_EQ(text.size(), 44u);
  EXPECT_EQ(text.back(), '=');
  auto back = PublicKey::from_base64(text);
  ASSERT_TRUE(back.ok()) << back.error().message;
  EXPECT_EQ(*back, pair.public_key);
}

TEST(SecretKey, Base64RoundTripAndClone) {
  const KeyPair pair = KeyPair::generate();
  std::string text = pair.secret_key.to_base64();
  EXPECT_EQ(text.size(), 44u);
  auto back = SecretKey::from_base64(text);
  sodium_memzero(text.data(), text.size());
  ASSERT_TRUE(back.ok()) << back.error().message;
  EXPECT_TRUE(same_secret(*back, pair.secret_key));
  const SecretKey copy = back->clone();
  EXPECT_TRUE(same_secret(copy, pair.secret_key));
  EXPECT_NE(copy.data(), back->data());  // a deep copy in its own secure block
}

TEST(SecretKey, DefaultIsZeroAndMoveTransfersOwnership) {
  SecretKey key;
  EXPECT_TRUE(sodium_is_zero(key.data(), kKeyBytes));
  key.data()[0] = 42;
  const std::uint8_t* block = key.data();
  SecretKey moved(std::move(key));
  EXPECT_EQ(moved.data(), block);
  EXPECT_EQ(moved.data()[0], 42);
  SecretKey assigned;
  assigned = std::move(moved);
  EXPECT_EQ(assigned.data(), block);
}

struct BadKeyText {
  std::string name;
  std::string text;
};
void PrintTo(const BadKeyText& c, std::ostream* os) { *os << c.name; }

class KeyFromBase64Refuses : public ::testing::TestWithParam<BadKeyText> {};

TEST_P(KeyFromBase64Refuses, BothKindsWithBadKeyAndNoEcho) {
  const auto& c = GetParam();
  const auto pub = PublicKey::from_base64(c.text);
  ASSERT_FALSE(pub.ok());
  EXPECT_EQ(pub.error().code, "bad_key");
  EXPECT_NE(pub.error().message.find("public key"), std::string::npos) << pub.error().message;
  const auto sec = SecretKey::from_base64(c.text);
  ASSERT_FALSE(sec.ok());
  EXPECT_EQ(sec.error().code, "bad_key");
  EXPECT_NE(sec.error().message.find("secret key"), std::string::npos) << sec.error().message;
  if (!c.text.empty()) {  // the offered text (possibly a secret) is never echoed
    EXPECT_EQ(sec.error().message.find(c.text), std::string::npos);
  }
}

INSTANTIATE_TEST_SUITE_P(
    Table, KeyFromBase64Refuses,
    ::testing::Values(BadKeyText{"Empty", ""},
                      BadKeyText{"ThirtyOneBytes", base64::encode(base64::Bytes(31, 1))},
                      BadKeyText{"ThirtyThreeBytes", base64::encode(base64::Bytes(33, 1))},
                      BadKeyText{"SixtyFourBytes", base64::encode(base64::Bytes(64, 1))},
                      BadKeyText{"MissingPadding", "AQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQE"},
                      BadKeyText{"UrlSafe", "-_8BAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQE="},
                      BadKeyText{"TrailingNewline", base64::encode(base64::Bytes(32, 1)) + "\n"},
                      BadKeyText{"Hex", std::string(64, 'a')}),
    [](const auto& info) { return info.param.name; });

class KeyFile : public ::testing::Test {
 protected:
  TempDir dir_;
  fs::path path_ = dir_.path() / "user.key";
};

TEST_F(KeyFile, SaveWritesMode0600EvenUnderPermissiveUmask) {
  const UmaskScope open_umask(0);
  const KeyPair pair = KeyPair::generate();
  ASSERT_TRUE(save_secret_key(path_, pair.secret_key).ok());
  EXPECT_EQ(mode_of(path_), 0600);
  EXPECT_FALSE(fs::exists(path_.string() + ".tmp"));
  std::ifstream in(path_, std::ios::binary);
  const std::string content((std::istreambuf_iterator<char>(in)), {});
  std::string expected = pair.secret_key.to_base64() + "\n";
  EXPECT_EQ(content, expected);
  sodium_memzero(expected.data(), expected.size());
}

TEST_F(KeyFile, SaveReplacesALooserFileWithMode0600) {
  write_file(path_, "old contents\n", 0644);
  const KeyPair pair = KeyPair::generate();
  ASSERT_TRUE(save_secret_key(path_, pair.secret_key).ok());
  EXPECT_EQ(mode_of(path_), 0600);
  auto loaded = load_secret_key(path_);
  ASSERT_TRUE(loaded.ok()) << loaded.error().message;
  EXPECT_TRUE(same_secret(*loaded, pair.secret_key));
}

TEST_F(KeyFile, SaveThenLoadRoundTrips) {
  const KeyPair pair = KeyPair::generate();
  ASSERT_TRUE(save_secret_key(path_, pair.secret_key).ok());
  auto loaded = load_secret_key(path_);
  ASSERT_TRUE(loaded.ok()) << loaded.error().message;
  EXPECT_TRUE(same_secret(*loaded, pair.secret_key));
  EXPECT_EQ(KeyPair::from_secret(std::move(*loaded)).public_key, pair.public_key);
}

TEST_F(KeyFile, SaveIntoMissingDirectoryFailsWithIo) {
  const KeyPair pair = KeyPair::generate();
  const auto st = save_secret_key(dir_.path() / "no-such-dir" / "user.key", pair.secret_key);
  ASSERT_FALSE(st.ok());
  EXPECT_EQ(st.error().code, "io");
}

class KeyFileLooseMode : public KeyFile, public ::testing::WithParamInterface<mode_t> {};

TEST_P(KeyFileLooseMode, LoadRefusesFilesOthersCanRead) {
  const KeyPair pair = KeyPair::generate();
  ASSERT_TRUE(save_secret_key(path_, pair.secret_key).ok());
  ASSERT_EQ(::chmod(path_.c_str(), GetParam()), 0);
  const auto loaded = load_secret_key(path_);
  ASSERT_FALSE(loaded.ok()) << "mode " << std::oct << GetParam();
  EXPECT_EQ(loaded.error().code, "insecure_key_file");
  EXPECT_NE(loaded.error().message.find(path_.string()), std::string::npos);
  EXPECT_NE(loaded.error().message.find("0600"), std::string::npos);
}

INSTANTIATE_TEST_SUITE_P(Modes, KeyFileLooseMode,
                         ::testing::Values(0644, 0640, 0604, 0660, 0606, 0666, 0610, 0601),
                         [](const auto& info) {
                           char buf[16];
                           std::snprintf(buf, sizeof buf, "Mode%04o", info.param);
                           return std::string(buf);
                         });

TEST_F(KeyFile, LoadAcceptsOwnerReadOnly) {
  const KeyPair pair = KeyPair::generate();
  ASSERT_TRUE(save_secret_key(path_, pair.secret_key).ok());
  ASSERT_EQ(::chmod(path_.c_str(), 0400), 0);
  auto loaded = load_secret_key(path_);
  ASSERT_TRUE(loaded.ok()) << loaded.error().message;
  EXPECT_TRUE(same_secret(*loaded, pair.secret_key));
}

TEST_F(KeyFile, LoadAcceptsCrLfAndNoNewline) {
  const KeyPair pair = KeyPair::generate();
  for (const char* ending : {"\r\n", ""}) {
    write_file(path_, pair.secret_key.to_base64() + ending, 0600);
    auto loaded = load_secret_key(path_);
    ASSERT_TRUE(loaded.ok()) << loaded.error().message;
    EXPECT_TRUE(same_secret(*loaded, pair.secret_key));
  }
}

TEST_F(KeyFile, LoadMissingFileFailsWithIo) {
  const auto loaded = load_secret_key(path_);
  ASSERT_FALSE(loaded.ok());
  EXPECT_EQ(loaded.error().code, "io");
  EXPECT_NE(loaded.error().message.find(path_.string()), std::string::npos);
}

TEST_F(KeyFile, LoadRefusesEmptyGarbageAndOversizedFiles) {
  for (const std::string& content :
       {std::string(), std::string("not base64 at all\n"), base64::encode(base64::Bytes(31, 9)),
        std::string(4096, 'A')}) {
    write_file(path_, content, 0600);
    const auto loaded = load_secret_key(path_);
    ASSERT_FALSE(loaded.ok()) << "accepted: " << content.substr(0, 40);
    EXPECT_EQ(loaded.error().code, "bad_key");
    EXPECT_NE(loaded.error().message.find(path_.string()), std::string::npos);
  }
}

}  // namespace
}  // namespace syncsuite::crypto

#include "reference/crypto/record_box.hpp"

#include <gtest/gtest.h>
#include <sodium.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "reference/core/base64.hpp"

namespace syncsuite::crypto {
namespace {

std::string random_text(std::size_t n) {
  std::string s(n, '\0');
  randombytes_buf(s.data(), s.size());
  return s;
}

base64::Bytes decoded(const std::string& text) {
  auto bytes = base64::decode(text);
  EXPECT_TRUE(bytes.has_value()) << "not base64: " << text.substr(0, 60);
  return bytes.value_or(base64::Bytes{});
}

Nonce nonce_from(const std::string& b64) {
  const auto bytes = decoded(b64);
  Nonce n{};
  EXPECT_EQ(bytes.size(), n.size());
  std::copy_n(bytes.begin(), std::min(bytes.size(), n.size()), n.begin());
  return n;
}

class RecordBoxTest : public ::testing::Test {
 protected:
  KeyPair user_ = KeyPair::generate();
  RecordBox box_{user_.public_key, user_.secret_key};
};

TEST_F(RecordBoxTest, SealThenOpenRoundTripsManySizes) {
  for (std::size_t n : {0u, 1u, 2u, 15u, 16u, 17u, 63u, 64u, 1000u, 65536u, 1048560u}) {
    const std::string plain = random_text(n);
    const Sealed sealed = box_.seal(plain);
    EXPECT_EQ(decoded(sealed.nonce).size(), kNonceBytes);
    EXPECT_EQ(decoded(sealed.ciphertext).size(), n + kMacBytes) << "size " << n;
    auto opened = box_.open(sealed.nonce, sealed.ciphertext);
    ASSERT_TRUE(opened.ok()) << "size " << n << ": " << opened.error().message;
    EXPECT_EQ(*opened, plain) << "size " << n;
  }
}

TEST_F(RecordBoxTest, TombstoneBodyRoundTrips) {
  const Sealed sealed = box_.seal("{}");
  EXPECT_EQ(decoded(sealed.ciphertext).size(), 18u);
  auto opened = box_.open(sealed.nonce, sealed.ciphertext);
  ASSERT_TRUE(opened.ok());
  EXPECT_EQ(*opened, "{}");
}

TEST_F(RecordBoxTest, OpensWithAnotherBoxOfTheSameKeypairAndWithOpenEasy) {
  // Another device of the same user: it holds a copy of the keypair (contract section 3).
  auto sk_copy = SecretKey::from_base64(user_.secret_key.to_base64());
  ASSERT_TRUE(sk_copy.ok());
  const RecordBox other_device(user_.public_key, *sk_copy);
  const Sealed sealed = box_.seal(R"({"amount":12})");
  auto a = other_device.open(sealed.nonce, sealed.ciphertext);
  ASSERT_TRUE(a.ok());
  EXPECT_EQ(*a, R"({"amount":12})");
  auto b = open_easy(sealed.nonce, sealed.ciphertext, user_.public_key, user_.secret_key);
  ASSERT_TRUE(b.ok());
  EXPECT_EQ(*b, R"({"amount":12})");
}

TEST_F(RecordBoxTest, WrongKeyFailsWithDecryptFailed) {
  const Sealed sealed = box_.seal("secret record");
  const KeyPair stranger = KeyPair::generate();
  const RecordBox strangers_box(stranger.public_key, stranger.secret_key);
  auto opened = strangers_box.open(sealed.nonce, sealed.ciphertext);
  ASSERT_FALSE(opened.ok());
  EXPECT_EQ(opened.error().code, "decrypt_failed");
  // Half-right keys fail too: the user's public key with another secret key, and vice versa.
  const RecordBox mixed1(user_.public_key, stranger.secret_key);
  const RecordBox mixed2(stranger.public_key, user_.secret_key);
  for (const RecordBox* b : {&mixed1, &mixed2}) {
    auto r = b->open(sealed.nonce, sealed.ciphertext);
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().code, "decrypt_failed");
  }
  auto easy = open_easy(sealed.nonce, sealed.ciphertext, stranger.public_key, stranger.secret_key);
  ASSERT_FALSE(easy.ok());
  EXPECT_EQ(easy.error().code, "decrypt_failed");
}

TEST_F(RecordBoxTest, FlippingAnyCiphertextByteFailsToOpen) {
  const Sealed sealed = box_.seal(R"({"note":"flip every byte of me","amount":-3.5})");
  const base64::Bytes ct = decoded(sealed.ciphertext);
  ASSERT_GT(ct.size(), kMacBytes);
  for (std::size_t i = 0; i < ct.size(); ++i) {
    for (std::uint8_t mask : {0x01, 0x80, 0xff}) {
      base64::Bytes tampered = ct;
      tampered[i] ^= mask;
      auto opened = box_.open(sealed.nonce, base64::encode(tampered));
      ASSERT_FALSE(opened.ok()) << "byte " << i << " mask " << int(mask) << " still opens";
      EXPECT_EQ(opened.error().code, "decrypt_failed");
    }
  }
}

TEST_F(RecordBoxTest, FlippingAnyNonceByteFailsToOpen) {
  const Sealed sealed = box_.seal(R"({"a":1})");
  const base64::Bytes nonce = decoded(sealed.nonce);
  for (std::size_t i = 0; i < nonce.size(); ++i) {
    for (std::uint8_t mask : {0x01, 0x80, 0xff}) {
      base64::Bytes tampered = nonce;
      tampered[i] ^= mask;
      auto opened = box_.open(base64::encode(tampered), sealed.ciphertext);
      ASSERT_FALSE(opened.ok()) << "nonce byte " << i << " mask " << int(mask) << " still opens";
      EXPECT_EQ(opened.error().code, "decrypt_failed");
    }
  }
}

TEST_F(RecordBoxTest, TruncatedOrExtendedCiphertextFailsToOpen) {
  const Sealed sealed = box_.seal("0123456789");
  const base64::Bytes ct = decoded(sealed.ciphertext);
  for (std::size_t len = kMacBytes; len < ct.size(); ++len) {
    auto opened = box_.open(sealed.nonce, base64::encode(ct.data(), len));
    ASSERT_FALSE(opened.ok()) << "length " << len;
    EXPECT_EQ(opened.error().code, "decrypt_failed");
  }
  base64::Bytes longer = ct;
  longer.push_back(0);
  auto opened = box_.open(sealed.nonce, base64::encode(longer));
  ASSERT_FALSE(opened.ok());
  EXPECT_EQ(opened.error().code, "decrypt_failed");
}

struct MalformedBox {
  std::string name;
  std::string nonce;       // "" means: the valid nonce
  std::string ciphertext;  // "" means: the valid ciphertext
  std::string code;
};
void PrintTo(const MalformedBox& c, std::ostream* os) { *os << c.name; }

class RecordBoxMalformed : public RecordBoxTest,
                           public ::testing::WithParamInterface<MalformedBox> {};

TEST_P(RecordBoxMalformed, RefusedWithFieldCode) {
  const auto& c = GetParam();
  const Sealed sealed = box_.seal("x");
  const std::string nonce = c.nonce.empty() ? sealed.nonce : c.nonce;
  const std::string ct = c.ciphertext.empty() ? sealed.ciphertext : c.ciphertext;
  auto opened = box_.open(nonce, ct);
  ASSERT_FALSE(opened.ok());
  EXPECT_EQ(opened.error().code, c.code);
  auto easy = open_easy(nonce, ct, user_.public_key, user_.secret_key);
  ASSERT_FALSE(easy.ok());
  EXPECT_EQ(easy.error().code, c.code);
}

INSTANTIATE_TEST_SUITE_P(
    Table, RecordBoxMalformed,
    ::testing::Values(
        MalformedBox{"NonceNotBase64", "!!!!", "", "bad_nonce"},
        MalformedBox{"Nonce23Bytes", base64::encode(base64::Bytes(23, 1)), "", "bad_nonce"},
        MalformedBox{"Nonce25Bytes", base64::encode(base64::Bytes(25, 1)), "", "bad_nonce"},
        MalformedBox{"Nonce32Bytes", base64::encode(base64::Bytes(32, 1)), "", "bad_nonce"},
        MalformedBox{"NonceUrlSafe", std::string(31, '_') + "=", "", "bad_nonce"},
        MalformedBox{"CiphertextNotBase64", "", "abc", "bad_ciphertext"},
        MalformedBox{"Ciphertext15Bytes", "", base64::encode(base64::Bytes(15, 1)),
                     "bad_ciphertext"},
        MalformedBox{"CiphertextWhitespace", "", "AAAA AAAA", "bad_ciphertext"},
        MalformedBox{"Ciphertext16ZeroBytes", "", base64::encode(base64::Bytes(16, 0)),
                     "decrypt_failed"}),
    [](const auto& info) { return info.param.name; });

TEST_F(RecordBoxTest, FreshNoncePerSeal) {
  std::set<std::string> nonces;
  std::set<std::string> ciphertexts;
  for (int i = 0; i < 1000; ++i) {
    const Sealed sealed = box_.seal("{}");  // the same plaintext every time
    nonces.insert(sealed.nonce);
    ciphertexts.insert(sealed.ciphertext);
  }
  EXPECT_EQ(nonces.size(), 1000u);
  EXPECT_EQ(ciphertexts.size(), 1000u);
}

TEST_F(RecordBoxTest, RandomNoncesDiffer) {
  std::set<Nonce> seen;
  for (int i = 0; i < 1000; ++i) seen.insert(random_nonce());
  EXPECT_EQ(seen.size(), 1000u);
}

TEST_F(RecordBoxTest, EqualsSealEasyBytesForTheSameNonce) {
  for (std::size_t n : {0u, 1u, 31u, 32u, 33u, 255u, 256u, 4096u, 65536u}) {
    const std::string plain = random_text(n);
    const Nonce nonce = random_nonce();
    const Sealed precomputed = box_.seal(plain, nonce);
    const Sealed easy = seal_easy(plain, nonce, user_.public_key, user_.secret_key);
    EXPECT_EQ(precomputed.nonce, easy.nonce) << "size " << n;
    EXPECT_EQ(precomputed.ciphertext, easy.ciphertext) << "size " << n;
    // And the raw libsodium call, with no wrapper in between.
    base64::Bytes raw(n + crypto_box_MACBYTES);
    ASSERT_EQ(crypto_box_easy(raw.data(), reinterpret_cast<const unsigned char*>(plain.data()), n,
                              nonce.data(), user_.public_key.bytes.data(), user_.secret_key.data()),
              0);
    EXPECT_EQ(precomputed.ciphertext, base64::encode(raw)) << "size " << n;
    EXPECT_EQ(nonce_from(precomputed.nonce), nonce);
  }
}

TEST_F(RecordBoxTest, SealWithGivenNonceIsDeterministic) {
  const Nonce nonce = random_nonce();
  const Sealed a = box_.seal("same", nonce);
  const Sealed b = box_.seal("same", nonce);
  EXPECT_EQ(a.ciphertext, b.ciphertext);
  EXPECT_NE(box_.seal("other", nonce).ciphertext, a.ciphertext);
}

// One const box shared by the devices of an account on several worker threads: concurrent seals
// and opens each give the right bytes, and no two seals share a nonce.
TEST_F(RecordBoxTest, OneConstBoxSealsAndOpensOnManyThreadsAtOnce) {
  const RecordBox& shared = box_;
  constexpr int kThreads = 4;
  constexpr int kSeals = 300;
  std::vector<std::vector<Sealed>> sealed(kThreads);
  std::vector<int> failures(kThreads, 0);
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kSeals; ++i) {
        const std::string plain =
            "{\"t\":" + std::to_string(t) + ",\"i\":" + std::to_string(i) + "}";
        sealed[t].push_back(shared.seal(plain));
        auto opened = shared.open(sealed[t].back().nonce, sealed[t].back().ciphertext);
        if (!opened || *opened != plain) ++failures[t];
      }
    });
  }
  for (auto& thread : threads) thread.join();
  std::set<std::string> nonces;
  for (int t = 0; t < kThreads; ++t) {
    EXPECT_EQ(failures[t], 0) << "thread " << t;
    for (int i = 0; i < kSeals; ++i) {
      nonces.insert(sealed[t][i].nonce);
      auto opened = open_easy(sealed[t][i].nonce, sealed[t][i].ciphertext, user_.public_key,
                              user_.secret_key);
      ASSERT_TRUE(opened);
      EXPECT_EQ(*opened, "{\"t\":" + std::to_string(t) + ",\"i\":" + std::to_string(i) + "}");
    }
  }
  EXPECT_EQ(nonces.size(), static_cast<std::size_t>(kThreads * kSeals));
}

TEST_F(RecordBoxTest, MovedBoxStillOpens) {
  const Sealed sealed = box_.seal("moving");
  RecordBox moved(std::move(box_));
  auto a = moved.open(sealed.nonce, sealed.ciphertext);
  ASSERT_TRUE(a.ok());
  EXPECT_EQ(*a, "moving");
  RecordBox assigned(user_.public_key, KeyPair::generate().secret_key);
  assigned = std::move(moved);
  auto b = assigned.open(sealed.nonce, sealed.ciphertext);
  ASSERT_TRUE(b.ok());
  EXPECT_EQ(*b, "moving");
}

// X25519 point of order 8 (libsodium test/default/box.c small_order_p): the shared secret with it
// is all zeros, so any box "sealed" to it would be readable by everyone.
PublicKey small_order_point() {
  const std::uint8_t p[kKeyBytes] = {0xe0, 0xeb, 0x7a, 0x7c, 0x3b, 0x41, 0xb8, 0xae,
                                     0x16, 0x56, 0xe3, 0xfa, 0xf1, 0x9f, 0xc4, 0x6a,
                                     0xda, 0x09, 0x8d, 0xeb, 0x9c, 0x32, 0xb1, 0xfd,
                                     0x86, 0x62, 0x05, 0x16, 0x5f, 0x49, 0xb8, 0x00};
  PublicKey key;
  std::copy(std::begin(p), std::end(p), key.bytes.begin());
  return key;
}

TEST_F(RecordBoxTest, LowOrderPublicKeyNeverGivesABoxAnyoneCanOpen) {
  const RecordBox weak(small_order_point(), user_.secret_key);
  const Nonce nonce = random_nonce();
  const Sealed sealed = weak.seal("must stay private", nonce);
  const base64::Bytes ct = decoded(sealed.ciphertext);
  // The all-zero shared key is what an attacker would try first.
  std::uint8_t zero_key[crypto_box_BEFORENMBYTES] = {};
  std::string out(ct.size() - kMacBytes, '\0');
  EXPECT_NE(crypto_box_open_easy_afternm(reinterpret_cast<unsigned char*>(out.data()), ct.data(),
                                         ct.size(), nonce.data(), zero_key),
            0)
      << "sealed under the all-zero key";
  EXPECT_EQ(out.find("must stay private"), std::string::npos);
  // crypto_box_easy refuses the key as well, so seal_easy gives nothing that opens.
  const Sealed easy = seal_easy("must stay private", nonce, small_order_point(), user_.secret_key);
  EXPECT_FALSE(open_easy(easy.nonce, easy.ciphertext, small_order_point(), user_.secret_key).ok());
}

// Known answers kept in tests/golden/crypto/box_vectors.json (made with tweetnacl; the first is
// NaCl's own box test vector).
struct KnownAnswer {
  std::string name;
  std::string public_key;
  std::string secret_key;
  bool self = false;
  std::string nonce;
  std::string plaintext_base64;
  std::string ciphertext;
};
void PrintTo(const KnownAnswer& c, std::ostream* os) { *os << c.name; }

std::vector<KnownAnswer> load_known_answers() {
  const std::string path = SYNCSUITE_SOURCE_DIR "/tests/golden/crypto/box_vectors.json";
  std::ifstream in(path);
  nlohmann::json doc = nlohmann::json::parse(in, nullptr, /*allow_exceptions=*/false);
  std::vector<KnownAnswer> out;
  if (doc.is_object() && doc.contains("vectors")) {
    for (const auto& v : doc["vectors"]) {
      out.push_back({v.value("name", ""), v.value("public_key", ""), v.value("secret_key", ""),
                     v.value("self", false), v.value("nonce", ""), v.value("plaintext_base64", ""),
                     v.value("ciphertext", "")});
    }
  }
  if (out.empty()) out.push_back({"missing or unreadable: " + path, "", "", false, "", "", ""});
  return out;
}

std::string camel(const std::string& name) {
  std::string out;
  bool upper = true;
  for (char c : name) {
    if (!std::isalnum(static_cast<unsigned char>(c))) {
      upper = true;
      continue;
    }
    out += upper ? static_cast<char>(std::toupper(static_cast<unsigned char>(c))) : c;
    upper = false;
  }
  return out;
}

class RecordBoxKnownAnswer : public ::testing::TestWithParam<KnownAnswer> {};

TEST_P(RecordBoxKnownAnswer, SealsToTheGoldenBytesAndOpensThem) {
  const auto& v = GetParam();
  auto pk = PublicKey::from_base64(v.public_key);
  auto sk = SecretKey::from_base64(v.secret_key);
  ASSERT_TRUE(pk.ok() && sk.ok()) << "golden vector " << v.name << " has unreadable keys";
  const auto plain_bytes = decoded(v.plaintext_base64);
  const std::string plain(plain_bytes.begin(), plain_bytes.end());
  const Nonce nonce = nonce_from(v.nonce);

  const RecordBox box(*pk, *sk);
  const Sealed sealed = box.seal(plain, nonce);
  EXPECT_EQ(sealed.nonce, v.nonce);
  EXPECT_EQ(sealed.ciphertext, v.ciphertext);
  EXPECT_EQ(seal_easy(plain, nonce, *pk, *sk).ciphertext, v.ciphertext);

  auto opened = box.open(v.nonce, v.ciphertext);
  ASSERT_TRUE(opened.ok()) << opened.error().message;
  EXPECT_EQ(*opened, plain);
  if (v.self) {
    EXPECT_EQ(KeyPair::from_secret(sk->clone()).public_key, *pk)
        << "a self vector's public key is the secret key's own";
  }
}

INSTANTIATE_TEST_SUITE_P(Golden, RecordBoxKnownAnswer, ::testing::ValuesIn(load_known_answers()),
                         [](const auto& info) { return camel(info.param.name); });

TEST(RecordBoxGoldenFile, HoldsTheNaclVectorAndSelfVectors) {
  const auto vectors = load_known_answers();
  ASSERT_GE(vectors.size(), 5u);
  EXPECT_EQ(vectors.front().name, "nacl-box-c");
  // NaCl box.exp: the first bytes after the 16 zero bytes of crypto_box, i.e. the MAC.
  const auto ct = decoded(vectors.front().ciphertext);
  ASSERT_EQ(ct.size(), 147u);
  EXPECT_EQ(ct[0], 0xf3);
  EXPECT_EQ(ct[1], 0xff);
  EXPECT_EQ(ct[146], 0xa5);
  int self = 0;
  for (const auto& v : vectors) self += v.self ? 1 : 0;
  EXPECT_GE(self, 4);
}

}  // namespace
}  // namespace syncsuite::crypto

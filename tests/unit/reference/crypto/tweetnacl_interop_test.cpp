// Byte compatibility with tweetnacl (contract section 3: libsodium crypto_box_easy and tweetnacl
// nacl.box give identical bytes for identical inputs). Drives tests/interop/box.js with node.
// Skips when node or tests/interop/node_modules/tweetnacl is missing; the script test
// tests/scripts/tweetnacl_interop.test.sh fails in that case, so CI cannot pass by skipping.
#include <gtest/gtest.h>
#include <sodium.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <vector>

#include "reference/core/base64.hpp"
#include "reference/crypto/keys.hpp"
#include "reference/crypto/record_box.hpp"

namespace syncsuite::crypto {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

const fs::path kInteropDir = fs::path(SYNCSUITE_SOURCE_DIR) / "tests" / "interop";

// Twenty record sizes from 0 to 64 KiB, around the block and MAC boundaries.
const std::vector<std::size_t> kSizes = {0,    1,    15,    16,    17,    31,   32,
                                         33,   63,   64,    255,   256,   1023, 1024,
                                         4095, 4096, 16383, 16384, 65535, 65536};

std::string random_text(std::size_t n) {
  std::string s(n, '\0');
  randombytes_buf(s.data(), s.size());
  return s;
}

std::string flip_byte(const std::string& b64, std::size_t index) {
  auto bytes = base64::decode(b64).value();
  bytes.at(index) ^= 0x01;
  return base64::encode(bytes);
}

// Runs box.js with `request` on stdin; the answer JSON, or a failure naming what went wrong.
::testing::AssertionResult run_box_js(const json& request, json& answer) {
  char in_path[] = "/tmp/syncsuite-boxjs-XXXXXX";
  const int fd = ::mkstemp(in_path);
  if (fd < 0) return ::testing::AssertionFailure() << "mkstemp failed";
  ::close(fd);
  { std::ofstream(in_path, std::ios::binary | std::ios::trunc) << request.dump(); }
  const std::string command =
      "node '" + (kInteropDir / "box.js").string() + "' < '" + in_path + "'";
  FILE* pipe = ::popen(command.c_str(), "r");
  if (pipe == nullptr) {
    ::unlink(in_path);
    return ::testing::AssertionFailure() << "popen failed: " << command;
  }
  std::string out;
  char buf[65536];
  std::size_t n = 0;
  while ((n = std::fread(buf, 1, sizeof buf, pipe)) > 0) out.append(buf, n);
  const int status = ::pclose(pipe);
  ::unlink(in_path);
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
    return ::testing::AssertionFailure()
           << command << " exited with status " << status << "; stdout: " << out.substr(0, 400);
  }
  answer = json::parse(out, nullptr, /*allow_exceptions=*/false);
  if (answer.is_discarded()) {
    return ::testing::AssertionFailure() << "box.js printed no JSON: " << out.substr(0, 400);
  }
  if (request.is_array() && (!answer.is_array() || answer.size() != request.size())) {
    return ::testing::AssertionFailure()
           << "box.js answered " << answer.size() << " items to " << request.size() << " requests";
  }
  return ::testing::AssertionSuccess();
}

class TweetnaclInterop : public ::testing::Test {
 protected:
  void SetUp() override {
    if (std::system("command -v node > /dev/null 2>&1") != 0) {
      GTEST_SKIP() << "node is not installed (Debian package nodejs); "
                      "tests/scripts/tweetnacl_interop.test.sh fails in this case";
    }
    if (!fs::exists(kInteropDir / "node_modules" / "tweetnacl" / "package.json")) {
      GTEST_SKIP() << "tweetnacl is not installed in " << kInteropDir.string()
                   << "/node_modules: run `npm ci` there (scripts/install-deps.sh does); "
                      "tests/scripts/tweetnacl_interop.test.sh fails in this case";
    }
  }

  json seal_request(const std::string& plain, const std::string* nonce) const {
    json r{{"op", "seal"},
           {"public_key", user_.public_key.to_base64()},
           {"secret_key", secret_b64_},
           {"plaintext_base64", base64::encode(plain)}};
    if (nonce != nullptr) r["nonce"] = *nonce;
    return r;
  }
  json open_request(const Sealed& sealed) const {
    return json{{"op", "open"},
                {"public_key", user_.public_key.to_base64()},
                {"secret_key", secret_b64_},
                {"nonce", sealed.nonce},
                {"ciphertext", sealed.ciphertext}};
  }
  void TearDown() override { sodium_memzero(secret_b64_.data(), secret_b64_.size()); }

  KeyPair user_ = KeyPair::generate();
  std::string secret_b64_ = user_.secret_key.to_base64();
  RecordBox box_{user_.public_key, user_.secret_key};
};

TEST_F(TweetnaclInterop, CppSealsTweetnaclOpens) {
  std::vector<std::string> plains;
  json requests = json::array();
  for (std::size_t n : kSizes) {
    plains.push_back(random_text(n));
    requests.push_back(open_request(box_.seal(plains.back())));
  }
  json answers;
  ASSERT_TRUE(run_box_js(requests, answers));
  for (std::size_t i = 0; i < kSizes.size(); ++i) {
    ASSERT_EQ(answers[i].value("ok", false), true)
        << "size " << kSizes[i] << ": " << answers[i].dump().substr(0, 200);
    EXPECT_EQ(answers[i].value("plaintext_base64", ""), base64::encode(plains[i]))
        << "size " << kSizes[i];
  }
}

TEST_F(TweetnaclInterop, TweetnaclSealsCppOpens) {
  std::vector<std::string> plains;
  json requests = json::array();
  for (std::size_t n : kSizes) {
    plains.push_back(random_text(n));
    requests.push_back(seal_request(plains.back(), nullptr));  // tweetnacl's own random nonce
  }
  json answers;
  ASSERT_TRUE(run_box_js(requests, answers));
  std::set<std::string> nonces;
  for (std::size_t i = 0; i < kSizes.size(); ++i) {
    ASSERT_EQ(answers[i].value("ok", false), true) << answers[i].dump().substr(0, 200);
    const std::string nonce = answers[i].value("nonce", "");
    const std::string ct = answers[i].value("ciphertext", "");
    nonces.insert(nonce);
    auto opened = box_.open(nonce, ct);
    ASSERT_TRUE(opened.ok()) << "size " << kSizes[i] << ": " << opened.error().message;
    EXPECT_EQ(*opened, plains[i]) << "size " << kSizes[i];
    auto easy = open_easy(nonce, ct, user_.public_key, user_.secret_key);
    ASSERT_TRUE(easy.ok()) << "size " << kSizes[i];
    EXPECT_EQ(*easy, plains[i]);
  }
  EXPECT_EQ(nonces.size(), kSizes.size());
}

TEST_F(TweetnaclInterop, IdenticalBytesForIdenticalInputs) {
  std::vector<Sealed> ours;
  json requests = json::array();
  for (std::size_t n : kSizes) {
    const std::string plain = random_text(n);
    const Nonce nonce = random_nonce();
    ours.push_back(box_.seal(plain, nonce));
    EXPECT_EQ(seal_easy(plain, nonce, user_.public_key, user_.secret_key).ciphertext,
              ours.back().ciphertext);
    requests.push_back(seal_request(plain, &ours.back().nonce));
  }
  json answers;
  ASSERT_TRUE(run_box_js(requests, answers));
  for (std::size_t i = 0; i < kSizes.size(); ++i) {
    ASSERT_EQ(answers[i].value("ok", false), true) << answers[i].dump().substr(0, 200);
    EXPECT_EQ(answers[i].value("nonce", ""), ours[i].nonce);
    EXPECT_EQ(answers[i].value("ciphertext", ""), ours[i].ciphertext) << "size " << kSizes[i];
  }
}

TEST_F(TweetnaclInterop, Utf8JsonPlaintextMatches) {
  const std::string record = R"({"note":"café ☕ — 領収書","amount":-12.5})";
  json request = seal_request("", nullptr);
  request.erase("plaintext_base64");
  request["plaintext"] = record;  // box.js encodes the string as UTF-8, as a JS client does
  json answer;
  ASSERT_TRUE(run_box_js(request, answer));
  ASSERT_EQ(answer.value("ok", false), true) << answer.dump();
  auto opened = box_.open(answer.value("nonce", ""), answer.value("ciphertext", ""));
  ASSERT_TRUE(opened.ok()) << opened.error().message;
  EXPECT_EQ(*opened, record);
  EXPECT_EQ(json::parse(*opened)["note"], "café ☕ — 領収書");
}

TEST_F(TweetnaclInterop, TamperedOrWrongKeyRejectedByBoth) {
  // Ours, tampered at the MAC start, MAC end, first and last message byte, and in the nonce.
  const Sealed sealed = box_.seal(random_text(100));
  const std::size_t positions[] = {0, 15, 16, 115};
  json requests = json::array();
  for (std::size_t pos : positions) {
    requests.push_back(open_request({sealed.nonce, flip_byte(sealed.ciphertext, pos)}));
  }
  requests.push_back(open_request({flip_byte(sealed.nonce, 23), sealed.ciphertext}));
  // The untampered box under another user's keys.
  const KeyPair stranger = KeyPair::generate();
  json wrong_key = open_request(sealed);
  wrong_key["public_key"] = stranger.public_key.to_base64();
  wrong_key["secret_key"] = stranger.secret_key.to_base64();
  requests.push_back(wrong_key);
  requests.push_back(open_request(sealed));  // control: the same request, untampered, opens
  // tweetnacl's, sealed for tampering on our side.
  requests.push_back(seal_request(random_text(100), nullptr));

  json answers;
  ASSERT_TRUE(run_box_js(requests, answers));
  for (std::size_t i = 0; i + 2 < requests.size(); ++i) {
    EXPECT_EQ(answers[i].value("ok", true), false) << "tweetnacl opened tampered item " << i;
    EXPECT_EQ(answers[i].value("error", "").rfind("decrypt_failed", 0), 0u) << answers[i].dump();
  }
  EXPECT_EQ(answers[requests.size() - 2].value("ok", false), true) << "control did not open";

  const json& theirs = answers.back();
  ASSERT_EQ(theirs.value("ok", false), true);
  const std::string nonce = theirs.value("nonce", "");
  const std::string ct = theirs.value("ciphertext", "");
  ASSERT_TRUE(box_.open(nonce, ct).ok());
  for (std::size_t pos : positions) {
    auto r = box_.open(nonce, flip_byte(ct, pos));
    ASSERT_FALSE(r.ok()) << "RecordBox opened tweetnacl box tampered at byte " << pos;
    EXPECT_EQ(r.error().code, "decrypt_failed");
  }
  auto r = box_.open(flip_byte(nonce, 0), ct);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, "decrypt_failed");
  const RecordBox strangers(stranger.public_key, stranger.secret_key);
  EXPECT_FALSE(strangers.open(nonce, ct).ok());
}

TEST_F(TweetnaclInterop, TweetnaclReproducesTheGoldenVectors) {
  std::ifstream in(fs::path(SYNCSUITE_SOURCE_DIR) / "tests/golden/crypto/box_vectors.json");
  const json doc = json::parse(in, nullptr, /*allow_exceptions=*/false);
  ASSERT_TRUE(doc.is_object() && doc.contains("vectors")) << "golden file missing or not JSON";
  json requests = json::array();
  for (const auto& v : doc["vectors"]) {
    requests.push_back(json{{"op", "seal"},
                            {"public_key", v["public_key"]},
                            {"secret_key", v["secret_key"]},
                            {"nonce", v["nonce"]},
                            {"plaintext_base64", v["plaintext_base64"]}});
  }
  ASSERT_FALSE(requests.empty());
  json answers;
  ASSERT_TRUE(run_box_js(requests, answers));
  for (std::size_t i = 0; i < requests.size(); ++i) {
    EXPECT_EQ(answers[i].value("ciphertext", ""), doc["vectors"][i]["ciphertext"])
        << doc["vectors"][i]["name"];
  }
}

}  // namespace
}  // namespace syncsuite::crypto

// The device sealing path at one record size (256 B) next to the raw libsodium calls it wraps,
// in one binary so that bench/seal.sh can compare medians on a noisy shared machine:
//   BM_RawAfternm      crypto_box_easy_afternm, fixed nonce, preallocated output (the ceiling)
//   BM_SealBinary      fresh nonce + encryption into a caller's buffer (RecordBox::seal_to)
//   BM_DrawNonce       the per-thread nonce source alone
//   BM_SealEnvelope    RecordBox::seal: both envelope fields as base64 text
//   BM_RawOpenAfternm  crypto_box_open_easy_afternm into a preallocated buffer
//   BM_OpenEnvelope    RecordBox::open from the two base64 fields
#include <benchmark/benchmark.h>
#include <sodium.h>

#include <string>
#include <vector>

#include "reference/crypto/keys.hpp"
#include "reference/crypto/nonce_source.hpp"
#include "reference/crypto/record_box.hpp"

namespace {

using syncsuite::crypto::KeyPair;
using syncsuite::crypto::kMacBytes;
using syncsuite::crypto::kNonceBytes;
using syncsuite::crypto::Nonce;
using syncsuite::crypto::RecordBox;
using syncsuite::crypto::Sealed;

const KeyPair& seal_user() {
  static const KeyPair pair = KeyPair::generate();
  return pair;
}

std::vector<unsigned char> random_bytes(std::size_t n) {
  std::vector<unsigned char> b(n);
  randombytes_buf(b.data(), b.size());
  return b;
}

// The raw benchmarks use their own precomputed key, as RecordBox does internally.
struct SharedKey {
  unsigned char k[crypto_box_BEFORENMBYTES];
  SharedKey() {
    if (crypto_box_beforenm(k, seal_user().public_key.bytes.data(), seal_user().secret_key.data()) !=
        0) {
      randombytes_buf(k, sizeof k);
    }
  }
};

void count(benchmark::State& state) { state.SetItemsProcessed(state.iterations()); }

void BM_RawAfternm(benchmark::State& state) {
  const SharedKey key;
  const auto plain = random_bytes(static_cast<std::size_t>(state.range(0)));
  const auto nonce = random_bytes(kNonceBytes);
  std::vector<unsigned char> out(plain.size() + kMacBytes);
  for (auto _ : state) {
    crypto_box_easy_afternm(out.data(), plain.data(), plain.size(), nonce.data(), key.k);
    benchmark::DoNotOptimize(out.data());
    benchmark::ClobberMemory();
  }
  count(state);
}

void BM_SealBinary(benchmark::State& state) {
  const RecordBox box(seal_user().public_key, seal_user().secret_key);
  const auto plain = random_bytes(static_cast<std::size_t>(state.range(0)));
  const std::string_view text(reinterpret_cast<const char*>(plain.data()), plain.size());
  Nonce nonce{};
  std::vector<unsigned char> out(plain.size() + kMacBytes);
  for (auto _ : state) {
    box.seal_to(text, nonce, out.data());  // fresh nonce written to `nonce`
    benchmark::DoNotOptimize(out.data());
    benchmark::DoNotOptimize(nonce.data());
    benchmark::ClobberMemory();
  }
  count(state);
}

// The nonce source alone, for what BM_SealBinary adds over BM_RawAfternm.
void BM_DrawNonce(benchmark::State& state) {
  Nonce nonce{};
  for (auto _ : state) {
    syncsuite::crypto::draw_nonce(nonce.data());
    benchmark::DoNotOptimize(nonce.data());
    benchmark::ClobberMemory();
  }
  count(state);
}

void BM_SealEnvelope(benchmark::State& state) {
  const RecordBox box(seal_user().public_key, seal_user().secret_key);
  const auto plain = random_bytes(static_cast<std::size_t>(state.range(0)));
  const std::string_view text(reinterpret_cast<const char*>(plain.data()), plain.size());
  for (auto _ : state) {
    Sealed sealed = box.seal(text);
    benchmark::DoNotOptimize(sealed);
  }
  count(state);
}

void BM_RawOpenAfternm(benchmark::State& state) {
  const SharedKey key;
  const auto plain = random_bytes(static_cast<std::size_t>(state.range(0)));
  const auto nonce = random_bytes(kNonceBytes);
  std::vector<unsigned char> ct(plain.size() + kMacBytes);
  crypto_box_easy_afternm(ct.data(), plain.data(), plain.size(), nonce.data(), key.k);
  std::vector<unsigned char> out(plain.size());
  for (auto _ : state) {
    if (crypto_box_open_easy_afternm(out.data(), ct.data(), ct.size(), nonce.data(), key.k) != 0) {
      state.SkipWithError("open failed");
    }
    benchmark::DoNotOptimize(out.data());
    benchmark::ClobberMemory();
  }
  count(state);
}

void BM_OpenEnvelope(benchmark::State& state) {
  const RecordBox box(seal_user().public_key, seal_user().secret_key);
  const auto plain = random_bytes(static_cast<std::size_t>(state.range(0)));
  const Sealed sealed =
      box.seal(std::string_view(reinterpret_cast<const char*>(plain.data()), plain.size()));
  for (auto _ : state) {
    auto opened = box.open(sealed.nonce, sealed.ciphertext);
    if (!opened.ok()) state.SkipWithError("open failed");
    benchmark::DoNotOptimize(opened);
  }
  count(state);
}

}  // namespace

BENCHMARK(BM_RawAfternm)->Arg(256);
BENCHMARK(BM_SealBinary)->Arg(256);
BENCHMARK(BM_DrawNonce);
BENCHMARK(BM_SealEnvelope)->Arg(256);
BENCHMARK(BM_RawOpenAfternm)->Arg(256);
BENCHMARK(BM_OpenEnvelope)->Arg(256);

// Record sealing cost: RecordBox (shared key precomputed once per keypair) versus one-shot
// crypto_box_easy (an X25519 scalar multiplication per record), and the base64 that every
// envelope field goes through. Sizes span a small record (64 B) to a large one (64 KiB).
#include <benchmark/benchmark.h>
#include <sodium.h>

#include <string>

#include "reference/core/base64.hpp"
#include "reference/crypto/keys.hpp"
#include "reference/crypto/record_box.hpp"

namespace {

using syncsuite::crypto::KeyPair;
using syncsuite::crypto::RecordBox;
using syncsuite::crypto::Sealed;

const KeyPair& user() {
  static const KeyPair pair = KeyPair::generate();
  return pair;
}

std::string random_text(std::size_t n) {
  std::string s(n, '\0');
  randombytes_buf(s.data(), s.size());
  return s;
}

void count(benchmark::State& state) {
  state.SetBytesProcessed(state.iterations() * state.range(0));
  state.SetItemsProcessed(state.iterations());  // items = records
}

void BM_RecordBoxSeal(benchmark::State& state) {
  const RecordBox box(user().public_key, user().secret_key);
  const std::string plain = random_text(static_cast<std::size_t>(state.range(0)));
  for (auto _ : state) {
    Sealed sealed = box.seal(plain);  // fresh random nonce, base64 of both fields
    benchmark::DoNotOptimize(sealed);
  }
  count(state);
}

void BM_RecordBoxOpen(benchmark::State& state) {
  const RecordBox box(user().public_key, user().secret_key);
  const Sealed sealed = box.seal(random_text(static_cast<std::size_t>(state.range(0))));
  for (auto _ : state) {
    auto plain = box.open(sealed.nonce, sealed.ciphertext);
    if (!plain.ok()) state.SkipWithError("open failed");
    benchmark::DoNotOptimize(plain);
  }
  count(state);
}

void BM_SealEasy(benchmark::State& state) {
  const std::string plain = random_text(static_cast<std::size_t>(state.range(0)));
  for (auto _ : state) {
    Sealed sealed = syncsuite::crypto::seal_easy(plain, syncsuite::crypto::random_nonce(),
                                                 user().public_key, user().secret_key);
    benchmark::DoNotOptimize(sealed);
  }
  count(state);
}

void BM_OpenEasy(benchmark::State& state) {
  const RecordBox box(user().public_key, user().secret_key);
  const Sealed sealed = box.seal(random_text(static_cast<std::size_t>(state.range(0))));
  for (auto _ : state) {
    auto plain = syncsuite::crypto::open_easy(sealed.nonce, sealed.ciphertext, user().public_key,
                                              user().secret_key);
    if (!plain.ok()) state.SkipWithError("open failed");
    benchmark::DoNotOptimize(plain);
  }
  count(state);
}

void BM_Base64Encode(benchmark::State& state) {
  const std::string plain = random_text(static_cast<std::size_t>(state.range(0)));
  for (auto _ : state) {
    std::string text = syncsuite::base64::encode(plain);
    benchmark::DoNotOptimize(text);
  }
  count(state);
}

void BM_Base64Decode(benchmark::State& state) {
  const std::string text =
      syncsuite::base64::encode(random_text(static_cast<std::size_t>(state.range(0))));
  for (auto _ : state) {
    auto bytes = syncsuite::base64::decode(text);  // strict: includes the canonical re-encode
    if (!bytes) state.SkipWithError("decode failed");
    benchmark::DoNotOptimize(bytes);
  }
  count(state);  // bytes = decoded bytes
}

void record_sizes(benchmark::internal::Benchmark* b) {
  for (int size : {64, 256, 1024, 4096, 16384, 65536}) b->Arg(size);
}

BENCHMARK(BM_RecordBoxSeal)->Apply(record_sizes);
BENCHMARK(BM_SealEasy)->Apply(record_sizes);
BENCHMARK(BM_RecordBoxOpen)->Apply(record_sizes);
BENCHMARK(BM_OpenEasy)->Apply(record_sizes);
BENCHMARK(BM_Base64Encode)->Apply(record_sizes);
BENCHMARK(BM_Base64Decode)->Apply(record_sizes);

}  // namespace

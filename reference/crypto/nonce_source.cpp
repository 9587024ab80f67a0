#include "reference/crypto/nonce_source.hpp"

#include <pthread.h>
#include <sodium.h>

#include <atomic>
#include <cstring>

namespace syncsuite::crypto {
namespace {

constexpr std::size_t kNonce = 24;
constexpr std::size_t kNoncesPerRefill = 64;
constexpr std::size_t kKey = crypto_stream_chacha20_KEYBYTES;
static_assert(crypto_stream_chacha20_NONCEBYTES == 8);

// Bumped in every child after fork(); a thread whose state was seeded under an older generation
// reseeds before its next draw. The child's copy of the parent's buffer is never used.
std::atomic<std::uint64_t> fork_generation{1};

void after_fork_in_child() { fork_generation.fetch_add(1, std::memory_order_relaxed); }

void register_fork_handler() {
  static const bool registered = [] {
    return pthread_atfork(nullptr, nullptr, &after_fork_in_child) == 0;
  }();
  (void)registered;
}

class ThreadNonces {
 public:
  ThreadNonces() = default;
  ThreadNonces(const ThreadNonces&) = delete;
  ThreadNonces& operator=(const ThreadNonces&) = delete;
  ~ThreadNonces() {
    sodium_memzero(key_, sizeof key_);
    sodium_memzero(block_, sizeof block_);
  }

  void draw(std::uint8_t* out) {
    const std::uint64_t gen = fork_generation.load(std::memory_order_relaxed);
    if (gen != generation_) reseed(gen);
    if (next_ == kNoncesPerRefill) refill();
    // Nonces are public (they travel in the envelope), so a handed-out one is not wiped here;
    // the key is what must not outlive its use.
    std::memcpy(out, block_ + next_ * kNonce, kNonce);
    ++next_;
  }

 private:
  void reseed(std::uint64_t gen) {
    register_fork_handler();
    randombytes_buf(key_, sizeof key_);
    generation_ = gen;
    next_ = kNoncesPerRefill;  // discard whatever was buffered (a parent's, after fork)
  }

  // One keystream: kNoncesPerRefill nonces followed by the next key, which replaces the current
  // one. The stream nonce can stay zero because every key is used for exactly one stream.
  void refill() {
    static const std::uint8_t zero_nonce[crypto_stream_chacha20_NONCEBYTES] = {};
    crypto_stream_chacha20(block_, sizeof block_, zero_nonce, key_);
    std::memcpy(key_, block_ + kNoncesPerRefill * kNonce, kKey);
    sodium_memzero(block_ + kNoncesPerRefill * kNonce, kKey);
    next_ = 0;
  }

  std::uint8_t key_[kKey] = {};
  std::uint8_t block_[kNoncesPerRefill * kNonce + kKey] = {};
  std::size_t next_ = kNoncesPerRefill;
  std::uint64_t generation_ = 0;  // 0: never seeded
};

}  // namespace

void draw_nonce(std::uint8_t* out) {
  thread_local ThreadNonces nonces;
  nonces.draw(out);
}

}  // namespace syncsuite::crypto

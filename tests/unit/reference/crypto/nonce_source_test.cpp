#include "reference/crypto/nonce_source.hpp"

#include <gtest/gtest.h>
#include <sodium.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cstring>
#include <initializer_list>
#include <thread>
#include <vector>

#include "reference/crypto/record_box.hpp"

namespace syncsuite::crypto {
namespace {

using Draws = std::vector<Nonce>;

Draws draw_many(std::size_t n) {
  Draws out(n);
  for (auto& nonce : out) draw_nonce(nonce.data());
  return out;
}

std::size_t duplicates(Draws all) {
  std::sort(all.begin(), all.end());
  return static_cast<std::size_t>(all.end() - std::unique(all.begin(), all.end()));
}

// Draws in a forked child and hands them back through a pipe.
Draws draw_in_child(std::size_t n) {
  int fds[2];
  if (pipe(fds) != 0) return {};
  const pid_t pid = fork();
  if (pid == 0) {
    close(fds[0]);
    const Draws mine = draw_many(n);
    const auto* p = reinterpret_cast<const char*>(mine.data());
    std::size_t left = mine.size() * sizeof(Nonce);
    while (left > 0) {
      const ssize_t w = write(fds[1], p, left);
      if (w <= 0) _exit(1);
      p += w;
      left -= static_cast<std::size_t>(w);
    }
    _exit(0);
  }
  close(fds[1]);
  Draws got(n);
  auto* p = reinterpret_cast<char*>(got.data());
  std::size_t left = got.size() * sizeof(Nonce);
  while (left > 0) {
    const ssize_t r = read(fds[0], p, left);
    if (r <= 0) break;
    p += r;
    left -= static_cast<std::size_t>(r);
  }
  close(fds[0]);
  int status = 0;
  waitpid(pid, &status, 0);
  if (left != 0 || !WIFEXITED(status) || WEXITSTATUS(status) != 0) return {};
  return got;
}

TEST(NonceSource, NoDuplicateAcrossThreadsAndAForkedChild) {
  ASSERT_GE(sodium_init(), 0);
  constexpr std::size_t kPerThread = 1'000'000;  // 2 M in all: a few seconds even under ASan
  // The parent draws first, so its buffered block is what a careless child would repeat.
  Draws parent = draw_many(10);
  Draws a, b;
  std::thread ta([&] { a = draw_many(kPerThread); });
  std::thread tb([&] { b = draw_many(kPerThread); });
  ta.join();
  tb.join();
  const Draws child = draw_in_child(1000);
  ASSERT_EQ(child.size(), 1000u) << "the forked child did not report its draws";
  const Draws parent_after = draw_many(1000);

  Draws all;
  all.reserve(parent.size() + a.size() + b.size() + child.size() + parent_after.size());
  for (const Draws* d : std::initializer_list<const Draws*>{&parent, &a, &b, &child, &parent_after}) {
    all.insert(all.end(), d->begin(), d->end());
  }
  EXPECT_EQ(duplicates(std::move(all)), 0u);
}

TEST(NonceSource, ChildDoesNotRepeatTheParentsNextNonces) {
  ASSERT_GE(sodium_init(), 0);
  draw_many(3);  // leaves the rest of a block buffered in this thread
  const Draws child = draw_in_child(100);
  ASSERT_EQ(child.size(), 100u);
  const Draws parent = draw_many(100);  // what the parent hands out next from the same state
  Draws both = child;
  both.insert(both.end(), parent.begin(), parent.end());
  EXPECT_EQ(duplicates(std::move(both)), 0u);
}

TEST(NonceSource, BytesLookUniform) {
  ASSERT_GE(sodium_init(), 0);
  // 100k nonces = 2.4 M bytes: each byte value expected ~9375 times; a stuck or zero stream
  // (say, a refill that never ran) lands far outside this band.
  const Draws d = draw_many(100'000);
  std::array<std::size_t, 256> counts{};
  for (const auto& n : d) {
    for (auto byte : n) ++counts[byte];
  }
  for (std::size_t v = 0; v < counts.size(); ++v) {
    EXPECT_GT(counts[v], 8500u) << "byte " << v;
    EXPECT_LT(counts[v], 10300u) << "byte " << v;
  }
}

TEST(NonceSource, RandomNonceAndSealUseFreshNonces) {
  const KeyPair user = KeyPair::generate();
  const RecordBox box(user.public_key, user.secret_key);
  EXPECT_NE(random_nonce(), random_nonce());
  EXPECT_NE(box.seal("same").nonce, box.seal("same").nonce);
  Nonce n1{}, n2{};
  std::uint8_t out[4 + kMacBytes];
  box.seal_to("same", n1, out);
  box.seal_to("same", n2, out);
  EXPECT_NE(n1, n2);
}

}  // namespace
}  // namespace syncsuite::crypto

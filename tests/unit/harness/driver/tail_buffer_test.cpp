#include "harness/driver/tail_buffer.hpp"

#include <gtest/gtest.h>

namespace syncsuite::driver {
namespace {

TEST(TailBufferTest, KeepsEverythingUnderCapacity) {
  TailBuffer tail(16);
  tail.append("abc");
  tail.append("def\n");
  EXPECT_EQ(tail.bytes(), "abcdef\n");
  EXPECT_FALSE(tail.truncated());
  EXPECT_EQ(tail.describe(), "abcdef");
}

TEST(TailBufferTest, KeepsTheLastBytesOfAnyStreamOfAppends) {
  const std::string stream = [] {
    std::string s;
    for (int i = 0; i < 5000; ++i) s += std::to_string(i) + ",";
    return s;
  }();
  for (std::size_t piece : {1u, 7u, 100u, 5000u}) {
    TailBuffer tail(64);
    for (std::size_t at = 0; at < stream.size(); at += piece) tail.append(stream.substr(at, piece));
    EXPECT_EQ(tail.bytes(), stream.substr(stream.size() - 64)) << "pieces of " << piece;
    EXPECT_TRUE(tail.truncated());
    EXPECT_EQ(tail.describe(), "[... " + std::to_string(stream.size() - 64) +
                                   " earlier bytes dropped]" + stream.substr(stream.size() - 64));
  }
}

TEST(TailBufferTest, DescribesNothingAsEmpty) {
  TailBuffer tail(8);
  EXPECT_EQ(tail.describe(), "(empty)");
  tail.append("\n\n");
  EXPECT_EQ(tail.describe(), "(empty)");
}

}  // namespace
}  // namespace syncsuite::driver

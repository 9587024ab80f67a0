#include "harness/driver/line_splitter.hpp"

#include <gtest/gtest.h>

#include <vector>

namespace syncsuite::driver {
namespace {

std::vector<std::string> drain(LineSplitter& lines) {
  std::vector<std::string> out;
  while (auto line = lines.next_line()) out.push_back(*line);
  return out;
}

TEST(LineSplitterTest, SplitsLinesAcrossAnyChunking) {
  const std::string stream = "first\n\nthird line\n{\"ok\":true}\nrest";
  for (std::size_t piece : {1u, 2u, 5u, 100u}) {
    LineSplitter lines(1000);
    std::vector<std::string> got;
    for (std::size_t at = 0; at < stream.size(); at += piece) {
      lines.append(stream.substr(at, piece));
      for (auto& line : drain(lines)) got.push_back(line);
    }
    EXPECT_EQ(got, (std::vector<std::string>{"first", "", "third line", "{\"ok\":true}"}))
        << "pieces of " << piece;
    EXPECT_EQ(lines.partial(), "rest");
    EXPECT_FALSE(lines.overflowed());
  }
}

TEST(LineSplitterTest, ALineOfExactlyTheLimitPasses) {
  LineSplitter lines(10);
  lines.append(std::string(10, 'x') + "\n");
  EXPECT_EQ(drain(lines), std::vector<std::string>{std::string(10, 'x')});
  EXPECT_FALSE(lines.overflowed());
}

TEST(LineSplitterTest, ALongerTerminatedLineOverflows) {
  LineSplitter lines(10);
  lines.append(std::string(11, 'x') + "\nnext\n");
  EXPECT_TRUE(drain(lines).empty());
  EXPECT_TRUE(lines.overflowed());
}

TEST(LineSplitterTest, ALongerUnterminatedLineOverflowsBeforeItEnds) {
  LineSplitter lines(10);
  lines.append("ok\n");
  lines.append(std::string(6, 'x'));
  EXPECT_EQ(drain(lines), std::vector<std::string>{"ok"});
  lines.append(std::string(6, 'x'));
  EXPECT_TRUE(drain(lines).empty());
  EXPECT_TRUE(lines.overflowed());
}

}  // namespace
}  // namespace syncsuite::driver

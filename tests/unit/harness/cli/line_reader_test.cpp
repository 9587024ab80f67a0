#include "harness/cli/line_reader.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <string>

namespace syncsuite::cli {
namespace {

// A pipe whose write end is filled with `text` and closed: the reader sees the text, then EOF.
class FilledPipe {
 public:
  explicit FilledPipe(const std::string& text) {
    EXPECT_EQ(pipe(fds_), 0);
    EXPECT_EQ(write(fds_[1], text.data(), text.size()), static_cast<ssize_t>(text.size()));
    close(fds_[1]);
  }
  ~FilledPipe() { close(fds_[0]); }
  int fd() const { return fds_[0]; }

 private:
  int fds_[2] = {-1, -1};
};

TEST(LineReader, SplitsLinesAndCountsALastLineWithoutNewline) {
  FilledPipe input("{\"op\":\"a\"}\n\n{\"op\":\"b\"}");
  LineReader reader(input.fd());
  std::string line;
  ASSERT_EQ(reader.next(line), LineReader::Next::line);
  EXPECT_EQ(line, "{\"op\":\"a\"}");
  ASSERT_EQ(reader.next(line), LineReader::Next::line);
  EXPECT_EQ(line, "");
  ASSERT_EQ(reader.next(line), LineReader::Next::line);
  EXPECT_EQ(line, "{\"op\":\"b\"}");
  EXPECT_EQ(reader.next(line), LineReader::Next::eof);
  EXPECT_EQ(reader.next(line), LineReader::Next::eof);
}

TEST(LineReader, AnOverlongLineIsReportedOnceAndItsRestSkipped) {
  FilledPipe input(std::string(100, 'x') + "\nshort\n");
  LineReader reader(input.fd(), 10);
  std::string line;
  ASSERT_EQ(reader.next(line), LineReader::Next::line);
  EXPECT_TRUE(reader.too_long());
  ASSERT_EQ(reader.next(line), LineReader::Next::line);
  EXPECT_FALSE(reader.too_long());
  EXPECT_EQ(line, "short");
  EXPECT_EQ(reader.next(line), LineReader::Next::eof);
}

TEST(LineReader, EmptyInputIsEof) {
  FilledPipe input("");
  LineReader reader(input.fd());
  std::string line;
  EXPECT_EQ(reader.next(line), LineReader::Next::eof);
}

}  // namespace
}  // namespace syncsuite::cli

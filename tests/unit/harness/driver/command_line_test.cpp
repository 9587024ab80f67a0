#include "harness/driver/command_line.hpp"

#include <gtest/gtest.h>

namespace syncsuite::driver {
namespace {

struct SplitCase {
  std::string text;
  std::vector<std::string> words;
  friend std::ostream& operator<<(std::ostream& os, const SplitCase& c) { return os << c.text; }
};

class SplitCommandLineTest : public ::testing::TestWithParam<SplitCase> {};

TEST_P(SplitCommandLineTest, SplitsLikeAShell) {
  auto words = split_command_line(GetParam().text);
  ASSERT_TRUE(words.ok()) << words.error().message;
  EXPECT_EQ(*words, GetParam().words);
}

INSTANTIATE_TEST_SUITE_P(
    Words, SplitCommandLineTest,
    ::testing::Values(SplitCase{"node", {"node"}},
                      SplitCase{"  node   adapter.js\t--flag \n", {"node", "adapter.js", "--flag"}},
                      SplitCase{"node 'my dir/adapter.js'", {"node", "my dir/adapter.js"}},
                      SplitCase{R"(a "b \"c\" \\ \$x \n")", {"a", R"(b "c" \ $x \n)"}},
                      SplitCase{R"(a b\ c d\'e)", {"a", "b c", "d'e"}},
                      SplitCase{R"(x '' "")", {"x", "", ""}},
                      SplitCase{R"(pre'fix'"ed" 'a|b;c')", {"prefixed", "a|b;c"}},
                      SplitCase{"sh -c 'cd dir && exec node a.js'",
                                {"sh", "-c", "cd dir && exec node a.js"}}));

struct BadCase {
  std::string text;
  std::string message;
  friend std::ostream& operator<<(std::ostream& os, const BadCase& c) { return os << c.text; }
};

class SplitCommandLineErrorTest : public ::testing::TestWithParam<BadCase> {};

TEST_P(SplitCommandLineErrorTest, NamesTheProblem) {
  auto words = split_command_line(GetParam().text);
  ASSERT_FALSE(words.ok());
  EXPECT_EQ(words.error().code, "command");
  EXPECT_NE(words.error().message.find(GetParam().message), std::string::npos)
      << words.error().message;
}

INSTANTIATE_TEST_SUITE_P(
    Errors, SplitCommandLineErrorTest,
    ::testing::Values(BadCase{"", "the adapter command is empty"},
                      BadCase{"  \t ", "the adapter command is empty"},
                      BadCase{"node 'a.js", "unterminated single quote at column 6"},
                      BadCase{"node \"a.js", "unterminated double quote at column 6"},
                      BadCase{"node a.js\\", "trailing backslash at column 10"},
                      BadCase{"cd x && node a.js",
                              "unquoted '&' at column 6 of the adapter command (shell "
                              "syntax is not interpreted; to use a shell, "
                              "give sh -c '...' as the command)"},
                      BadCase{"node a.js > log", "unquoted '>' at column 11"},
                      BadCase{"node $HOME/a.js", "unquoted '$' at column 6"}));

}  // namespace
}  // namespace syncsuite::driver

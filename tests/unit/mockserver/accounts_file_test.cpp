#include "mockserver/accounts_file.hpp"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <fstream>
#include <sstream>

#include "tests/unit/mockserver/test_client.hpp"

namespace syncsuite::mockserver {
namespace {

std::string read_file(const std::filesystem::path& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

TEST(AccountsFile, YamlHasTheContractShape) {
  EXPECT_EQ(accounts_yaml({"9944b09199c62bcf9418ad846dd0e4bbdfc6ee4b", "0b6f"}),
            "accounts:\n"
            "  - token: \"9944b09199c62bcf9418ad846dd0e4bbdfc6ee4b\"\n"
            "  - token: \"0b6f\"\n");
  EXPECT_EQ(accounts_yaml({}), "accounts: []\n");
  EXPECT_EQ(accounts_yaml({"a\"b"}), "accounts:\n  - token: \"a\\\"b\"\n");
}

TEST(AccountsFile, WritesMode0600AndReplacesAnOldFile) {
  testing::TempDir dir;
  const auto path = dir.path() / "accounts.yaml";
  std::ofstream(path) << "old";
  ::chmod(path.c_str(), 0644);
  ASSERT_TRUE(write_accounts_file(path, {"t1", "t2"}).ok());
  EXPECT_EQ(read_file(path), accounts_yaml({"t1", "t2"}));
  struct stat info {};
  ASSERT_EQ(::stat(path.c_str(), &info), 0);
  EXPECT_EQ(info.st_mode & 0777, 0600u);
  // No temporary file is left behind.
  int files = 0;
  for ([[maybe_unused]] const auto& entry : std::filesystem::directory_iterator(dir.path())) {
    ++files;
  }
  EXPECT_EQ(files, 1);
}

TEST(AccountsFile, ErrorNamesThePath) {
  testing::TempDir dir;
  const auto path = dir.path() / "no-such-dir" / "accounts.yaml";
  auto status = write_accounts_file(path, {"t1"});
  ASSERT_FALSE(status.ok());
  EXPECT_NE(status.error().message.find("no-such-dir"), std::string::npos);
}

}  // namespace
}  // namespace syncsuite::mockserver

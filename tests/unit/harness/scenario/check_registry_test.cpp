#include "harness/scenario/check_registry.hpp"

#include <gtest/gtest.h>

#include <filesystem>

namespace syncsuite::scenario {
namespace {

TEST(CheckRegistry, ParsesChecksAndTags) {
  std::vector<LoadError> errors;
  auto reg = CheckRegistry::parse(R"(tags: [push, smoke]
checks:
  - {id: 3/no-plaintext-on-wire, section: "3", level: MUST, text: "never plaintext"}
  - {id: 4.2/lww-later-wins, section: "4.2", level: SHOULD, text: "later wins"}
)", "checks.yaml", errors);
  ASSERT_TRUE(errors.empty()) << to_string(errors);
  ASSERT_EQ(reg.checks().size(), 2u);
  const auto* c = reg.find("4.2/lww-later-wins");
  ASSERT_NE(c, nullptr);
  EXPECT_EQ(c->section, "4.2");
  EXPECT_EQ(c->level, Level::should);
  EXPECT_EQ(c->text, "later wins");
  EXPECT_EQ(c->mark.line, 4);
  EXPECT_TRUE(reg.has_tag("smoke"));
  EXPECT_FALSE(reg.has_tag("fast"));
  EXPECT_EQ(reg.find("4.2/nope"), nullptr);
}

struct BadRegistry {
  const char* name;
  const char* text;
  int line;
  const char* field;
  const char* message;
};

class CheckRegistryRejects : public ::testing::TestWithParam<BadRegistry> {};

TEST_P(CheckRegistryRejects, NamingLineAndField) {
  const auto& c = GetParam();
  std::vector<LoadError> errors;
  (void)CheckRegistry::parse(c.text, "checks.yaml", errors);
  ASSERT_FALSE(errors.empty());
  EXPECT_EQ(errors[0].field, c.field) << errors[0].to_string();
  EXPECT_EQ(errors[0].line, c.line) << errors[0].to_string();
  EXPECT_NE(errors[0].message.find(c.message), std::string::npos) << errors[0].to_string();
}

constexpr const char* kAuto = "  - {id: 3/no-plaintext-on-wire, section: '3', level: MUST, text: t}\n";

INSTANTIATE_TEST_SUITE_P(
    Table, CheckRegistryRejects,
    ::testing::Values(
        BadRegistry{"BadId", "tags: [a]\nchecks:\n  - {id: lww, section: '4', level: MUST, text: t}\n", 3,
                    "checks[0].id", "not a check id"},
        BadRegistry{"SectionMismatch", "tags: [a]\nchecks:\n  - {id: 4.2/x, section: '4.1', level: MUST, text: t}\n",
                    3, "checks[0].section", "differs from the id's section"},
        BadRegistry{"BadLevel", "tags: [a]\nchecks:\n  - {id: 4.2/x, section: '4.2', level: MAY, text: t}\n", 3,
                    "checks[0].level", "MUST or SHOULD"},
        BadRegistry{"MissingText", "tags: [a]\nchecks:\n  - {id: 4.2/x, section: '4.2', level: MUST}\n", 3,
                    "checks[0].text", "is required"},
        BadRegistry{"DuplicateId",
                    "tags: [a]\nchecks:\n  - {id: 4.2/x, section: '4.2', level: MUST, text: t}\n  - {id: 4.2/x, section: '4.2', level: MUST, text: t}\n",
                    4, "checks[1].id", "duplicate check id"},
        BadRegistry{"UnknownKey", "tags: [a]\nchecks:\n  - {id: 4.2/x, section: '4.2', level: MUST, text: t, note: n}\n",
                    3, "checks[0].note", "unknown key"},
        BadRegistry{"BadTag", "tags: [Push]\nchecks: []\n", 1, "tags[0]", "not a tag"},
        BadRegistry{"NoChecks", "tags: [a]\n", 1, "checks", "is required"},
        BadRegistry{"MissingAutomatic", "tags: [a]\nchecks:\n  - {id: 4.2/x, section: '4.2', level: MUST, text: t}\n",
                    0, "checks", "automatic check"}),
    [](const ::testing::TestParamInfo<BadRegistry>& info) { return std::string(info.param.name); });

TEST(CheckRegistry, AutomaticCheckDeclaredPasses) {
  std::vector<LoadError> errors;
  (void)CheckRegistry::parse(std::string("tags: [a]\nchecks:\n") + kAuto, "checks.yaml", errors);
  EXPECT_TRUE(errors.empty()) << to_string(errors);
}

TEST(CheckRegistry, TheProjectRegistryLoads) {
  std::vector<LoadError> errors;
  auto reg = CheckRegistry::load(std::filesystem::path(SYNCSUITE_SOURCE_DIR) / "scenarios" / "checks.yaml", errors);
  EXPECT_TRUE(errors.empty()) << to_string(errors);
  EXPECT_NE(reg.find(kNoPlaintextCheck), nullptr);
}

TEST(CheckRegistry, Sections) {
  EXPECT_TRUE(valid_section("4"));
  EXPECT_TRUE(valid_section("4.2"));
  EXPECT_TRUE(valid_section("10"));
  EXPECT_FALSE(valid_section(""));
  EXPECT_FALSE(valid_section("4."));
  EXPECT_FALSE(valid_section("a"));
}

}  // namespace
}  // namespace syncsuite::scenario

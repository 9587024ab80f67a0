#pragma once
// scenarios/checks.yaml: every check a scenario may judge, with its stable id, contract section,
// level (MUST -> fail, SHOULD -> warn) and the contract sentence it tests; plus the allowed tags.
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "harness/scenario/load_error.hpp"
#include "harness/scenario/model.hpp"

namespace syncsuite::scenario {

enum class Level { must, should };

struct CheckInfo {
  Mark mark;
  std::string id;       // "<section>/<slug>", e.g. "4.2/lww-later-wins"; never renamed
  std::string section;  // "4.2"; equals the id's prefix
  Level level = Level::must;
  std::string text;     // the contract sentence
};

// Checks the engine judges on its own in every scenario; checks.yaml must declare them.
inline constexpr std::string_view kNoPlaintextCheck = "3/no-plaintext-on-wire";

class CheckRegistry {
 public:
  // Parses checks.yaml text; `errors` receives every problem (file:line, field).
  static CheckRegistry parse(std::string_view text, const std::string& file,
                             std::vector<LoadError>& errors);
  static CheckRegistry load(const std::filesystem::path& path, std::vector<LoadError>& errors);

  const CheckInfo* find(std::string_view id) const;
  bool has_tag(std::string_view tag) const;
  const std::vector<CheckInfo>& checks() const { return checks_; }
  const std::vector<std::string>& tags() const { return tags_; }

 private:
  std::vector<CheckInfo> checks_;
  std::vector<std::string> tags_;
};

// "4.2" and "10" are sections; "4.2.1" too; "" or "4." are not.
bool valid_section(std::string_view section);

}  // namespace syncsuite::scenario

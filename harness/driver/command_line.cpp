#include "harness/driver/command_line.hpp"

#include <optional>

namespace syncsuite::driver {
namespace {

bool is_blank(char c) { return c == ' ' || c == '\t' || c == '\n'; }

bool is_shell_syntax(char c) {
  return std::string_view("|&;<>()$`").find(c) != std::string_view::npos;
}

Error command_error(std::string what, std::size_t index, std::string hint = "") {
  return make_error("command", what + " at column " + std::to_string(index + 1) +
                                   " of the adapter command" + hint);
}

}  // namespace

Result<std::vector<std::string>> split_command_line(std::string_view text) {
  std::vector<std::string> words;
  std::optional<std::string> word;  // engaged once a word has started (also for "")
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (is_blank(c)) {
      if (word) words.push_back(std::move(*std::exchange(word, std::nullopt)));
      continue;
    }
    if (!word) word.emplace();
    if (c == '\'') {
      const auto close = text.find('\'', i + 1);
      if (close == std::string_view::npos) return command_error("unterminated single quote", i);
      word->append(text.substr(i + 1, close - i - 1));
      i = close;
    } else if (c == '"') {
      const std::size_t open = i;
      for (++i;; ++i) {
        if (i >= text.size()) return command_error("unterminated double quote", open);
        if (text[i] == '"') break;
        if (text[i] == '\\' && i + 1 < text.size() &&
            std::string_view("\"\\$`").find(text[i + 1]) != std::string_view::npos) {
          ++i;
        }
        word->push_back(text[i]);
      }
    } else if (c == '\\') {
      if (i + 1 >= text.size()) return command_error("trailing backslash", i);
      word->push_back(text[++i]);
    } else if (is_shell_syntax(c)) {
      return command_error(std::string("unquoted '") + c + "'", i,
                           " (shell syntax is not interpreted; to use a shell, give sh -c '...' "
                           "as the command)");
    } else {
      word->push_back(c);
    }
  }
  if (word) words.push_back(std::move(*word));
  if (words.empty()) return make_error("command", "the adapter command is empty");
  return words;
}

}  // namespace syncsuite::driver

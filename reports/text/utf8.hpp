#pragma once
// Report text from wire bytes: bodies may be huge or not UTF-8 at all (a fault plan can corrupt
// them), but every report format needs bounded, valid UTF-8.
#include <cstddef>
#include <string>
#include <string_view>

namespace syncsuite::reports::text {

inline constexpr std::size_t kDefaultBodyLimit = 4096;  // bytes of a body kept in a report

// `text` unchanged when it has at most `limit` bytes. Otherwise its longest prefix of at most
// `limit` bytes that does not split a UTF-8 sequence, then "… [cut: N bytes total]" (N =
// text.size()).
std::string cut(std::string_view text, std::size_t limit = kDefaultBodyLimit);

// `text` with every byte that is not part of a well-formed UTF-8 sequence (overlong forms,
// surrogates and code points past U+10FFFF included) replaced by U+FFFD.
std::string repair(std::string_view text);

// True when `text` is well-formed UTF-8.
bool valid(std::string_view text);

// repair(cut(text, limit)): what every writer shows of a body.
std::string shown(std::string_view text, std::size_t limit = kDefaultBodyLimit);

}  // namespace syncsuite::reports::text

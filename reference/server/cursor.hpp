#pragma once
// The pull cursor: a commit sequence number as opaque text, "c42". "c0" (or an absent or empty
// `since`) is the beginning.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace syncsuite::server {

std::string format_cursor(std::int64_t seq);
// nullopt unless `text` is "" or exactly "c" and a canonical decimal (no sign, no leading zero).
std::optional<std::int64_t> parse_cursor(std::string_view text);

}  // namespace syncsuite::server

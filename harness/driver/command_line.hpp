#pragma once
// The adapter command line ("CMD ARGS", as given to --adapter) split into words the way a POSIX
// shell splits plain words, so the program is started directly (no shell in between: its pid is
// the adapter's, and PR_SET_PDEATHSIG reaches it).
//
// Blanks (space, tab, newline) separate words; '...' keeps everything inside literally; "..." keeps
// everything inside except that \" \\ \$ and \` stand for the character; outside quotes a backslash
// keeps the next character. Shell syntax is not interpreted: an unquoted | & ; < > ( ) $ or ` is an
// error that says to run the command through `sh -c '...'` instead.
#include <string>
#include <string_view>
#include <vector>

#include "reference/core/result.hpp"

namespace syncsuite::driver {

// The words, at least one; Error{"command"} naming the problem and its column otherwise.
Result<std::vector<std::string>> split_command_line(std::string_view text);

}  // namespace syncsuite::driver

#pragma once
// Every virtual device holds one connection, so a big run needs many file descriptors: raise the
// soft limit to what the run needs (up to the hard limit) and say how to fix it when that is not
// enough, before anything starts, instead of failing connections halfway through the run.
#include <cstdint>
#include <string>

#include "reference/core/result.hpp"

namespace syncsuite::load {

// Raises RLIMIT_NOFILE's soft limit to at least `needed` (and the hard limit too where the process
// may, as root); otherwise an error ("fd_limit") with the numbers and the fix (ulimit -n, systemd LimitNOFILE, --shard).
Status ensure_fd_limit(std::uint64_t needed);

}  // namespace syncsuite::load

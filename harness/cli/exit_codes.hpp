#pragma once

namespace syncsuite::cli {

// Exit codes with meaning, for CI gates.
inline constexpr int kExitOk = 0;           // everything passed
inline constexpr int kExitCheckFailed = 1;  // a conformance check failed (or errored)
inline constexpr int kExitUsage = 2;        // usage, config or unreachable target
inline constexpr int kExitThresholds = 3;   // load thresholds breached (load command)

}  // namespace syncsuite::cli

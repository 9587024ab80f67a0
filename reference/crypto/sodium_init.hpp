#pragma once

namespace syncsuite::crypto {

// Initializes libsodium once per process (thread-safe); aborts if the library cannot start,
// since no crypto result could be trusted then.
void ensure_sodium();

}  // namespace syncsuite::crypto

#pragma once
// `syncsuite load`: runs a load profile against a server (or the embedded reference server) with
// one process's share of the devices (--shard), on worker threads that each own their devices,
// prints progress, and returns the results of the measured part with the final correctness check.
#include <cstdint>
#include <iosfwd>
#include <string>
#include <vector>

#include "harness/load/profile.hpp"
#include "harness/net/transport_options.hpp"
#include "reference/core/result.hpp"
#include "reports/load_result.hpp"

namespace syncsuite::load {

struct LoadRunOptions {
  const LoadProfile* profile = nullptr;
  std::string target;               // "" = the embedded reference server
  std::string embedded_mutant;      // the embedded server as this mutant (server::mutants())
  std::vector<std::string> tokens;  // with a target: the accounts file's tokens, by account index
  net::TlsOptions tls;
  int shard_index = 0;
  int shard_count = 1;
  std::uint64_t seed = 1;
  int threads = 0;                  // worker threads; 0: one per hardware thread
  std::ostream* progress = nullptr;  // where the progress line goes; null: nowhere
  bool progress_is_terminal = false;
};

// Errors: "usage" (too few accounts, a bad target URL), "setup" (the embedded server),
// "fd_limit" (too few file descriptors, with the fix), "unreachable" (the target did not answer
// the key uploads, or refused a token), "client" (a device could not be made).
Result<reports::LoadResult> run_load(const LoadRunOptions& options);

}  // namespace syncsuite::load

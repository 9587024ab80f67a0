#pragma once
// The server's records spread over several SQLite files by owner, so that pushes of different
// accounts commit in parallel: a SQLite file has one writer, and that one writer was what held
// push throughput (bench/README.md). The main file (--db) holds the accounts and shard 0; shard
// k > 0 is the file "<main>.shard-k". An owner's records, sequence and cursors all live in shard
// (owner mod count), so no transaction spans two files. Each file records its place (shard k of
// n) when created and is checked at every open: records looked up in the wrong file would look
// lost, so a changed count or a missing shard file is refused, never papered over.
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <vector>

#include "reference/core/result.hpp"
#include "reference/server/server_store.hpp"
#include "reference/server/write_group.hpp"

namespace syncsuite::server {

struct Shard {
  std::unique_ptr<ServerStore> store;
  WriteGroup writes;  // the one writer of this file
};

class Shards {
 public:
  static constexpr int kMaxCount = 64;  // also the limit of serve --shards and ServerOptions

  // Opens (creating when the main file is new) `count` shards (1..kMaxCount) of `main`.
  static Result<std::unique_ptr<Shards>> open(const std::filesystem::path& main, int count,
                                              std::chrono::milliseconds busy_timeout);

  static std::filesystem::path file_of(const std::filesystem::path& main, int index);

  Shard& accounts() { return *shards_.front(); }  // the main file
  Shard& of_owner(std::int64_t owner);
  int count() const { return static_cast<int>(shards_.size()); }
  Result<std::int64_t> highest_seq();  // over every shard's owners

 private:
  std::vector<std::unique_ptr<Shard>> shards_;
};

}  // namespace syncsuite::server

#include "reference/server/shards.hpp"

#include <algorithm>
#include <string>
#include <system_error>
#include <utility>

namespace syncsuite::server {
namespace {

Result<std::unique_ptr<Shard>> open_shard(const std::filesystem::path& file, int index, int count,
                                          bool create, std::chrono::milliseconds busy_timeout) {
  auto store = ServerStore::open(file, busy_timeout, create);
  if (!store) return store.error();
  auto db = (*store)->acquire();
  if (!db) return db.error();
  if (auto st = (*db)->ensure_layout(index, count); !st) {
    return make_error(st.error().code, file.string() + ": " + st.error().message);
  }
  auto shard = std::make_unique<Shard>();
  shard->store = std::move(store).value();
  return shard;
}

}  // namespace

std::filesystem::path Shards::file_of(const std::filesystem::path& main, int index) {
  if (index == 0) return main;
  std::filesystem::path file = main;
  file += ".shard-" + std::to_string(index);
  return file;
}

Result<std::unique_ptr<Shards>> Shards::open(const std::filesystem::path& main, int count,
                                             std::chrono::milliseconds busy_timeout) {
  if (count < 1 || count > kMaxCount) {
    return make_error("bad_shards", "shards: " + std::to_string(count) + " is not in 1.." +
                                        std::to_string(kMaxCount));
  }
  std::error_code ec;
  const bool main_is_new = !std::filesystem::exists(main, ec);
  // A new database starts with no shard file (checked before the main file is made): one left
  // from another server would show its records to the new accounts that take its owners' numbers.
  for (int k = 1; main_is_new && k < count; ++k) {
    if (std::filesystem::exists(file_of(main, k), ec)) {
      return make_error("bad_shards", file_of(main, k).string() +
                                          ": exists without its main file " + main.string() +
                                          "; restore that file or remove the shard files");
    }
  }
  std::unique_ptr<Shards> shards(new Shards());
  for (int k = 0; k < count; ++k) {
    // A shard file of an existing server must be there: a new empty one would hide its records.
    // (The main file's layout, checked first, has already refused another count.)
    if (k > 0 && !main_is_new && !std::filesystem::exists(file_of(main, k), ec)) {
      return make_error("bad_shards",
                        file_of(main, k).string() + ": missing; the server's records may be in it");
    }
    auto shard = open_shard(file_of(main, k), k, count, k == 0 || main_is_new, busy_timeout);
    if (!shard) return shard.error();
    shards->shards_.push_back(std::move(shard).value());
  }
  return shards;
}

Shard& Shards::of_owner(std::int64_t owner) {
  const auto n = static_cast<std::int64_t>(shards_.size());
  return *shards_[static_cast<std::size_t>(((owner % n) + n) % n)];
}

Result<std::int64_t> Shards::highest_seq() {
  std::int64_t highest = 0;
  for (auto& shard : shards_) {
    auto db = shard->store->acquire();
    if (!db) return db.error();
    auto seq = (*db)->highest_seq();
    if (!seq) return seq.error();
    highest = std::max(highest, *seq);
  }
  return highest;
}

}  // namespace syncsuite::server

// Push throughput of the reference server core: SyncService::handle on a real SQLite file (WAL)
// in a temp dir, one account, batches of fresh records (every record a first write, version 1).
// Wall-clock time, since the commit waits on the disk rather than the CPU.
#include <benchmark/benchmark.h>
#include <stdlib.h>

#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>

#include "reference/core/timestamp.hpp"
#include "reference/crypto/keys.hpp"
#include "reference/crypto/record_box.hpp"
#include "reference/protocol/envelope.hpp"
#include "reference/protocol/limits.hpp"
#include "reference/server/sync_service.hpp"

namespace {

namespace fs = std::filesystem;
using nlohmann::json;
using syncsuite::protocol::HttpRequest;

class TempDir {
 public:
  TempDir() {
    std::string pattern = (fs::temp_directory_path() / "syncsuite-bench-XXXXXX").string();
    if (::mkdtemp(pattern.data()) != nullptr) path_ = pattern;
  }
  ~TempDir() {
    std::error_code ec;
    if (!path_.empty()) fs::remove_all(path_, ec);
  }
  const fs::path& path() const { return path_; }

 private:
  fs::path path_;
};

// A push body of `n` records never pushed before: ids from a running counter, each body a
// 256-byte-ish JSON record sealed with the account's keypair.
std::string push_body(std::size_t n, std::uint64_t& next_id,
                      const syncsuite::crypto::RecordBox& box, const std::string& updated_at) {
  json records = json::array();
  const std::string plain = json{
      {"amount", -12.5},
      {"currency", "EUR"},
      {"category", "groceries"},
      {"note",
       std::string(180, 'n')}}.dump();
  for (std::size_t i = 0; i < n; ++i) {
    const auto sealed = box.seal(plain);
    syncsuite::protocol::Envelope e{"transactions",
                                    "bench-" + std::to_string(next_id++),
                                    updated_at,
                                    false,
                                    sealed.nonce,
                                    sealed.ciphertext,
                                    {}};
    records.push_back(syncsuite::protocol::to_json(e));
  }
  return json{{"device_id", "bench-device"}, {"records", std::move(records)}}.dump();
}

void BM_PushBatch(benchmark::State& state) {
  const TempDir dir;
  if (dir.path().empty()) return state.SkipWithError("mkdtemp failed");
  auto service = syncsuite::server::SyncService::open({dir.path() / "server.db", ""});
  if (!service) return state.SkipWithError(service.error().message.c_str());
  auto token = (*service)->create_account();
  if (!token) return state.SkipWithError(token.error().message.c_str());

  const auto keys = syncsuite::crypto::KeyPair::generate();
  const syncsuite::crypto::RecordBox box(keys.public_key, keys.secret_key);
  const std::string updated_at = syncsuite::timestamp::system_now_text();
  const auto batch = static_cast<std::size_t>(state.range(0));
  std::uint64_t next_id = 0;
  HttpRequest request{"POST",
                      std::string(syncsuite::protocol::kPushPath),
                      {{"Authorization", "Token " + *token}, {"Content-Type", "application/json"}},
                      {}};
  std::size_t body_bytes = 0;
  for (auto _ : state) {
    state.PauseTiming();
    request.body = push_body(batch, next_id, box, updated_at);
    body_bytes += request.body.size();
    state.ResumeTiming();

    const auto response = (*service)->handle(request);

    state.PauseTiming();
    if (response.status != 200) {
      state.SkipWithError(
          ("push answered " + std::to_string(response.status) + ": " + response.body.substr(0, 200))
              .c_str());
      break;
    }
    const json answer = json::parse(response.body, nullptr, false);
    std::size_t accepted = 0;
    if (answer.is_object() && answer.contains("results")) {
      for (const auto& r : answer["results"]) accepted += r.value("status", "") == "accepted";
    }
    if (accepted != batch) {
      state.SkipWithError("not every fresh record was accepted");
      break;
    }
    state.ResumeTiming();
  }
  state.SetItemsProcessed(state.iterations() * state.range(0));    // items = records pushed
  state.SetBytesProcessed(static_cast<std::int64_t>(body_bytes));  // request body bytes
}

BENCHMARK(BM_PushBatch)
    ->Arg(static_cast<int>(syncsuite::protocol::kMaxBatchRecords))
    ->Arg(100)
    ->Arg(1)
    ->UseRealTime()
    ->Unit(benchmark::kMillisecond);

}  // namespace

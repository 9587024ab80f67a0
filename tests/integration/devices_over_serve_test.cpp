// Reference devices against `syncsuite serve` as a separate process, over real sockets: two
// devices of one user (phone, laptop) and one of another (other). Push, pull, last-write-wins,
// conflicts and each resolution, tombstones, pagination past 1,000 records, and a server killed
// (SIGKILL, no graceful stop) right after acknowledging a push, then restarted on the same
// database and port: nothing acknowledged is lost, and the devices carry on. Every test runs on
// one shard file and on two (`--shards 2`: the two users' records in different files, the
// accounts in the main one).
#include <gtest/gtest.h>

#include <boost/asio/io_context.hpp>
#include <atomic>
#include <cctype>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <map>
#include <regex>
#include <set>
#include <sstream>
#include <thread>

#include "tests/support/temp_dir.hpp"
#include "harness/net/beast_transport.hpp"
#include "harness/net/blocking.hpp"
#include "reference/client/device.hpp"
#include "reference/core/timestamp.hpp"
#include "reference/crypto/keys.hpp"
#include "tests/support/child_process.hpp"

namespace syncsuite {
namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;
using client::Device;
using client::RecordStatus;
using client::Resolution;
using client::SyncReport;
using nlohmann::json;

constexpr auto kStep = 60s;  // bound for one device operation

using TempDir = syncsuite::test::TempDir;  // tests/support/temp_dir.hpp

// `syncsuite serve` on `port` (0: a free one) over `db`; the URL from its "listening on" line.
struct Served {
  std::unique_ptr<testing::ChildProcess> process;
  std::string url;
};

Served serve(const fs::path& db, int port, int shards, const fs::path& accounts_out = {}) {
  std::vector<std::string> argv{std::string(SYNCSUITE_BINARY_DIR) + "/syncsuite",
                                "serve",
                                "--port",
                                std::to_string(port),
                                "--db",
                                db.string(),
                                "--shards",
                                std::to_string(shards)};
  if (!accounts_out.empty()) {
    argv.insert(argv.end(), {"--accounts", "2", "--accounts-out", accounts_out.string()});
  }
  Served s{std::make_unique<testing::ChildProcess>(argv), ""};
  if (!s.process->started()) return s;
  while (auto line = s.process->read_line(30s)) {
    const std::string prefix = "listening on ";
    if (line->rfind(prefix, 0) == 0) {
      s.url = line->substr(prefix.size());
      break;
    }
  }
  return s;
}

std::vector<std::string> read_tokens(const fs::path& file) {
  std::ifstream in(file);
  std::stringstream text;
  text << in.rdbuf();
  const std::string s = text.str();
  std::vector<std::string> tokens;
  const std::regex token_line(R"re(token:\s*"([^"]+)")re");
  for (auto it = std::sregex_iterator(s.begin(), s.end(), token_line); it != std::sregex_iterator(); ++it) {
    tokens.push_back((*it)[1]);
  }
  return tokens;
}

int port_of(const std::string& url) { return std::stoi(url.substr(url.rfind(':') + 1)); }

// Runs the io_context until `slot` is filled, at most kStep.
template <class T>
bool drive(boost::asio::io_context& io, const std::optional<T>& slot) {
  const auto deadline = std::chrono::steady_clock::now() + kStep;
  while (!slot && std::chrono::steady_clock::now() < deadline) {
    io.restart();
    io.run_one_for(50ms);
  }
  return slot.has_value();
}

class DevicesOverServe : public ::testing::TestWithParam<int> {
 protected:
  void SetUp() override {
    ASSERT_FALSE(dir_.path().empty());
    server_ = serve(dir_.path() / "server.db", 0, GetParam(), dir_.path() / "accounts.yaml");
    ASSERT_FALSE(server_.url.empty()) << "syncsuite serve did not print its listening line";
    tokens_ = read_tokens(dir_.path() / "accounts.yaml");
    ASSERT_EQ(tokens_.size(), 2u);
    auto url = net::TargetUrl::parse(server_.url);
    ASSERT_TRUE(url.ok()) << url.error().message;
    url_ = *url;
    user_a_ = crypto::KeyPair::generate();
    user_b_ = crypto::KeyPair::generate();
    phone_ = open("phone", tokens_[0], user_a_, 500);
    laptop_ = open("laptop", tokens_[0], user_a_, 1000);
    other_ = open("other", tokens_[1], user_b_, 500);
    ASSERT_TRUE(phone_ && laptop_ && other_);
  }

  std::unique_ptr<Device> open(const std::string& name, const std::string& token,
                               const crypto::KeyPair& keys, int pull_limit) {
    transports_[name] = std::make_unique<net::BeastTransport>(io_, url_);
    client::DeviceOptions options;
    options.db_path = dir_.path() / (name + ".db");
    options.device_id = "it-" + name;
    options.token = token;
    options.keys = crypto::KeyPair::from_secret(keys.secret_key.clone());
    options.clock = [this] { return now_; };
    options.pull_limit = pull_limit;
    auto device = Device::open(*transports_[name], std::move(options));
    EXPECT_TRUE(device.ok()) << (device.ok() ? "" : device.error().message);
    return device.ok() ? std::move(*device) : nullptr;
  }

  SyncReport sync(Device& device) {
    std::optional<SyncReport> report;
    device.sync([&](const SyncReport& r) { report = r; });
    EXPECT_TRUE(drive(io_, report)) << device.device_id() << ": sync did not complete";
    return report.value_or(SyncReport{});
  }

  Status resolve(Device& device, const std::string& id, Resolution choice,
                 std::optional<json> merged = std::nullopt) {
    std::optional<Status> status;
    device.resolve("transactions", id, choice, std::move(merged), [&](Status s) { status = std::move(s); });
    EXPECT_TRUE(drive(io_, status)) << device.device_id() << ": resolve did not complete";
    return status.value_or(make_error("timeout", "resolve did not complete"));
  }

  Status upload_key(Device& device) {
    std::optional<Status> status;
    device.upload_key([&](Status s) { status = std::move(s); });
    EXPECT_TRUE(drive(io_, status));
    return status.value_or(make_error("timeout", "upload_key did not complete"));
  }

  json server_status(const std::string& token) {
    protocol::HttpRequest request{"GET", "/api/v1/sync/status/", {{"Authorization", "Token " + token}}, ""};
    net::BeastTransport transport(io_, url_);
    auto response = net::send_blocking(io_, transport, request);
    EXPECT_TRUE(response.ok()) << (response.ok() ? "" : response.error().message);
    if (!response.ok()) return json();
    EXPECT_EQ(response->status, 200) << response->body;
    return json::parse(response->body, nullptr, false);
  }

  std::map<std::string, client::LocalRecord> records(const Device& device) {
    std::map<std::string, client::LocalRecord> out;
    auto list = device.records();
    EXPECT_TRUE(list.ok());
    if (list.ok()) {
      for (auto& r : *list) out[r.table + "/" + r.id] = r;
    }
    return out;
  }

  void tick(timestamp::Millis ms = 1000) { now_ += ms; }

  TempDir dir_;
  Served server_;
  std::vector<std::string> tokens_;
  net::TargetUrl url_;
  boost::asio::io_context io_;
  std::map<std::string, std::unique_ptr<net::BeastTransport>> transports_;
  crypto::KeyPair user_a_, user_b_;
  timestamp::Millis now_ = *timestamp::parse("2026-11-24T10:00:00.000Z");
  std::unique_ptr<Device> phone_, laptop_, other_;
};

TEST_P(DevicesOverServe, TwoUsersThreeDevicesThroughEveryRuleAndACrash) {
  ASSERT_TRUE(upload_key(*phone_).ok());
  ASSERT_TRUE(upload_key(*other_).ok());
  EXPECT_EQ(server_status(tokens_[0])["public_key"], user_a_.public_key.to_base64());

  // Push and pull: the phone's record reaches the laptop, never the other user.
  ASSERT_TRUE(phone_->put("transactions", "t1", {{"amount", 10}}).ok());
  auto report = sync(*phone_);
  ASSERT_TRUE(report.ok()) << report.error->message;
  EXPECT_EQ(report.accepted, 1u);
  EXPECT_EQ(records(*phone_)["transactions/t1"].sync_status, RecordStatus::synced);
  EXPECT_EQ(records(*phone_)["transactions/t1"].version, 1);
  ASSERT_TRUE(sync(*laptop_).ok());
  EXPECT_EQ(records(*laptop_)["transactions/t1"].data, json({{"amount", 10}}));
  EXPECT_EQ(records(*laptop_)["transactions/t1"].sync_status, RecordStatus::synced);
  ASSERT_TRUE(sync(*other_).ok());
  EXPECT_TRUE(records(*other_).empty()) << "a record of user A reached user B";

  // The same (table, id) of another user is another record.
  ASSERT_TRUE(other_->put("transactions", "t1", {{"amount", 99}}).ok());
  report = sync(*other_);
  ASSERT_TRUE(report.ok());
  EXPECT_EQ(records(*other_)["transactions/t1"].version, 1);

  // Last write wins: the laptop's later edit becomes version 2 everywhere.
  tick();
  ASSERT_TRUE(laptop_->put("transactions", "t1", {{"amount", 11}}).ok());
  ASSERT_TRUE(sync(*laptop_).ok());
  ASSERT_TRUE(sync(*phone_).ok());
  EXPECT_EQ(records(*phone_)["transactions/t1"].data, json({{"amount", 11}}));
  EXPECT_EQ(records(*phone_)["transactions/t1"].version, 2);
  EXPECT_EQ(records(*other_)["transactions/t1"].data, json({{"amount", 99}}));

  // Conflicts: the phone writes t2..t4 later, the laptop earlier and offline. Each laptop push
  // gets conflict; the laptop keeps both copies.
  tick();
  const auto base = now_;
  for (const std::string id : {"t2", "t3", "t4"}) {
    ASSERT_TRUE(phone_->put("transactions", id, {{"who", "phone"}}, timestamp::format(base + 10'000)).ok());
    ASSERT_TRUE(laptop_->put("transactions", id, {{"who", "laptop"}}, timestamp::format(base + 5'000)).ok());
  }
  ASSERT_TRUE(sync(*phone_).ok());
  report = sync(*laptop_);
  EXPECT_EQ(report.conflicts, 3u);
  EXPECT_EQ(laptop_->state().conflict_count, 3u);
  EXPECT_EQ(server_status(tokens_[0])["conflict_count"], 3);
  auto conflicts = laptop_->conflicts();
  ASSERT_TRUE(conflicts.ok());
  ASSERT_EQ(conflicts->size(), 3u);
  for (const auto& c : *conflicts) {
    EXPECT_EQ(c.local.data, json({{"who", "laptop"}})) << c.id;
    EXPECT_EQ(c.server.data, json({{"who", "phone"}})) << c.id;
    EXPECT_EQ(c.server.version, 1) << c.id;
  }

  // Each resolution: server keeps the phone's copy; local and merged write version 2, which
  // the phone then takes (their updated_at is later than both copies).
  ASSERT_TRUE(resolve(*laptop_, "t2", Resolution::server).ok());
  ASSERT_TRUE(resolve(*laptop_, "t3", Resolution::local).ok());
  ASSERT_TRUE(resolve(*laptop_, "t4", Resolution::merged, json{{"who", "both"}}).ok());
  EXPECT_EQ(laptop_->state().conflict_count, 0u);
  EXPECT_EQ(server_status(tokens_[0])["conflict_count"], 0);
  auto laptop_records = records(*laptop_);
  EXPECT_EQ(laptop_records["transactions/t2"].data, json({{"who", "phone"}}));
  EXPECT_EQ(laptop_records["transactions/t2"].version, 1);
  EXPECT_EQ(laptop_records["transactions/t3"].version, 2);
  EXPECT_EQ(laptop_records["transactions/t4"].version, 2);
  for (const auto& id : {"t2", "t3", "t4"}) {
    EXPECT_EQ(laptop_records[std::string("transactions/") + id].sync_status, RecordStatus::synced) << id;
  }
  ASSERT_TRUE(sync(*phone_).ok());
  auto phone_records = records(*phone_);
  EXPECT_EQ(phone_records["transactions/t2"].data, json({{"who", "phone"}}));
  EXPECT_EQ(phone_records["transactions/t3"].data, json({{"who", "laptop"}}));
  EXPECT_EQ(phone_records["transactions/t4"].data, json({{"who", "both"}}));

  // Tombstones: the phone deletes t1; the laptop receives the deletion.
  tick();
  ASSERT_TRUE(phone_->remove("transactions", "t1").ok());
  ASSERT_TRUE(sync(*phone_).ok());
  ASSERT_TRUE(sync(*laptop_).ok());
  EXPECT_TRUE(records(*laptop_)["transactions/t1"].deleted);
  EXPECT_EQ(records(*laptop_)["transactions/t1"].version, 3);

  // Pagination past 1,000: the phone pushes 1,200 records (three batches), acknowledged.
  tick();
  for (int i = 0; i < 1200; ++i) {
    ASSERT_TRUE(phone_->put("budgets", "b" + std::to_string(i), {{"n", i}}).ok());
  }
  report = sync(*phone_);
  ASSERT_TRUE(report.ok()) << report.error->message;
  EXPECT_EQ(report.accepted, 1200u);
  EXPECT_EQ(phone_->state().pending_count, 0u);

  // The server dies without warning right after acknowledging, and comes back on the same
  // database and port: every acknowledged record is still there (contract 4.4).
  const int port = port_of(server_.url);
  EXPECT_EQ(server_.process->stop(SIGKILL), 128 + SIGKILL);
  server_ = serve(dir_.path() / "server.db", port, GetParam());
  ASSERT_FALSE(server_.url.empty()) << "syncsuite serve did not restart on port " << port;
  const auto status = server_status(tokens_[0]);
  EXPECT_EQ(status["record_count"], 4 + 1200);
  EXPECT_EQ(status["public_key"], user_a_.public_key.to_base64());

  // The laptop (pull pages of 1,000) receives all 1,200 over its old keep-alive transport.
  report = sync(*laptop_);
  ASSERT_TRUE(report.ok()) << report.error->message;
  EXPECT_EQ(report.pulled, 1200u);
  laptop_records = records(*laptop_);
  for (int i = 0; i < 1200; ++i) {
    const auto& r = laptop_records["budgets/b" + std::to_string(i)];
    ASSERT_EQ(r.data, json({{"n", i}})) << "b" << i;
    ASSERT_EQ(r.sync_status, RecordStatus::synced) << "b" << i;
  }
  // Both devices of user A converge; user B still holds only its own record.
  ASSERT_TRUE(sync(*phone_).ok());
  phone_records = records(*phone_);
  laptop_records = records(*laptop_);
  ASSERT_EQ(phone_records.size(), laptop_records.size());
  for (const auto& [key, r] : phone_records) {
    EXPECT_EQ(r.data, laptop_records[key].data) << key;
    EXPECT_EQ(r.updated_at, laptop_records[key].updated_at) << key;
    EXPECT_EQ(r.deleted, laptop_records[key].deleted) << key;
    EXPECT_EQ(r.version, laptop_records[key].version) << key;
  }
  ASSERT_TRUE(sync(*other_).ok());
  EXPECT_EQ(records(*other_).size(), 1u);
  EXPECT_EQ(server_status(tokens_[1])["record_count"], 1);

  EXPECT_EQ(server_.process->stop(SIGTERM), 0) << "serve did not stop gracefully on SIGTERM";
}

// Group commit (several concurrent pushes in one transaction) must keep contract 4.4: pushers on
// their own connections (half of them for each user: with two shards, both files write at
// once) keep writing while the server is killed; every batch answered 200
// before the kill is there after the restart.
TEST_P(DevicesOverServe, ConcurrentPushesAcknowledgedBeforeAKillAreAllKept) {
  constexpr int kPushers = 4;
  constexpr int kPushesEach = 400;  // a bound: the kill comes long before
  constexpr int kRecords = 20;
  std::vector<std::vector<std::string>> acked(kPushers);
  std::atomic<int> acked_pushes{0};
  std::vector<std::thread> pushers;
  for (int t = 0; t < kPushers; ++t) {
    pushers.emplace_back([&, t] {
      boost::asio::io_context io;
      net::BeastTransport transport(io, url_);
      for (int i = 0; i < kPushesEach; ++i) {
        json records = json::array();
        std::vector<std::string> ids;
        for (int k = 0; k < kRecords; ++k) {
          ids.push_back("w" + std::to_string(t) + "-" + std::to_string(i) + "-" + std::to_string(k));
          records.push_back({{"table", "kill"},
                             {"id", ids.back()},
                             {"updated_at", "2026-11-24T10:00:00.000Z"},
                             {"deleted", false},
                             {"nonce", std::string(32, 'A')},
                             {"ciphertext", std::string(64, 'B')}});
        }
        protocol::HttpRequest request{
            "POST",
            "/api/v1/sync/push/",
            {{"Authorization", "Token " + tokens_[t % 2]}, {"Content-Type", "application/json"}},
            json{{"device_id", "pusher-" + std::to_string(t)}, {"records", records}}.dump()};
        auto response = net::send_blocking(io, transport, request);
        if (!response.ok() || response->status != 200) return;  // the server is gone
        acked[t].insert(acked[t].end(), ids.begin(), ids.end());
        ++acked_pushes;
      }
    });
  }
  const auto deadline = std::chrono::steady_clock::now() + kStep;
  while (acked_pushes < 4 * kPushers && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(1ms);
  }
  const int port = port_of(server_.url);
  EXPECT_EQ(server_.process->stop(SIGKILL), 128 + SIGKILL);
  for (auto& pusher : pushers) pusher.join();
  ASSERT_GE(acked_pushes, 4 * kPushers) << "the pushers did not get going";
  ASSERT_LT(acked_pushes, kPushers * kPushesEach) << "every push ended before the kill";

  server_ = serve(dir_.path() / "server.db", port, GetParam());
  ASSERT_FALSE(server_.url.empty()) << "syncsuite serve did not restart on port " << port;
  std::vector<std::set<std::string>> stored(2);  // per account
  for (int account = 0; account < 2; ++account) {
    std::string cursor;
    for (int page = 0; page < 100; ++page) {
      std::string encoded;
      for (unsigned char c : cursor) {
        constexpr char kHex[] = "0123456789ABCDEF";
        if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
          encoded += static_cast<char>(c);
        } else {
          encoded += {'%', kHex[c >> 4], kHex[c & 15]};
        }
      }
      protocol::HttpRequest request{"GET", "/api/v1/sync/pull/?limit=1000&since=" + encoded,
                                    {{"Authorization", "Token " + tokens_[account]}}, ""};
      net::BeastTransport transport(io_, url_);
      auto response = net::send_blocking(io_, transport, request);
      ASSERT_TRUE(response.ok()) << response.error().message;
      ASSERT_EQ(response->status, 200) << response->body;
      const json body = json::parse(response->body);
      for (const auto& r : body["records"]) stored[account].insert(r["id"].get<std::string>());
      cursor = body["cursor"].get<std::string>();
      if (!body["has_more"].get<bool>()) break;
    }
  }
  std::size_t checked = 0;
  for (int t = 0; t < kPushers; ++t) {
    for (const auto& id : acked[t]) {
      ++checked;
      ASSERT_TRUE(stored[t % 2].count(id))
          << id << " was acknowledged before the kill and is gone";
    }
  }
  EXPECT_EQ(checked, static_cast<std::size_t>(acked_pushes) * kRecords);
  EXPECT_EQ(server_.process->stop(SIGTERM), 0);
}

TEST_P(DevicesOverServe, APushAgainstAStoppedServerLeavesRecordsPendingUntilItReturns) {
  ASSERT_TRUE(phone_->put("accounts", "a1", {{"name", "cash"}}).ok());
  const int port = port_of(server_.url);
  EXPECT_EQ(server_.process->stop(SIGTERM), 0);

  auto report = sync(*phone_);
  EXPECT_FALSE(report.ok()) << "a sync against a stopped server succeeded";
  EXPECT_EQ(records(*phone_)["accounts/a1"].sync_status, RecordStatus::pending);
  EXPECT_EQ(phone_->state().status, client::SyncStatus::error);
  EXPECT_FALSE(phone_->state().last_error.empty());

  server_ = serve(dir_.path() / "server.db", port, GetParam());
  ASSERT_FALSE(server_.url.empty());
  report = sync(*phone_);
  ASSERT_TRUE(report.ok()) << report.error->message;
  EXPECT_EQ(records(*phone_)["accounts/a1"].sync_status, RecordStatus::synced);
  EXPECT_EQ(phone_->state().status, client::SyncStatus::idle);
  ASSERT_TRUE(sync(*laptop_).ok());
  EXPECT_EQ(records(*laptop_)["accounts/a1"].data, json({{"name", "cash"}}));
}

INSTANTIATE_TEST_SUITE_P(Shards, DevicesOverServe, ::testing::Values(1, 2),
                         [](const ::testing::TestParamInfo<int>& info) {
                           return info.param == 1 ? std::string("OneFile")
                                                  : std::to_string(info.param) + "Shards";
                         });

}  // namespace
}  // namespace syncsuite

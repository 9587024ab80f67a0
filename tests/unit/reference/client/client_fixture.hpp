#pragma once
// Shared parts of the client tests: a temp dir, the real server core behind a MemoryTransport, a
// transport decorator at the seam that fails or rewrites the n-th send, helpers that run a
// device's async operations to completion, and OverStores, which runs a suite once per local
// store kind (SQLite file, memory).
#include <gtest/gtest.h>
#include <stdlib.h>

#include <cstddef>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <ostream>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "reference/client/device.hpp"
#include "reference/core/timestamp.hpp"
#include "reference/crypto/keys.hpp"
#include "reference/crypto/record_box.hpp"
#include "reference/server/sync_service.hpp"
#include "tests/support/memory_transport.hpp"
#include "tests/support/temp_dir.hpp"

namespace syncsuite::client {
// Names the store in failure messages.
inline void PrintTo(StoreKind kind, std::ostream* os) { *os << to_string(kind); }
}  // namespace syncsuite::client

namespace syncsuite::test {

using TempDir = syncsuite::test::TempDir;  // tests/support/temp_dir.hpp

// A decorator at the transport seam: numbers the sends from 1, keeps every request, and applies
// a fault to chosen sends.
class FaultyTransport : public client::Transport {
 public:
  enum class Fault {
    refuse,        // the request never reaches the server ("connect" error)
    lose_answer,   // the server handles it, the answer is lost ("io" error)
    server_error,  // the server never sees it; a 503 with a JSON detail comes back
  };
  using Rewrite =
      std::function<protocol::HttpResponse(const protocol::HttpRequest&, protocol::HttpResponse)>;

  explicit FaultyTransport(client::Transport& inner) : inner_(inner) {}

  void fail(std::size_t nth, Fault fault) { faults_[nth] = fault; }
  void rewrite(std::size_t nth, Rewrite rewrite) { rewrites_[nth] = std::move(rewrite); }

  void send(protocol::HttpRequest request, client::Completion done) override {
    const std::size_t n = ++count_;
    requests_.push_back(request);
    if (auto f = faults_.find(n); f != faults_.end()) {
      switch (f->second) {
        case Fault::refuse:
          done(make_error("connect", "connection refused (injected)"));
          return;
        case Fault::server_error:
          done(protocol::HttpResponse{503, {}, R"({"detail": "injected outage"})"});
          return;
        case Fault::lose_answer:
          inner_.send(std::move(request), [done = std::move(done)](auto) {
            done(make_error("io", "connection reset before the answer (injected)"));
          });
          return;
      }
    }
    if (auto r = rewrites_.find(n); r != rewrites_.end()) {
      auto rewrite = r->second;
      inner_.send(std::move(request), [done = std::move(done), rewrite, copy = requests_.back()](
                                          Result<protocol::HttpResponse> answer) {
        if (!answer) return done(std::move(answer));
        done(rewrite(copy, std::move(answer).value()));
      });
      return;
    }
    inner_.send(std::move(request), std::move(done));
  }

  const std::vector<protocol::HttpRequest>& requests() const { return requests_; }
  std::size_t count() const { return count_; }

 private:
  client::Transport& inner_;
  std::size_t count_ = 0;
  std::vector<protocol::HttpRequest> requests_;
  std::map<std::size_t, Fault> faults_;
  std::map<std::size_t, Rewrite> rewrites_;
};

inline protocol::HttpResponse json_response(int status, const nlohmann::json& body) {
  return protocol::HttpResponse{status, {{"Content-Type", "application/json"}}, body.dump()};
}

inline crypto::KeyPair copy_keys(const crypto::KeyPair& keys) {
  return crypto::KeyPair{keys.public_key, keys.secret_key.clone()};
}

inline timestamp::Millis at(const char* text) { return timestamp::parse(text).value(); }

struct DeviceSetup {
  std::optional<crypto::KeyPair> keys{};   // default: the user's keypair
  client::Transport* transport = nullptr;  // default: the fixture's `wire`
  int pull_limit = 500;
  std::size_t push_batch = 500;
  std::string device_id{};                         // default: the name
  client::ClientMutations mutations{};             // default: the correct client
  std::shared_ptr<const crypto::RecordBox> box{};  // default: the device computes its own
  client::WriteObserver* observer = nullptr;       // default: none
};

class ClientFixture : public ::testing::Test {
 protected:
  // The local store of the devices opened here; OverStores runs a suite over each kind.
  virtual client::StoreKind store_kind() const { return client::StoreKind::sqlite; }

  void SetUp() override {
    ASSERT_FALSE(dir.path().empty());
    auto opened = server::SyncService::open({dir.path() / "server.db", ""});
    ASSERT_TRUE(opened) << opened.error().message;
    service = std::move(opened).value();
    auto account = service->create_account();
    ASSERT_TRUE(account) << account.error().message;
    token = *account;
    memory = std::make_unique<MemoryTransport>(*service, delivery);
    wire = std::make_unique<FaultyTransport>(*memory);
  }

  std::unique_ptr<client::Device> open_device(const std::string& name, DeviceSetup setup = {}) {
    client::DeviceOptions options;
    options.store = store_kind();
    options.db_path = dir.path() / (name + ".db");
    options.device_id = setup.device_id.empty() ? name : setup.device_id;
    options.token = token;
    options.keys = setup.keys ? std::move(*setup.keys) : copy_keys(keys);
    options.clock = [this] { return now; };
    options.pull_limit = setup.pull_limit;
    options.push_batch = setup.push_batch;
    options.durable = false;  // tests need no fsync; the file is still a real SQLite file
    options.mutations = setup.mutations;
    options.box = std::move(setup.box);
    options.observer = setup.observer;
    auto device =
        client::Device::open(setup.transport ? *setup.transport : *wire, std::move(options));
    EXPECT_TRUE(device) << device.error().message;
    return device ? std::move(device).value() : nullptr;
  }

  // Runs one push/pull/sync to completion (delivering queued requests) and returns its report.
  client::SyncReport run(const std::function<void(client::ReportCallback)>& start) {
    int calls = 0;
    client::SyncReport report;
    start([&](const client::SyncReport& r) {
      ++calls;
      report = r;
    });
    memory->run();
    EXPECT_EQ(calls, 1) << "completion must run exactly once";
    return report;
  }
  client::SyncReport sync(client::Device& d) {
    return run([&](client::ReportCallback cb) { d.sync(std::move(cb)); });
  }
  client::SyncReport push(client::Device& d) {
    return run([&](client::ReportCallback cb) { d.push(std::move(cb)); });
  }
  client::SyncReport pull(client::Device& d) {
    return run([&](client::ReportCallback cb) { d.pull(std::move(cb)); });
  }
  Status resolve(client::Device& d, const std::string& table, const std::string& id,
                 client::Resolution choice, std::optional<nlohmann::json> data = std::nullopt) {
    int calls = 0;
    Status result = make_error("none", "no completion");
    d.resolve(table, id, choice, std::move(data), [&](Status st) {
      ++calls;
      result = std::move(st);
    });
    memory->run();
    EXPECT_EQ(calls, 1) << "completion must run exactly once";
    return result;
  }

  static std::optional<client::LocalRecord> find(const client::Device& d, const std::string& table,
                                                 const std::string& id) {
    auto all = d.records();
    EXPECT_TRUE(all) << all.error().message;
    if (!all) return std::nullopt;
    for (auto& r : *all) {
      if (r.table == table && r.id == id) return std::move(r);
    }
    return std::nullopt;
  }

  // Straight to the server core, around the device: what the server stores.
  nlohmann::json server_get(const std::string& target) {
    protocol::HttpRequest request{"GET", target, {{"Authorization", "Token " + token}}, ""};
    auto response = service->handle(request);
    EXPECT_EQ(response.status, 200) << response.body;
    return nlohmann::json::parse(response.body, nullptr, false);
  }
  std::optional<nlohmann::json> server_record(const std::string& table, const std::string& id) {
    std::string cursor;
    for (int page = 0; page < 100; ++page) {
      auto body = server_get("/api/v1/sync/pull/?limit=1000" +
                             (cursor.empty() ? "" : "&since=" + client::url_encode(cursor)));
      if (!body.is_object()) return std::nullopt;
      for (const auto& r : body["records"]) {
        if (r["table"] == table && r["id"] == id) return r;
      }
      if (!body["has_more"].get<bool>()) break;
      cursor = body["cursor"].get<std::string>();
    }
    return std::nullopt;
  }
  // The records of the n-th request (1-based) seen at the seam, as JSON.
  nlohmann::json pushed(std::size_t nth) const {
    return nlohmann::json::parse(wire->requests().at(nth - 1).body)["records"];
  }

  MemoryTransport::Delivery delivery = MemoryTransport::Delivery::inline_now;
  TempDir dir;
  std::unique_ptr<server::SyncService> service;
  std::string token;
  crypto::KeyPair keys = crypto::KeyPair::generate();
  timestamp::Millis now = at("2026-11-24T10:00:00.000Z");
  std::unique_ptr<MemoryTransport> memory;
  std::unique_ptr<FaultyTransport> wire;
};

// The same fixture with requests held until delivered: a request is "on the wire" in between.
class QueuedClientFixture : public ClientFixture {
 protected:
  void SetUp() override {
    delivery = MemoryTransport::Delivery::queued;
    ClientFixture::SetUp();
  }
};

// The store kinds a suite runs over, and their names in test names.
inline auto all_stores() {
  return ::testing::Values(client::StoreKind::sqlite, client::StoreKind::memory);
}
inline std::string store_suffix(client::StoreKind kind) {
  return kind == client::StoreKind::memory ? "Memory" : "Sqlite";
}
inline std::string store_name(const ::testing::TestParamInfo<client::StoreKind>& info) {
  return store_suffix(info.param);
}

// A fixture whose tests run once per store kind:
//   class DevicePull : public test::OverStores<> {};
//   TEST_P(DevicePull, ...) {...}
//   INSTANTIATE_TEST_SUITE_P(Stores, DevicePull, test::all_stores(), test::store_name);
template <typename Fixture = ClientFixture>
class OverStores : public Fixture, public ::testing::WithParamInterface<client::StoreKind> {
 protected:
  client::StoreKind store_kind() const override { return this->GetParam(); }
};

// The same for a suite that already has a table of cases: the parameter is (case, store kind),
// from ::testing::Combine(::testing::Values(cases...), test::all_stores()).
template <typename Case>
class OverStoresWith : public ClientFixture,
                       public ::testing::WithParamInterface<std::tuple<Case, client::StoreKind>> {
 protected:
  client::StoreKind store_kind() const override { return std::get<1>(this->GetParam()); }
  const Case& param() const { return std::get<0>(this->GetParam()); }
};

}  // namespace syncsuite::test

#include "harness/driver/reference_driver.hpp"

#include <gtest/gtest.h>

#include <boost/asio/io_context.hpp>
#include <chrono>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>

#include "harness/runner/embedded_server.hpp"
#include "reference/crypto/keys.hpp"
#include "reference/server/sync_service.hpp"
#include "tests/support/memory_transport.hpp"
#include "tests/unit/harness/net/test_http_server.hpp"

namespace syncsuite::driver {
namespace {

// A transport whose every request fails to connect (a server that is down).
class DownTransport : public client::Transport {
 public:
  void send(protocol::HttpRequest, client::Completion done) override {
    done(make_error("connect", "connection refused (test)"));
  }
};

class ReferenceDriverTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_FALSE(dir.path().empty());
    auto opened = server::SyncService::open({dir.path() / "server.db", ""});
    ASSERT_TRUE(opened) << opened.error().message;
    service = std::move(opened).value();
    auto account = service->create_account();
    ASSERT_TRUE(account);
    token = *account;
  }

  // A driver whose devices reach the server core in memory (or a down server).
  std::unique_ptr<ReferenceDriver> make_driver(const std::string& name,
                                               client::ClientMutations mutations = {}) {
    ReferenceDriverOptions options;
    options.io = &io;
    options.dir = dir.path();
    options.file_name = name + ".sqlite";
    options.mutations = mutations;
    options.transport = [this](const std::string& url,
                               const std::string&) -> std::unique_ptr<client::Transport> {
      if (url == "http://down.invalid") return std::make_unique<DownTransport>();
      return std::make_unique<test::MemoryTransport>(*service);
    };
    return std::make_unique<ReferenceDriver>(std::move(options));
  }

  // Sends one request and runs the loop until its one answer; checks it never came inline.
  Json call(DeviceDriver& driver, Json request) {
    int answers = 0;
    Json reply;
    driver.call(std::move(request), [&](Json r) {
      ++answers;
      reply = std::move(r);
    });
    EXPECT_EQ(answers, 0) << "answered inside call()";
    io.restart();
    for (int i = 0; i < 1000 && answers == 0; ++i) io.run_one_for(std::chrono::seconds(10));
    io.restart();
    io.poll();  // a second answer would show here
    EXPECT_EQ(answers, 1) << "answers: " << answers;
    EXPECT_TRUE(reply.is_object() && reply.contains("ok")) << reply.dump();
    return reply;
  }

  Json init_request(const std::string& device_id, const std::string& server = "http://memory") {
    return Json{{"op", "init"},
                {"server", server},
                {"token", token},
                {"public_key", keys.public_key.to_base64()},
                {"secret_key", keys.secret_key.to_base64()},
                {"device_id", device_id}};
  }

  static Json find(const Json& records_answer, const std::string& id) {
    for (const auto& r : records_answer.at("records")) {
      if (r.at("id") == id) return r;
    }
    return nullptr;
  }

  net::testing::TempDir dir;
  boost::asio::io_context io;
  std::unique_ptr<server::SyncService> service;
  std::string token;
  crypto::KeyPair keys = crypto::KeyPair::generate();
};

TEST_F(ReferenceDriverTest, BadRequestsGetClearErrors) {
  auto d = make_driver("phone");
  EXPECT_EQ(call(*d, Json::array()),
            (Json{{"ok", false}, {"error", "request must be a JSON object"}}));
  EXPECT_EQ(call(*d, Json{{"table", "t"}})["error"], "request must have an \"op\" string");
  EXPECT_EQ(call(*d, Json{{"op", 7}})["error"], "request must have an \"op\" string");
  EXPECT_EQ(call(*d, Json{{"op", "fly"}}), (Json{{"ok", false}, {"error", "unknown op fly"}}));
  EXPECT_EQ(call(*d, Json{{"op", "sync"}})["error"], "sync: no device yet; send init first");
  ASSERT_EQ(call(*d, init_request("phone"))["ok"], true);
  auto mistyped =
      call(*d, Json{{"op", "put"}, {"table", 5}, {"id", "a"}, {"data", Json::object()}});
  EXPECT_EQ(mistyped["ok"], false);
  EXPECT_EQ(mistyped["error"], "put: field \"table\" must be a string");
  auto missing = call(*d, Json{{"op", "put"}, {"table", "transactions"}, {"id", "a"}});
  EXPECT_EQ(missing["error"], "put: field \"data\" is missing");
  auto bad_time = call(*d, Json{{"op", "put"},
                                {"table", "transactions"},
                                {"id", "a"},
                                {"data", Json::object()},
                                {"updated_at", "yesterday"}});
  EXPECT_EQ(bad_time["ok"], false);
  EXPECT_NE(bad_time["error"].get<std::string>().find("updated_at"), std::string::npos);
  auto bad_choice =
      call(*d, Json{{"op", "resolve"}, {"table", "transactions"}, {"id", "a"}, {"choice", "mine"}});
  EXPECT_EQ(bad_choice["ok"], false);
  EXPECT_NE(bad_choice["error"].get<std::string>().find("choice"), std::string::npos);
  EXPECT_EQ(call(*d, Json{{"op", "records"}})["records"], Json::array()) << "nothing was stored";
}

TEST_F(ReferenceDriverTest, InitUploadsThePublicKeyAndChecksTheKeypair) {
  auto d = make_driver("phone");
  ASSERT_EQ(call(*d, init_request("phone")), (Json{{"ok", true}}));
  auto status =
      service->handle({"GET", "/api/v1/sync/status/", {{"Authorization", "Token " + token}}, ""});
  EXPECT_EQ(Json::parse(status.body)["public_key"], keys.public_key.to_base64());

  auto other = crypto::KeyPair::generate();
  auto mismatch = init_request("phone");
  mismatch["public_key"] = other.public_key.to_base64();
  EXPECT_EQ(call(*d, mismatch)["error"], "init: public_key is not the key of secret_key");
  auto bad_secret = init_request("phone");
  bad_secret["secret_key"] = "not base64!";
  const auto answer = call(*d, bad_secret);
  EXPECT_EQ(answer["ok"], false);
  EXPECT_NE(answer["error"].get<std::string>().find("secret_key"), std::string::npos);
  EXPECT_EQ(call(*d, init_request(""))["ok"], false) << "an empty device_id";
}

TEST_F(ReferenceDriverTest, InitWithoutUploadSendsNothing) {
  auto d = make_driver("phone");
  auto request = init_request("phone");
  request["upload_key"] = false;
  ASSERT_EQ(call(*d, request)["ok"], true);
  auto status =
      service->handle({"GET", "/api/v1/sync/status/", {{"Authorization", "Token " + token}}, ""});
  EXPECT_TRUE(Json::parse(status.body)["public_key"].is_null());
}

TEST_F(ReferenceDriverTest, PutSyncRecordsRoundTripBetweenTwoDevices) {
  auto phone = make_driver("phone");
  auto tablet = make_driver("tablet");
  ASSERT_EQ(call(*phone, init_request("phone"))["ok"], true);
  ASSERT_EQ(call(*tablet, init_request("tablet"))["ok"], true);
  ASSERT_EQ(call(*phone, Json{{"op", "put"},
                              {"table", "transactions"},
                              {"id", "t1"},
                              {"data", {{"amount", 12}}},
                              {"updated_at", "2026-11-24T10:00:00.123Z"}})["ok"],
            true);
  ASSERT_EQ(call(*phone, Json{{"op", "delete"}, {"table", "accounts"}, {"id", "gone"}})["ok"],
            true);
  auto before = find(call(*phone, Json{{"op", "records"}}), "t1");
  EXPECT_EQ(before["sync_status"], "pending");
  ASSERT_EQ(call(*phone, Json{{"op", "sync"}}), (Json{{"ok", true}}));
  ASSERT_EQ(call(*tablet, Json{{"op", "sync"}}), (Json{{"ok", true}}));
  const auto records = call(*tablet, Json{{"op", "records"}});
  ASSERT_EQ(records["records"].size(), 2u);
  EXPECT_EQ(find(records, "t1"), (Json{{"table", "transactions"},
                                       {"id", "t1"},
                                       {"data", {{"amount", 12}}},
                                       {"updated_at", "2026-11-24T10:00:00.123Z"},
                                       {"deleted", false},
                                       {"sync_status", "synced"}}));
  EXPECT_EQ(find(records, "gone")["deleted"], true);
  EXPECT_EQ(find(records, "gone")["data"], Json::object());
}

TEST_F(ReferenceDriverTest, ConflictIsShownAndResolvedMerged) {
  auto phone = make_driver("phone");
  auto tablet = make_driver("tablet");
  ASSERT_EQ(call(*phone, init_request("phone"))["ok"], true);
  ASSERT_EQ(call(*tablet, init_request("tablet"))["ok"], true);
  call(*phone, Json{{"op", "put"},
                    {"table", "budgets"},
                    {"id", "b"},
                    {"data", {{"v", "phone"}}},
                    {"updated_at", "2026-11-24T11:00:00.000Z"}});
  ASSERT_EQ(call(*phone, Json{{"op", "sync"}})["ok"], true);
  call(*tablet, Json{{"op", "put"},
                     {"table", "budgets"},
                     {"id", "b"},
                     {"data", {{"v", "tablet"}}},
                     {"updated_at", "2026-11-24T10:00:00.000Z"}});
  ASSERT_EQ(call(*tablet, Json{{"op", "sync"}})["ok"], true);
  EXPECT_EQ(find(call(*tablet, Json{{"op", "records"}}), "b")["sync_status"], "conflict");
  const auto detail = find(call(*tablet, Json{{"op", "records_detail"}}), "b");
  EXPECT_EQ(detail["data"], (Json{{"v", "tablet"}}));
  EXPECT_EQ(detail["server"]["data"], (Json{{"v", "phone"}}));
  EXPECT_EQ(detail["server"]["version"], 1);
  auto state = call(*tablet, Json{{"op", "state"}})["state"];
  EXPECT_EQ(state["conflicts"], 1);

  EXPECT_EQ(call(*tablet, Json{{"op", "resolve"},
                               {"table", "budgets"},
                               {"id", "b"},
                               {"choice", "merged"}})["error"],
            "resolve: field \"data\" is missing");
  ASSERT_EQ(call(*tablet, Json{{"op", "resolve"},
                               {"table", "budgets"},
                               {"id", "b"},
                               {"choice", "merged"},
                               {"data", {{"v", "both"}}}}),
            (Json{{"ok", true}}));
  const auto resolved = find(call(*tablet, Json{{"op", "records_detail"}}), "b");
  EXPECT_EQ(resolved["sync_status"], "synced");
  EXPECT_EQ(resolved["data"], (Json{{"v", "both"}}));
  EXPECT_EQ(resolved["version"], 2);
  EXPECT_GT(resolved["updated_at"].get<std::string>(), "2026-11-24T11:00:00.000Z");
  EXPECT_FALSE(resolved.contains("server"));
  ASSERT_EQ(call(*phone, Json{{"op", "sync"}})["ok"], true);
  EXPECT_EQ(find(call(*phone, Json{{"op", "records"}}), "b")["data"], (Json{{"v", "both"}}));
  const auto again = call(
      *tablet, Json{{"op", "resolve"}, {"table", "budgets"}, {"id", "b"}, {"choice", "server"}});
  EXPECT_EQ(again["ok"], false);
  EXPECT_NE(again["error"].get<std::string>().find("not_in_conflict"), std::string::npos);
}

TEST_F(ReferenceDriverTest, ClockForegroundAndState) {
  auto d = make_driver("phone");
  EXPECT_EQ(call(*d, Json{{"op", "clock"}, {"now", "noon"}})["ok"], false);
  ASSERT_EQ(call(*d, Json{{"op", "clock"}, {"now", "2026-11-24T10:00:00.000Z"}}),
            (Json{{"ok", true}}));
  ASSERT_EQ(call(*d, init_request("phone"))["ok"], true);
  EXPECT_EQ(call(*d, Json{{"op", "state"}}), (Json{{"ok", true},
                                                   {"state",
                                                    {{"syncing", false},
                                                     {"last_sync_at", nullptr},
                                                     {"pending", 0},
                                                     {"conflicts", 0},
                                                     {"error", nullptr}}}}));
  call(*d, Json{{"op", "put"}, {"table", "transactions"}, {"id", "a"}, {"data", {{"n", 1}}}});
  const auto a = find(call(*d, Json{{"op", "records"}}), "a");
  EXPECT_EQ(a["updated_at"].get<std::string>().substr(0, 20), "2026-11-24T10:00:00.");
  EXPECT_EQ(call(*d, Json{{"op", "state"}})["state"]["pending"], 1);

  EXPECT_EQ(call(*d, Json{{"op", "foreground"}}), (Json{{"ok", true}, {"synced", true}}))
      << "never synced";
  auto state = call(*d, Json{{"op", "state"}})["state"];
  EXPECT_EQ(state["pending"], 0);
  ASSERT_TRUE(state["last_sync_at"].is_string());
  EXPECT_EQ(state["last_sync_at"].get<std::string>().substr(0, 17), "2026-11-24T10:00:");
  EXPECT_EQ(call(*d, Json{{"op", "foreground"}}), (Json{{"ok", true}, {"synced", false}}))
      << "synced moments ago";
  call(*d, Json{{"op", "clock"}, {"now", "2026-11-24T10:04:00.000Z"}});
  EXPECT_EQ(call(*d, Json{{"op", "foreground"}})["synced"], false) << "4 minutes";
  call(*d, Json{{"op", "clock"}, {"now", "2026-11-24T10:06:00.000Z"}});
  EXPECT_EQ(call(*d, Json{{"op", "foreground"}})["synced"], true) << "6 minutes";
}

TEST_F(ReferenceDriverTest, FailedSyncShowsInForegroundAndState) {
  auto d = make_driver("phone");
  auto request = init_request("phone", "http://down.invalid");
  request["upload_key"] = false;
  ASSERT_EQ(call(*d, request)["ok"], true);
  call(*d, Json{{"op", "put"}, {"table", "transactions"}, {"id", "a"}, {"data", {{"n", 1}}}});
  const auto fg = call(*d, Json{{"op", "foreground"}});
  EXPECT_EQ(fg["ok"], false);
  EXPECT_EQ(fg["synced"], true);
  EXPECT_NE(fg["error"].get<std::string>().find("connect"), std::string::npos);
  const auto state = call(*d, Json{{"op", "state"}})["state"];
  EXPECT_TRUE(state["error"].is_string());
  EXPECT_TRUE(state["last_sync_at"].is_null());
  EXPECT_EQ(state["pending"], 1);
  EXPECT_EQ(call(*d, Json{{"op", "sync"}})["ok"], false);
  auto key_down = init_request("phone", "http://down.invalid");
  const auto init = call(*d, key_down);
  EXPECT_EQ(init["ok"], false);
  EXPECT_NE(init["error"].get<std::string>().find("key upload failed"), std::string::npos);
}

TEST_F(ReferenceDriverTest, PushPullCursorAndStartCursor) {
  auto phone = make_driver("phone");
  ASSERT_EQ(call(*phone, init_request("phone"))["ok"], true);
  EXPECT_EQ(call(*phone, Json{{"op", "cursor"}}), (Json{{"ok", true}, {"cursor", ""}}));
  call(*phone, Json{{"op", "put"}, {"table", "transactions"}, {"id", "a"}, {"data", {{"n", 1}}}});
  ASSERT_EQ(call(*phone, Json{{"op", "push"}}), (Json{{"ok", true}}));
  EXPECT_EQ(call(*phone, Json{{"op", "cursor"}})["cursor"], "") << "push alone does not pull";
  ASSERT_EQ(call(*phone, Json{{"op", "pull"}}), (Json{{"ok", true}}));
  const std::string cursor = call(*phone, Json{{"op", "cursor"}})["cursor"];
  EXPECT_FALSE(cursor.empty());
  // A device that starts at that cursor never sees the earlier record.
  auto late = make_driver("late");
  auto request = init_request("late");
  request["cursor"] = cursor;
  ASSERT_EQ(call(*late, request)["ok"], true);
  ASSERT_EQ(call(*late, Json{{"op", "sync"}})["ok"], true);
  EXPECT_EQ(call(*late, Json{{"op", "records"}})["records"], Json::array());
}

TEST_F(ReferenceDriverTest, InitGivesAFreshEmptyDevice) {
  auto d = make_driver("phone");
  ASSERT_EQ(call(*d, init_request("phone"))["ok"], true);
  call(*d, Json{{"op", "put"}, {"table", "transactions"}, {"id", "a"}, {"data", {{"n", 1}}}});
  ASSERT_EQ(call(*d, init_request("phone"))["ok"], true);
  EXPECT_EQ(call(*d, Json{{"op", "records"}})["records"], Json::array());
}

TEST_F(ReferenceDriverTest, QuitClosesAndRemovesTheDeviceFile) {
  auto d = make_driver("phone");
  ASSERT_EQ(call(*d, init_request("phone"))["ok"], true);
  EXPECT_TRUE(std::filesystem::exists(dir.path() / "phone.sqlite"));
  EXPECT_FALSE(d->has_quit());
  EXPECT_EQ(call(*d, Json{{"op", "quit"}}), (Json{{"ok", true}}));
  EXPECT_TRUE(d->has_quit());
  EXPECT_FALSE(std::filesystem::exists(dir.path() / "phone.sqlite"));
  EXPECT_EQ(call(*d, Json{{"op", "records"}})["error"], "records: the device has quit");
}

TEST_F(ReferenceDriverTest, MutationsReachTheDevice) {
  client::ClientMutations never;
  never.foreground_never_syncs = true;
  auto d = make_driver("phone", never);
  ASSERT_EQ(call(*d, init_request("phone"))["ok"], true);
  EXPECT_EQ(call(*d, Json{{"op", "foreground"}}), (Json{{"ok", true}, {"synced", false}}));
}

// The same seam over real sockets: the default transport against a loopback mock server.
class ReferenceDriverLoopback : public ::testing::Test {
 protected:
  void SetUp() override {
    auto started = runner::EmbeddedServer::start("", 2);
    ASSERT_TRUE(started) << started.error().message;
    server = std::move(started).value();
  }
  std::unique_ptr<ReferenceDriver> make_driver(const std::string& name) {
    ReferenceDriverOptions options;
    options.io = &io;
    options.dir = dir.path();
    options.file_name = name + ".sqlite";
    return std::make_unique<ReferenceDriver>(std::move(options));
  }
  Json call(DeviceDriver& driver, Json request) {
    std::optional<Json> reply;
    driver.call(std::move(request), [&](Json r) { reply = std::move(r); });
    EXPECT_FALSE(reply) << "answered inside call()";
    io.restart();
    for (int i = 0; i < 1000 && !reply; ++i) io.run_one_for(std::chrono::seconds(10));
    EXPECT_TRUE(reply);
    return reply.value_or(Json());
  }
  Json init_request(const std::string& device_id, const std::string& url) {
    return Json{{"op", "init"},
                {"server", url},
                {"token", server->tokens().at(0)},
                {"public_key", keys.public_key.to_base64()},
                {"secret_key", keys.secret_key.to_base64()},
                {"device_id", device_id}};
  }

  std::unique_ptr<runner::EmbeddedServer> server;
  net::testing::TempDir dir;
  boost::asio::io_context io;
  crypto::KeyPair keys = crypto::KeyPair::generate();
};

TEST_F(ReferenceDriverLoopback, TwoDevicesSyncOverHttp) {
  auto phone = make_driver("phone");
  auto tablet = make_driver("tablet");
  ASSERT_EQ(call(*phone, init_request("phone", server->url())), (Json{{"ok", true}}));
  ASSERT_EQ(call(*tablet, init_request("tablet", server->url())), (Json{{"ok", true}}));
  call(*phone, Json{{"op", "put"}, {"table", "receipts"}, {"id", "r1"}, {"data", {{"total", 3}}}});
  ASSERT_EQ(call(*phone, Json{{"op", "sync"}}), (Json{{"ok", true}}));
  ASSERT_EQ(call(*tablet, Json{{"op", "sync"}}), (Json{{"ok", true}}));
  const auto records = call(*tablet, Json{{"op", "records"}})["records"];
  ASSERT_EQ(records.size(), 1u);
  EXPECT_EQ(records[0]["data"], (Json{{"total", 3}}));
  EXPECT_EQ(records[0]["sync_status"], "synced");
}

TEST_F(ReferenceDriverLoopback, UnusableUrlIsNamed) {
  auto d = make_driver("phone");
  EXPECT_EQ(call(*d, init_request("phone", "ftp://example"))["error"],
            "init: cannot use server URL ftp://example");
}

TEST_F(ReferenceDriverLoopback, DestroyedDriverStillAnswersEachCallOnce) {
  auto d = make_driver("phone");
  ASSERT_EQ(call(*d, init_request("phone", server->url()))["ok"], true);
  int answers = 0;
  Json reply;
  d->call(Json{{"op", "sync"}}, [&](Json r) {
    ++answers;
    reply = std::move(r);
  });
  d.reset();  // the sync is in flight
  io.restart();
  for (int i = 0; i < 1000 && answers == 0; ++i) io.run_one_for(std::chrono::seconds(10));
  io.restart();
  io.poll();
  EXPECT_EQ(answers, 1);
  EXPECT_EQ(reply["ok"], false);
}

}  // namespace
}  // namespace syncsuite::driver

#include "reference/client/mutations.hpp"

#include <gtest/gtest.h>

#include <cctype>
#include <set>
#include <string>

#include "reference/core/base64.hpp"
#include "reference/crypto/record_box.hpp"
#include "tests/unit/reference/client/client_fixture.hpp"

namespace syncsuite::client {
namespace {

using nlohmann::json;
using test::DeviceSetup;
using test::FaultyTransport;

TEST(ClientMutationsTable, EmptyNameIsTheCorrectClient) {
  auto clean = ClientMutations::from_name("");
  ASSERT_TRUE(clean);
  EXPECT_EQ(*clean, ClientMutations{});
}

TEST(ClientMutationsTable, UnknownNameListsTheValidOnes) {
  auto unknown = ClientMutations::from_name("no-such-slip");
  ASSERT_FALSE(unknown);
  EXPECT_EQ(unknown.error().code, "unknown_mutant");
  EXPECT_NE(unknown.error().message.find("nonce-reuse"), std::string::npos);
}

TEST(ClientMutationsTable, EachNameSetsItsOwnFlag) {
  std::set<std::string> names;
  std::vector<ClientMutations> seen;
  for (const auto& info : client_mutants()) {
    EXPECT_TRUE(names.insert(info.name).second) << "duplicate name " << info.name;
    EXPECT_FALSE(info.section.empty()) << info.name;
    EXPECT_FALSE(info.description.empty()) << info.name;
    auto m = ClientMutations::from_name(info.name);
    ASSERT_TRUE(m) << info.name;
    EXPECT_NE(*m, ClientMutations{}) << info.name << " sets no flag";
    for (const auto& other : seen) EXPECT_NE(*m, other) << info.name << " shares a flag";
    seen.push_back(*m);
  }
  EXPECT_GE(client_mutants().size(), 12u);
}

TEST(ClientMutationsTable, SpreadOverEveryArea) {
  std::set<std::string> areas;
  for (const auto& info : client_mutants()) areas.insert(info.area);
  for (const char* area : {"crypto", "push", "pull", "resolve", "auto-sync", "sync-state"}) {
    EXPECT_TRUE(areas.count(area)) << "no mutant in " << area;
  }
}

// Each case is a small story whose contract property holds for the correct client and breaks
// for the mutant: the device under test gets the mutations, helper devices are correct.
class ClientMutants;
struct MutantCase {
  std::string name;
  bool (ClientMutants::*holds)(const ClientMutations&);
};

class ClientMutants : public test::OverStoresWith<MutantCase> {
 public:
  // Runs a story on a fresh account, transport and clock, with devices named for the run.
  bool story(const std::string& run, const ClientMutations& m) {
    auto account = service->create_account();
    EXPECT_TRUE(account);
    token = account ? *account : token;
    wire = std::make_unique<FaultyTransport>(*memory);
    now = test::at("2026-11-24T10:00:00.000Z");
    run_ = run;
    return (this->*param().holds)(m);
  }

  std::unique_ptr<Device> dev(const std::string& name, DeviceSetup setup = {}) {
    return open_device(run_ + "-" + name, std::move(setup));
  }
  static DeviceSetup with(const ClientMutations& m) {
    DeviceSetup s;
    s.mutations = m;
    return s;
  }
  // A pull answer whose first record no longer opens (its ciphertext replaced by zeros).
  static protocol::HttpResponse corrupt_first(const protocol::HttpRequest&,
                                              protocol::HttpResponse response) {
    auto body = json::parse(response.body);
    body["records"][0]["ciphertext"] = base64::encode(base64::Bytes(32, 0));
    response.body = body.dump();
    return response;
  }

  // ---- crypto ----
  bool nonce_reuse(const ClientMutations& m) {
    auto d = dev("phone", with(m));
    EXPECT_TRUE(d->put("transactions", "a", {{"n", 1}}));
    EXPECT_TRUE(d->put("transactions", "b", {{"n", 2}}));
    EXPECT_TRUE(push(*d).ok());
    const auto records = pushed(1);
    return records.size() == 2 && records[0]["nonce"] != records[1]["nonce"];
  }
  bool plaintext_leak(const ClientMutations& m) {
    auto d = dev("phone", with(m));
    EXPECT_TRUE(d->put("transactions", "a", {{"memo", "canary-7f3a9c"}}));
    EXPECT_TRUE(push(*d).ok());
    return wire->requests().at(0).body.find("canary-7f3a9c") == std::string::npos;
  }
  bool tombstone_plaintext(const ClientMutations& m) {
    auto d = dev("phone", with(m));
    EXPECT_TRUE(d->put("transactions", "a", {{"n", 1}}));
    EXPECT_TRUE(d->remove("transactions", "a"));
    EXPECT_TRUE(push(*d).ok());
    const auto record = pushed(1).at(0);
    EXPECT_EQ(record["deleted"], true);
    const crypto::RecordBox box(keys.public_key, keys.secret_key);
    auto plain =
        box.open(record["nonce"].get<std::string>(), record["ciphertext"].get<std::string>());
    return plain && *plain == "{}";
  }

  // ---- push ----
  bool reseal_on_retry(const ClientMutations& m) {
    auto d = dev("phone", with(m));
    EXPECT_TRUE(d->put("transactions", "a", {{"n", 1}}));
    wire->fail(1, FaultyTransport::Fault::lose_answer);
    EXPECT_FALSE(push(*d).ok());
    const bool retried_ok = push(*d).ok();
    return retried_ok && pushed(1) == pushed(2) &&
           find(*d, "transactions", "a")->sync_status == RecordStatus::synced;
  }
  bool batch_over_500(const ClientMutations& m) {
    auto d = dev("phone", with(m));
    for (int i = 0; i < 501; ++i) {
      EXPECT_TRUE(d->put("transactions", "r" + std::to_string(i), {{"i", i}}));
    }
    const bool ok = push(*d).ok();
    for (const auto& request : wire->requests()) {
      if (json::parse(request.body)["records"].size() > 500) return false;
    }
    return ok;
  }
  bool failed_push_marked_synced(const ClientMutations& m) {
    auto d = dev("phone", with(m));
    EXPECT_TRUE(d->put("transactions", "a", {{"n", 1}}));
    wire->fail(1, FaultyTransport::Fault::server_error);
    EXPECT_FALSE(push(*d).ok());
    return find(*d, "transactions", "a")->sync_status == RecordStatus::pending;
  }
  bool edit_during_push_synced(const ClientMutations& m) {
    auto d = dev("phone", with(m));
    EXPECT_TRUE(d->put("transactions", "a", {{"n", 1}}));
    // The edit lands after the server accepted the push and before the device applies the answer.
    wire->rewrite(1, [&d](const protocol::HttpRequest&, protocol::HttpResponse response) {
      EXPECT_TRUE(d->put("transactions", "a", {{"n", 2}}));
      return response;
    });
    EXPECT_TRUE(push(*d).ok());
    return find(*d, "transactions", "a")->sync_status == RecordStatus::pending;
  }

  // ---- pull ----
  bool ignore_has_more(const ClientMutations& m) {
    auto writer = dev("writer");
    for (const char* id : {"x1", "x2", "x3"})
      EXPECT_TRUE(writer->put("transactions", id, {{"n", 1}}));
    EXPECT_TRUE(sync(*writer).ok());
    auto setup = with(m);
    setup.pull_limit = 1;
    auto reader = dev("reader", std::move(setup));
    EXPECT_TRUE(pull(*reader).ok());
    return reader->records()->size() == 3;
  }
  bool cursor_before_apply(const ClientMutations& m) {
    auto writer = dev("writer");
    EXPECT_TRUE(writer->put("transactions", "x1", {{"n", 1}}));
    EXPECT_TRUE(writer->put("transactions", "x2", {{"n", 2}}));
    EXPECT_TRUE(sync(*writer).ok());
    FaultyTransport reader_wire(*memory);
    reader_wire.rewrite(1, corrupt_first);
    auto setup = with(m);
    setup.transport = &reader_wire;
    auto reader = dev("reader", std::move(setup));
    EXPECT_FALSE(pull(*reader).ok());
    EXPECT_TRUE(pull(*reader).ok());  // the next pull, the server's bytes intact
    return reader->records()->size() == 2;
  }
  bool undecryptable_skipped(const ClientMutations& m) {
    auto writer = dev("writer");
    EXPECT_TRUE(writer->put("transactions", "x1", {{"n", 1}}));
    EXPECT_TRUE(writer->put("transactions", "x2", {{"n", 2}}));
    EXPECT_TRUE(sync(*writer).ok());
    FaultyTransport reader_wire(*memory);
    reader_wire.rewrite(1, corrupt_first);
    auto setup = with(m);
    setup.transport = &reader_wire;
    auto reader = dev("reader", std::move(setup));
    const auto report = pull(*reader);
    return !report.ok() && report.error->code == "decrypt_failed" && reader->cursor()->empty();
  }
  bool conflict_overwritten(const ClientMutations& m) {
    auto writer = dev("writer");
    EXPECT_TRUE(writer->put("transactions", "x", {{"v", "server"}}, "2026-11-24T10:00:00.000Z"));
    EXPECT_TRUE(sync(*writer).ok());
    auto d = dev("phone", with(m));
    EXPECT_TRUE(d->put("transactions", "x", {{"v", "local"}}, "2026-11-24T11:00:00.000Z"));
    EXPECT_TRUE(pull(*d).ok());
    const auto x = find(*d, "transactions", "x");
    return x->sync_status == RecordStatus::conflict && x->data == json{{"v", "local"}};
  }

  // ---- resolve ----
  bool resolve_stale_version(const ClientMutations& m) {
    auto writer = dev("writer");
    EXPECT_TRUE(writer->put("transactions", "x", {{"v", 1}}, "2026-11-24T10:00:00.000Z"));
    EXPECT_TRUE(sync(*writer).ok());
    auto d = dev("phone", with(m));
    EXPECT_TRUE(pull(*d).ok());  // x at version 1
    EXPECT_TRUE(writer->put("transactions", "x", {{"v", 2}}, "2026-11-24T12:00:00.000Z"));
    EXPECT_TRUE(sync(*writer).ok());  // x at version 2
    EXPECT_TRUE(d->put("transactions", "x", {{"v", 3}}, "2026-11-24T11:00:00.000Z"));
    EXPECT_TRUE(push(*d).ok());
    EXPECT_EQ(find(*d, "transactions", "x")->sync_status, RecordStatus::conflict);
    return resolve(*d, "transactions", "x", Resolution::local).ok();
  }
  bool merged_keeps_old_time(const ClientMutations& m) {
    auto writer = dev("writer");
    EXPECT_TRUE(writer->put("transactions", "x", {{"v", 1}}, "2026-11-24T11:00:00.000Z"));
    EXPECT_TRUE(sync(*writer).ok());
    auto d = dev("phone", with(m));
    EXPECT_TRUE(d->put("transactions", "x", {{"v", 2}}, "2026-11-24T10:30:00.000Z"));
    EXPECT_TRUE(push(*d).ok());
    EXPECT_EQ(find(*d, "transactions", "x")->sync_status, RecordStatus::conflict);
    EXPECT_TRUE(resolve(*d, "transactions", "x", Resolution::merged, json{{"v", 3}}).ok());
    return find(*d, "transactions", "x")->updated_at > "2026-11-24T11:00:00.000Z";
  }

  // ---- auto-sync ----
  bool foreground_always_syncs(const ClientMutations& m) {
    auto d = dev("phone", with(m));
    EXPECT_TRUE(sync(*d).ok());
    now += 60 * 1000;  // one minute later
    return !d->should_auto_sync(true);
  }
  bool foreground_never_syncs(const ClientMutations& m) {
    auto d = dev("phone", with(m));
    return d->should_auto_sync(true);  // never synced
  }

  // ---- sync state ----
  bool state_error_sticky(const ClientMutations& m) {
    auto d = dev("phone", with(m));
    EXPECT_TRUE(d->put("transactions", "a", {{"n", 1}}));
    wire->fail(1, FaultyTransport::Fault::server_error);
    EXPECT_FALSE(sync(*d).ok());
    EXPECT_FALSE(d->state().last_error.empty());
    EXPECT_TRUE(sync(*d).ok());
    return d->state().last_error.empty() && d->state().status == SyncStatus::idle;
  }
  bool state_pending_new_only(const ClientMutations& m) {
    auto d = dev("phone", with(m));
    EXPECT_TRUE(d->put("transactions", "a", {{"n", 1}}));
    EXPECT_TRUE(sync(*d).ok());
    EXPECT_TRUE(d->put("transactions", "a", {{"n", 2}}));
    return d->state().pending_count == 1;
  }
  bool state_last_sync_on_failure(const ClientMutations& m) {
    auto d = dev("phone", with(m));
    EXPECT_TRUE(d->put("transactions", "a", {{"n", 1}}));
    wire->fail(1, FaultyTransport::Fault::server_error);
    EXPECT_FALSE(sync(*d).ok());
    return !d->state().last_sync_at.has_value();
  }

 private:
  std::string run_;
};

TEST_P(ClientMutants, CleanClientHoldsTheRuleAndTheMutantBreaksIt) {
  EXPECT_TRUE(story("clean", ClientMutations{})) << "the correct client breaks the rule";
  auto mutant = ClientMutations::from_name(param().name);
  ASSERT_TRUE(mutant) << mutant.error().message;
  EXPECT_FALSE(story("mutant", *mutant)) << param().name << " behaves like the correct client";
}

const std::vector<MutantCase>& cases() {
  static const std::vector<MutantCase> table = {
      {"nonce-reuse", &ClientMutants::nonce_reuse},
      {"plaintext-leak", &ClientMutants::plaintext_leak},
      {"tombstone-plaintext", &ClientMutants::tombstone_plaintext},
      {"reseal-on-retry", &ClientMutants::reseal_on_retry},
      {"batch-over-500", &ClientMutants::batch_over_500},
      {"failed-push-marked-synced", &ClientMutants::failed_push_marked_synced},
      {"edit-during-push-synced", &ClientMutants::edit_during_push_synced},
      {"ignore-has-more", &ClientMutants::ignore_has_more},
      {"cursor-before-apply", &ClientMutants::cursor_before_apply},
      {"undecryptable-skipped", &ClientMutants::undecryptable_skipped},
      {"conflict-overwritten", &ClientMutants::conflict_overwritten},
      {"resolve-stale-version", &ClientMutants::resolve_stale_version},
      {"merged-keeps-old-time", &ClientMutants::merged_keeps_old_time},
      {"foreground-always-syncs", &ClientMutants::foreground_always_syncs},
      {"foreground-never-syncs", &ClientMutants::foreground_never_syncs},
      {"state-error-sticky", &ClientMutants::state_error_sticky},
      {"state-pending-new-only", &ClientMutants::state_pending_new_only},
      {"state-last-sync-on-failure", &ClientMutants::state_last_sync_on_failure},
  };
  return table;
}

TEST(ClientMutationsTable, EveryMutantHasAStory) {
  std::set<std::string> covered;
  for (const auto& c : cases()) covered.insert(c.name);
  for (const auto& info : client_mutants()) EXPECT_TRUE(covered.count(info.name)) << info.name;
  EXPECT_EQ(covered.size(), client_mutants().size());
}

// "nonce-reuse" -> "NonceReuse"
std::string camel(const std::string& name) {
  std::string out;
  bool upper = true;
  for (char c : name) {
    if (!std::isalnum(static_cast<unsigned char>(c))) {
      upper = true;
      continue;
    }
    out += upper ? static_cast<char>(std::toupper(static_cast<unsigned char>(c))) : c;
    upper = false;
  }
  return out;
}

INSTANTIATE_TEST_SUITE_P(All, ClientMutants,
                         ::testing::Combine(::testing::ValuesIn(cases()), test::all_stores()),
                         [](const auto& info) {
                           return camel(std::get<0>(info.param).name) +
                                  test::store_suffix(std::get<1>(info.param));
                         });

}  // namespace
}  // namespace syncsuite::client

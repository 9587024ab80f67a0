#include "reference/server/write_rules.hpp"

#include <gtest/gtest.h>

namespace syncsuite::server {
namespace {

protocol::Envelope envelope(const char* updated_at, const char* nonce = "n1",
                            bool deleted = false) {
  protocol::Envelope e;
  e.table = "t";
  e.id = "a";
  e.updated_at = updated_at;
  e.deleted = deleted;
  e.nonce = nonce;
  e.ciphertext = "c";
  e.version = 3;
  return e;
}

constexpr const char* kT0 = "2026-11-24T10:00:00.000Z";
constexpr const char* kT1 = "2026-11-24T10:00:00.001Z";

TEST(WriteRules, CorrectServer) {
  const Mutations none;
  const auto stored = envelope(kT0);
  EXPECT_EQ(decide_write(std::nullopt, stored, none), WriteAction::insert);
  auto retry = stored;
  retry.version.reset();  // versions play no part in "identical"
  EXPECT_EQ(decide_write(stored, retry, none), WriteAction::retry);
  EXPECT_EQ(decide_write(stored, envelope(kT1, "n2"), none), WriteAction::overwrite);
  EXPECT_EQ(decide_write(stored, envelope(kT0, "n2"), none), WriteAction::conflict);
  EXPECT_EQ(decide_write(stored, envelope(kT0, "n1", true), none), WriteAction::conflict);
  EXPECT_EQ(decide_write(envelope(kT1), envelope(kT0, "n2"), none), WriteAction::conflict);
  EXPECT_EQ(decide_write(envelope("2026-11-24T09:59:59.999Z"), envelope(kT0, "n2"), none),
            WriteAction::overwrite);
}

TEST(WriteRules, Mutants) {
  Mutations retry;
  retry.retry_bumps_version = true;
  EXPECT_EQ(decide_write(envelope(kT0), envelope(kT0), retry), WriteAction::overwrite);
  Mutations tie;
  tie.tie_overwrites = true;
  EXPECT_EQ(decide_write(envelope(kT0), envelope(kT0, "n2"), tie), WriteAction::overwrite);
  EXPECT_EQ(decide_write(envelope(kT1), envelope(kT0, "n2"), tie), WriteAction::conflict);
  Mutations last;
  last.no_conflict_check = true;
  EXPECT_EQ(decide_write(envelope(kT1), envelope(kT0, "n2"), last), WriteAction::overwrite);
  EXPECT_EQ(decide_write(envelope(kT1), envelope(kT1), last), WriteAction::retry);
}

}  // namespace
}  // namespace syncsuite::server

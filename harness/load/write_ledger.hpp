#pragma once
// What the devices of one account sealed and sent, and what the server acknowledged: the truth the
// final check compares the devices' copies with. A write is acknowledged when the server answered
// `accepted` (push) or 200 (resolve); a write sent without a valid answer has an unknown outcome
// (neither lost nor kept). Writes that can no longer be the final copy (older than the newest
// acknowledged one, or refused) are dropped, so memory stays bounded by the records in use.
// Owned by the worker that runs all devices of the account: no locks.
#include <cstdint>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "harness/load/payload.hpp"
#include "reference/core/timestamp.hpp"

namespace syncsuite::load {

// One sealed body: the payload of `w` (`bytes` long), or a tombstone ({}).
struct SealedWrite {
  WriteId w = 0;
  std::uint32_t bytes = 0;
  bool deleted = false;
  friend bool operator==(const SealedWrite&, const SealedWrite&) = default;
};

class WriteLedger {
 public:
  void sent(std::uint32_t record, timestamp::Millis updated_at, const SealedWrite& write);
  void answered(std::uint32_t record, timestamp::Millis updated_at, const SealedWrite& write,
                bool stored);

  struct Verdict {
    enum class Kind { fine, unwritten, lost, unknown_copy } kind = Kind::fine;
    std::optional<timestamp::Millis> acknowledged;  // newest acknowledged edit time, if any
    std::optional<SealedWrite> expected;            // the write the copy was matched to
  };
  // Judges one server copy of `record` (nullopt: the device holds none): lost when an
  // acknowledged write is newer than the copy (or there is no copy), unknown_copy when the copy
  // is no write the run sent for it, unwritten when the run never sent a write for it.
  Verdict judge(std::uint32_t record, std::optional<timestamp::Millis> updated_at, bool deleted,
                WriteId w) const;

  std::uint64_t acknowledged() const { return acknowledged_; }
  std::uint64_t unknown_outcome() const;  // writes sent and never answered
  // Records the run sent writes for, ascending.
  std::vector<std::uint32_t> records() const;

 private:
  enum class State : std::uint8_t { unknown, stored };
  struct Write {
    timestamp::Millis updated_at = 0;
    SealedWrite sealed;
    State state = State::unknown;
  };
  struct History {
    std::optional<timestamp::Millis> acknowledged;  // newest acknowledged edit time
    std::vector<Write> writes;
  };
  std::unordered_map<std::uint32_t, History> records_;
  std::uint64_t acknowledged_ = 0;
};

}  // namespace syncsuite::load

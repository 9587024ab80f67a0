#include "harness/load/write_ledger.hpp"

#include <algorithm>

namespace syncsuite::load {

void WriteLedger::sent(std::uint32_t record, timestamp::Millis updated_at,
                       const SealedWrite& write) {
  auto& history = records_[record];
  for (const auto& w : history.writes) {
    if (w.updated_at == updated_at && w.sealed == write) return;  // a re-send after a failure
  }
  history.writes.push_back(Write{updated_at, write, State::unknown});
}

void WriteLedger::answered(std::uint32_t record, timestamp::Millis updated_at,
                           const SealedWrite& write, bool stored) {
  auto& history = records_[record];
  auto it = std::find_if(history.writes.begin(), history.writes.end(), [&](const Write& w) {
    return w.updated_at == updated_at && w.sealed == write;
  });
  if (!stored) {
    // Refused (a conflict): the server kept its copy; this one can never be the final copy.
    if (it != history.writes.end() && it->state == State::unknown) history.writes.erase(it);
    return;
  }
  if (it == history.writes.end()) {
    history.writes.push_back(Write{updated_at, write, State::unknown});
    it = std::prev(history.writes.end());
  }
  if (it->state != State::stored) {
    it->state = State::stored;
    ++acknowledged_;
  }
  if (!history.acknowledged || updated_at > *history.acknowledged) {
    history.acknowledged = updated_at;
    // Older stored writes were overwritten (last write wins); older unknown ones can no longer
    // win either, but stay counted as unknown outcomes.
    std::erase_if(history.writes, [&](const Write& w) {
      return w.state == State::stored && w.updated_at < updated_at;
    });
  }
}

WriteLedger::Verdict WriteLedger::judge(std::uint32_t record,
                                        std::optional<timestamp::Millis> updated_at, bool deleted,
                                        WriteId w) const {
  Verdict verdict;
  auto found = records_.find(record);
  if (found == records_.end()) {
    verdict.kind = Verdict::Kind::unwritten;
    return verdict;
  }
  const History& history = found->second;
  verdict.acknowledged = history.acknowledged;
  if (history.acknowledged && (!updated_at || *updated_at < *history.acknowledged)) {
    verdict.kind = Verdict::Kind::lost;
    return verdict;
  }
  if (!updated_at) return verdict;  // nothing acknowledged, nothing held: fine
  for (const auto& write : history.writes) {
    if (write.updated_at == *updated_at && write.sealed.deleted == deleted &&
        (deleted || write.sealed.w == w)) {
      verdict.expected = write.sealed;
      return verdict;
    }
  }
  verdict.kind = Verdict::Kind::unknown_copy;
  return verdict;
}

std::uint64_t WriteLedger::unknown_outcome() const {
  std::uint64_t n = 0;
  for (const auto& [record, history] : records_) {
    for (const auto& w : history.writes) n += w.state == State::unknown ? 1 : 0;
  }
  return n;
}

std::vector<std::uint32_t> WriteLedger::records() const {
  std::vector<std::uint32_t> out;
  out.reserve(records_.size());
  for (const auto& entry : records_) out.push_back(entry.first);
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace syncsuite::load

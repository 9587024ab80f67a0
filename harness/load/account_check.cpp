#include "harness/load/account_check.hpp"

#include <string_view>

namespace syncsuite::load {

namespace {

void problem(reports::CorrectnessResult& out, std::string text) {
  if (out.problems.size() < reports::CorrectnessResult::kMaxProblems) {
    out.problems.push_back(std::move(text));
  }
}

std::string copy_text(const HeldCopy* copy) {
  if (!copy) return "no copy";
  std::string text = timestamp::format(copy->updated_at);
  if (copy->deleted) return text + " (deleted)";
  if (auto w = payload_write(copy->data)) return text + " write " + std::to_string(*w >> 32) + "." + std::to_string(*w & 0xffffffffu);
  return text + " (names no write)";
}

bool same_copy(const HeldCopy* a, const HeldCopy* b) {
  if (!a || !b) return a == b;
  return a->updated_at == b->updated_at && a->deleted == b->deleted && a->data == b->data;
}

}  // namespace

void check_account(std::size_t account, const WriteLedger& ledger,
                   const std::vector<DeviceHoldings>& devices, reports::CorrectnessResult& out) {
  const std::string who = "account " + std::to_string(account);
  std::vector<const DeviceHoldings*> usable;
  for (const auto& device : devices) {
    if (!device.failure) {
      usable.push_back(&device);
      continue;
    }
    // A device that could not finish its final pull cannot vouch for anything: never a pass.
    if (device.failure_is_decrypt) {
      ++out.corrupted;
    } else {
      ++out.disagreements;
    }
    problem(out, who + " device " + device.device_id + ": final sync failed: " + *device.failure);
  }
  for (std::uint32_t record : ledger.records()) {
    ++out.records_checked;
    const std::string what = who + " record r" + std::to_string(record);
    bool lost = false;
    bool corrupted = false;
    const HeldCopy* first = nullptr;
    bool disagree = false;
    for (std::size_t i = 0; i < usable.size(); ++i) {
      auto it = usable[i]->copies.find(record);
      const HeldCopy* copy = it == usable[i]->copies.end() ? nullptr : &it->second;
      if (i == 0) {
        first = copy;
      } else if (!same_copy(first, copy)) {
        disagree = true;
      }
      const auto w = copy ? payload_write(copy->data) : std::nullopt;
      auto verdict = ledger.judge(record, copy ? std::optional(copy->updated_at) : std::nullopt,
                                  copy && copy->deleted, w.value_or(0));
      using Kind = WriteLedger::Verdict::Kind;
      if (verdict.kind == Kind::lost && !lost) {
        lost = true;
        problem(out, what + ": lost: a write acknowledged with updated_at " +
                         timestamp::format(*verdict.acknowledged) + ", but device " +
                         usable[i]->device_id + " holds " + copy_text(copy));
      } else if (verdict.kind == Kind::unknown_copy && !corrupted) {
        corrupted = true;
        problem(out, what + ": device " + usable[i]->device_id + " holds " + copy_text(copy) +
                         ", which no device of the account sealed for this record");
      } else if (verdict.kind == Kind::fine && verdict.expected && !corrupted) {
        const bool intact = copy->deleted
                                ? copy->data == nlohmann::json::object()
                                : payload_intact(copy->data, verdict.expected->w,
                                                 verdict.expected->bytes);
        if (!intact) {
          corrupted = true;
          problem(out, what + ": device " + usable[i]->device_id +
                           " decrypted a body that differs from what was sealed for " +
                           copy_text(copy));
        }
      }
    }
    if (disagree) {
      std::string text = what + ": the devices disagree on the server copy:";
      for (const auto* device : usable) {
        auto it = device->copies.find(record);
        text += " " + device->device_id + " holds " +
                copy_text(it == device->copies.end() ? nullptr : &it->second) + ";";
      }
      text.pop_back();
      problem(out, text);
    }
    out.lost += lost ? 1 : 0;
    out.corrupted += corrupted ? 1 : 0;
    out.disagreements += disagree ? 1 : 0;
  }
  out.acknowledged_writes += ledger.acknowledged();
  out.unknown_outcome += ledger.unknown_outcome();
}

}  // namespace syncsuite::load

#include "reference/server/seq_source.hpp"

#include <chrono>
#include <random>
#include <thread>

namespace syncsuite::server {
namespace {

// 0..20 ms: long enough, and varied enough, that concurrent pushes commit out of seq order.
std::chrono::milliseconds dawdle() {
  thread_local std::minstd_rand rng{std::random_device{}()};
  return std::chrono::milliseconds(std::uniform_int_distribution<int>(0, 20)(rng));
}

}  // namespace

SeqReservation SeqSource::reserve(std::size_t count) {
  SeqReservation reservation;
  if (!before_lock_ || count == 0) return reservation;
  const auto n = static_cast<std::int64_t>(count);
  const std::int64_t first = counter_.fetch_add(n) + 1;
  for (std::int64_t i = 0; i < n; ++i) reservation.seqs.push_back(first + i);
  std::this_thread::sleep_for(dawdle());
  return reservation;
}

Result<std::int64_t> SeqSource::next(ServerDb& db, std::int64_t owner,
                                     SeqReservation& reservation) {
  if (!before_lock_) {
    if (!reservation.last) {
      auto current = db.current_seq(owner);
      if (!current) return current;
      reservation.last = *current;
    }
    return ++*reservation.last;
  }
  const std::int64_t seq = reservation.used < reservation.seqs.size()
                               ? reservation.seqs[reservation.used++]
                               : counter_.fetch_add(1) + 1;
  if (auto st = db.raise_seq(owner, seq); !st) return st.error();  // keeps cursor validation working
  return seq;
}

Result<std::int64_t> SeqSource::next_run(ServerDb& db, std::int64_t owner,
                                         SeqReservation& reservation, std::size_t count) {
  auto first = next(db, owner, reservation);
  for (std::size_t i = 1; first && i < count; ++i) {
    if (auto seq = next(db, owner, reservation); !seq) return seq;
  }
  return first;
}

void SeqSource::put_back(SeqReservation& reservation, std::size_t count) const {
  if (!before_lock_ && reservation.last) *reservation.last -= static_cast<std::int64_t>(count);
}

Status SeqSource::finish(ServerDb& db, std::int64_t owner, const SeqReservation& reservation) {
  if (!reservation.last) return ok_status();
  return db.raise_seq(owner, *reservation.last);
}

}  // namespace syncsuite::server

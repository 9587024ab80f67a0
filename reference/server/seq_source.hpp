#pragma once
// Where a write's commit sequence number (the pull cursor's unit) comes from. Correctly it is
// drawn from the record owner's own sequence inside the write transaction, so seq order is
// commit order and a pull never moves past a write that commits later. The cursor-before-commit
// mutant draws it from one memory counter before the write lock, then dawdles: the "timestamp
// taken before commit" bug of contract section 5.
#include <atomic>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <vector>

#include "reference/core/result.hpp"
#include "reference/server/server_store.hpp"

namespace syncsuite::server {

// One request's sequence numbers: those it took before its transaction (the mutant only), or
// (correctly) the owner's counter read once inside the transaction and written back by finish().
struct SeqReservation {
  std::vector<std::int64_t> seqs;
  std::size_t used = 0;
  std::optional<std::int64_t> last;  // the highest seq handed out inside the transaction
};

class SeqSource {
 public:
  // `before_lock` selects the mutant; `current` is the highest seq of the database at start.
  SeqSource(bool before_lock, std::int64_t current) : before_lock_(before_lock), counter_(current) {}

  // Called by a push before it takes the write lock, with how many writes it may make.
  SeqReservation reserve(std::size_t count);
  // The seq of the owner's next write, inside the write transaction; finish() before commit.
  Result<std::int64_t> next(ServerDb& db, std::int64_t owner, SeqReservation& reservation);
  // The first of `count` consecutive seqs (the correct source; the mutant's may not be).
  Result<std::int64_t> next_run(ServerDb& db, std::int64_t owner, SeqReservation& reservation,
                                std::size_t count);
  // Undoes the last `count` next() of the correct source, whose writes did not happen: the
  // owner's next writes take those seqs, so the sequence has no gap.
  void put_back(SeqReservation& reservation, std::size_t count = 1) const;
  // Stores the owner's counter after the last next() of the request (one write per request).
  Status finish(ServerDb& db, std::int64_t owner, const SeqReservation& reservation);

 private:
  const bool before_lock_;
  std::atomic<std::int64_t> counter_;  // used only when before_lock_
};

}  // namespace syncsuite::server

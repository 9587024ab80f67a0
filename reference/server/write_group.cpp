#include "reference/server/write_group.hpp"

#include <exception>
#include <new>
#include <string>

namespace syncsuite::server {
namespace {

Status run_guarded(const WriteGroup::Work& work, ServerDb& db) {
  try {
    return work(db);
  } catch (const std::bad_alloc&) {
    return make_error("out_of_memory", "out of memory while writing");
  } catch (const std::exception& e) {
    return make_error("internal", std::string("internal error while writing: ") + e.what());
  }
}

}  // namespace

Status WriteGroup::run(ServerDb& db, const Work& work) {
  Waiter me{&work, ok_status()};
  std::unique_lock lock(mutex_);
  queue_.push_back(&me);
  finished_.wait(lock, [&] { return me.done || !writing_; });
  if (me.done) return me.outcome;  // a leader wrote and committed it

  writing_ = true;
  std::vector<Waiter*> group;
  group.swap(queue_);
  lock.unlock();
  write_group(db, group);
  lock.lock();
  for (Waiter* waiter : group) waiter->done = true;
  writing_ = false;
  lock.unlock();
  finished_.notify_all();
  return me.outcome;
}

std::size_t WriteGroup::waiting() {
  const std::lock_guard lock(mutex_);
  return queue_.size();
}

void WriteGroup::write_group(ServerDb& db, const std::vector<Waiter*>& group) {
  auto fail_all = [&](const Error& error) {
    for (Waiter* waiter : group) {
      if (waiter->outcome) waiter->outcome = error;
    }
  };
  auto tx = db.begin_write();
  if (!tx) return fail_all(tx.error());
  for (Waiter* waiter : group) {
    // A lone request needs no savepoint: its failure rolls the whole transaction back.
    if (group.size() > 1) {
      if (auto st = db.savepoint(); !st) {
        waiter->outcome = st;
        continue;
      }
    }
    waiter->outcome = run_guarded(*waiter->work, db);
    if (group.size() == 1) break;
    if (!waiter->outcome) {
      db.rollback_to_savepoint();
    } else if (auto st = db.release_savepoint(); !st) {
      db.rollback_to_savepoint();
      waiter->outcome = st;
    }
    if (!db.in_transaction()) {
      // SQLite rolled the whole group back: nothing of it is stored, so nobody may see success,
      // and the rest must not run outside a transaction.
      const Error lost = make_error(std::string(store::sqlite::kError),
                                    "the group's transaction was rolled back by the database");
      for (Waiter* other : group) {
        if (other->outcome) other->outcome = lost;
      }
      return;
    }
  }
  if (group.size() == 1 && !group.front()->outcome) return;  // ~Transaction rolls back
  if (auto st = tx->commit(); !st) fail_all(st.error());
}

}  // namespace syncsuite::server

#pragma once
// Group commit: concurrent write requests share one durable transaction. SQLite has one writer,
// and a second in-process writer that finds the lock taken backs off by sleeping milliseconds;
// queueing here instead means writers never meet on SQLite's lock, and one COMMIT (one fsync)
// makes a whole group durable. The first request to arrive while no group is being written leads:
// it takes every request queued so far, runs each inside its own savepoint of one BEGIN IMMEDIATE
// on its own connection, commits once and hands each request its outcome. No request learns
// "done" before the commit that holds its writes has returned, so a 200 is still durable
// (contract section 4.4).
#include <condition_variable>
#include <cstddef>
#include <functional>
#include <mutex>
#include <vector>

#include "reference/core/result.hpp"
#include "reference/server/server_store.hpp"

namespace syncsuite::server {

class WriteGroup {
 public:
  // A request's reads and writes, run on the leader's connection `db` inside the group's
  // transaction. An error (or an exception) undoes this request's writes only.
  using Work = std::function<Status(ServerDb& db)>;

  // Runs `work` in the next group, with `db` as the connection if this call leads. Returns the
  // work's own error, or the group's begin/commit error, or success once committed.
  Status run(ServerDb& db, const Work& work);

  // Requests queued for the next group (for tests that need a group of several).
  std::size_t waiting();

 private:
  struct Waiter {
    const Work* work;
    Status outcome;
    bool done = false;
  };

  static void write_group(ServerDb& db, const std::vector<Waiter*>& group);

  std::mutex mutex_;
  std::condition_variable finished_;
  std::vector<Waiter*> queue_;
  bool writing_ = false;
};

}  // namespace syncsuite::server

#pragma once
// What the engine asks the server to judge state expectations: the status counts, and the
// records of this run visible to a pull from the scenario's start cursor. Asynchronous, over any
// Transport; errors are Error{"probe", ...} naming the request and what was wrong.
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "harness/runner/accounts.hpp"
#include "reference/client/transport.hpp"
#include "reference/core/result.hpp"
#include "reference/protocol/envelope.hpp"

namespace syncsuite::runner {

struct StatusCounts {
  std::int64_t record_count = 0;
  std::int64_t conflict_count = 0;
  std::string cursor;
};

struct ServerRecord {
  protocol::Envelope envelope;        // version set
  std::optional<nlohmann::json> data;  // decrypted plaintext (canary included); nullopt if it did not open
  std::string open_error;             // why it did not open
};

using RecordKey = std::pair<std::string, std::string>;  // table, id
using RunRecords = std::map<RecordKey, ServerRecord>;

// Parses a 200 status answer (exposed for tests).
Result<StatusCounts> parse_status(const protocol::HttpResponse& response);

void fetch_status(client::Transport& transport, const std::string& token,
                  std::function<void(Result<StatusCounts>)> done);

// Follows the cursor from `since` (limit 1000, at most 1000 pages) and keeps the records whose id
// starts with "<run_prefix>-", the latest version of each.
void fetch_run_records(client::Transport& transport, const Account& account,
                       const std::string& since, const std::string& run_prefix,
                       std::function<void(Result<RunRecords>)> done);

// One walk of pulls for the `isolated` assertion: the records each page held.
struct PageWalk {
  std::string since;                                   // where it started ("" = the beginning)
  std::vector<std::vector<protocol::Envelope>> pages;  // every record of every page
  bool capped = false;                                 // stopped at max_pages, has_more still true
};

// Follows the cursor from `since` ("" sends no since: from the beginning) with pages of `limit`,
// at most `max_pages` pages.
void walk_pages(client::Transport& transport, const std::string& token, const std::string& since,
                int limit, int max_pages, std::function<void(Result<PageWalk>)> done);

}  // namespace syncsuite::runner

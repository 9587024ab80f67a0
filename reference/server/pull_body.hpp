#pragma once
// The 200 body of a pull, written straight into one string instead of through an nlohmann::json
// tree: building and dumping that tree (a std::map per record, an allocation per field) was most
// of a 1,000-record pull's CPU time. The bytes are those the tree would dump (keys in its sorted
// order, the same escaping), so clients see no change.
#include <string>
#include <vector>

#include "reference/server/mutations.hpp"
#include "reference/server/server_store.hpp"

namespace syncsuite::server {

std::string pull_body(const std::vector<StoredRecord>& records, const std::string& cursor,
                      bool has_more, const std::string& server_time, const Mutations& mutations);

}  // namespace syncsuite::server

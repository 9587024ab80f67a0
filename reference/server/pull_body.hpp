#pragma once
// The 200 body of a pull, written straight into one string (json_text.hpp): building and dumping
// an nlohmann::json tree was most of a 1,000-record pull's CPU time. Same bytes as the tree's.
#include <string>
#include <vector>

#include "reference/server/mutations.hpp"
#include "reference/server/server_store.hpp"

namespace syncsuite::server {

std::string pull_body(const std::vector<StoredRecord>& records, const std::string& cursor,
                      bool has_more, const std::string& server_time, const Mutations& mutations);

}  // namespace syncsuite::server

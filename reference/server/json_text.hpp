#pragma once
// JSON text written straight into a string, for the big bodies (pull pages, push results) where
// an nlohmann::json tree (a std::map per record, an allocation per field) cost most of the CPU.
// The bytes are those the tree would dump (keys in its sorted order, the same escaping).
#include <string>
#include <string_view>

#include "reference/protocol/envelope.hpp"
#include "reference/server/mutations.hpp"

namespace syncsuite::server {

// `text` as a JSON string.
void append_json_string(std::string& out, std::string_view text);
// record_json(envelope, mutations), dumped.
void append_record_json(std::string& out, const protocol::Envelope& envelope,
                        const Mutations& mutations);

}  // namespace syncsuite::server

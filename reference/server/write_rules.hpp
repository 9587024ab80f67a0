#pragma once
// Contract section 4.2 as a pure function: what a pushed record does against the stored one.
#include <optional>

#include "reference/protocol/envelope.hpp"
#include "reference/server/mutations.hpp"

namespace syncsuite::server {

enum class WriteAction {
  insert,     // no stored record: store as version 1
  retry,      // identical to the stored record: accepted, same version, nothing stored
  overwrite,  // later updated_at: store as version + 1 (last write wins)
  conflict,   // earlier or equal updated_at with other content: store nothing, mark conflicted
};

WriteAction decide_write(const std::optional<protocol::Envelope>& stored,
                         const protocol::EnvelopeView& pushed, const Mutations& mutations);

}  // namespace syncsuite::server

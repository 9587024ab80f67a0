#pragma once
// One StoredRecord packed into one string, the row of MemoryLocalStore: a status byte, flags,
// versions, then length-prefixed fields. Texts that decode exactly (canonical base64 nonces and
// ciphertexts, contract timestamps) are kept decoded, a quarter smaller and restored byte for
// byte; anything else is kept as given. The data stays JSON text. The table name is not packed:
// the store's table knows it.
#include <string>
#include <string_view>

#include "reference/client/local_store.hpp"

namespace syncsuite::client::packed {

std::string pack(const StoredRecord& record);
StoredRecord unpack(std::string_view row, std::string_view table);

// Cheap reads and the one in-place change a push makes, without unpacking the row.
std::string_view id_of(std::string_view row);
RecordStatus status_of(std::string_view row);
void set_status(std::string& row, RecordStatus status);

}  // namespace syncsuite::client::packed

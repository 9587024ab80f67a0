#pragma once
// What a load device seals: a JSON object that names its write and is padded to the profile's
// size, {"w":"<16 hex digits>","p":"<padding>"}. The padding follows from the write id, so the
// final check can tell from the decrypted record alone whether it is exactly what was sealed.
#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>

namespace syncsuite::load {

// A write's identity: the global device index in the high 32 bits, the device's count of writes
// in the low 32 (never 0: 0 marks a tombstone, whose body is {}).
using WriteId = std::uint64_t;
inline WriteId make_write_id(std::uint32_t device, std::uint32_t counter) {
  return (static_cast<std::uint64_t>(device) << 32) | counter;
}

// Record ids of a load run: "r<index>", index below records_per_account.
std::string record_name(std::uint32_t index);
std::optional<std::uint32_t> record_index(std::string_view id);

// The plaintext object of write `w`, its JSON text `bytes` long (or the shortest form, about 30
// bytes, when `bytes` is smaller).
nlohmann::json make_payload(WriteId w, std::uint32_t bytes);
// The write id a decrypted record names, nullopt when it names none.
std::optional<WriteId> payload_write(const nlohmann::json& data);
// True when `data` is exactly make_payload(w, bytes).
bool payload_intact(const nlohmann::json& data, WriteId w, std::uint32_t bytes);

}  // namespace syncsuite::load

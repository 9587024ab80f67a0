#pragma once
// Numbers and paths fixed by the sync contract, version 1 (../shared/contract.md).
#include <cstddef>
#include <string_view>

namespace syncsuite::protocol {

inline constexpr std::size_t kMaxBatchRecords = 500;            // 4: 1 to 500 records a push
inline constexpr std::size_t kMaxBodyBytes = 16u * 1024 * 1024;  // 4.1: larger bodies get 413
inline constexpr std::size_t kMaxCiphertextBytes = 1024 * 1024;  // 2: decoded ciphertext
inline constexpr std::size_t kMinCiphertextBytes = 16;           // 2: the MAC alone
inline constexpr std::size_t kNonceBytes = 24;                   // 2
inline constexpr std::size_t kPublicKeyBytes = 32;               // 3
inline constexpr std::size_t kMaxDeviceIdLength = 64;            // 4
inline constexpr int kDefaultPullLimit = 500;                    // 5
inline constexpr int kMaxPullLimit = 1000;                       // 5

inline constexpr std::string_view kPushPath = "/api/v1/sync/push/";
inline constexpr std::string_view kPullPath = "/api/v1/sync/pull/";
inline constexpr std::string_view kResolvePath = "/api/v1/sync/resolve/";
inline constexpr std::string_view kStatusPath = "/api/v1/sync/status/";
inline constexpr std::string_view kKeyPath = "/api/v1/sync/key/";

}  // namespace syncsuite::protocol

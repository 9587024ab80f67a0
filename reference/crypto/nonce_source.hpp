#pragma once
// Fresh 24-byte nonces without a system call per record. randombytes_buf costs a getrandom call
// each time; sealing draws one nonce per record, so that call dominated small records.
//
// Each thread keeps a ChaCha20 key seeded once from randombytes_buf and expands it into blocks of
// nonces (fast key erasure: every refill also produces the next key and the old one is gone, so a
// later memory dump does not reveal nonces already handed out). A fork() makes the child reseed
// (pthread_atfork bumps a generation the threads compare), so parent and child never share a
// stream. Uniqueness is probabilistic, as with randombytes: 192 random bits per nonce.
#include <array>
#include <cstdint>

namespace syncsuite::crypto {

// Writes 24 fresh nonce bytes to `out`. Thread-safe (per-thread state); needs sodium_init first.
void draw_nonce(std::uint8_t* out);

}  // namespace syncsuite::crypto

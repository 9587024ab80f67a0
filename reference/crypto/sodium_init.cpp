#include "reference/crypto/sodium_init.hpp"

#include <sodium.h>

#include <cstdio>
#include <cstdlib>

namespace syncsuite::crypto {

void ensure_sodium() {
  static const bool ready = [] {
    if (sodium_init() < 0) {
      std::fputs("syncsuite: libsodium failed to initialize\n", stderr);
      std::abort();
    }
    return true;
  }();
  (void)ready;
}

}  // namespace syncsuite::crypto

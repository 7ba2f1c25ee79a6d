// A hash for short keys (ids, owner names, team names) in the open-addressing
// tables of the validation and action-report hot paths: one or two loads
// cover a short key (first and last 8, or 4, bytes, overlapping), then
// MurmurHash3's 64-bit finalizer mixes every bit into the low bits a table
// indexes with. Not for persistence: values may change between versions.
#ifndef PMKIT_SRC_UTIL_SHORT_KEY_HASH_H_
#define PMKIT_SRC_UTIL_SHORT_KEY_HASH_H_

#include <cstdint>
#include <cstring>

#include "absl/strings/string_view.h"

namespace pmkit::internal {

inline uint64_t ShortKeyHash(absl::string_view s) {
  const char* p = s.data();
  const size_t n = s.size();
  uint64_t a = 0, b = 0;
  if (n >= 8) {
    std::memcpy(&a, p, 8);
    std::memcpy(&b, p + n - 8, 8);
    for (size_t i = 8; i + 8 < n; i += 8) {  // Longer keys: the middle too.
      uint64_t w;
      std::memcpy(&w, p + i, 8);
      a = (a ^ w) * 0x9E3779B97F4A7C15ull;
    }
  } else if (n >= 4) {
    uint32_t x, y;
    std::memcpy(&x, p, 4);
    std::memcpy(&y, p + n - 4, 4);
    a = x;
    b = y;
  } else if (n > 0) {
    a = static_cast<unsigned char>(p[0]) |
        static_cast<uint64_t>(static_cast<unsigned char>(p[n / 2])) << 8 |
        static_cast<uint64_t>(static_cast<unsigned char>(p[n - 1])) << 16;
  }
  uint64_t h = a ^ (b * 0xC2B2AE3D27D4EB4Full) ^ (static_cast<uint64_t>(n) << 56);
  h ^= h >> 33;
  h *= 0xFF51AFD7ED558CCDull;
  h ^= h >> 33;
  h *= 0xC4CEB9FE1A85EC53ull;
  return h ^ (h >> 33);
}

}  // namespace pmkit::internal

#endif  // PMKIT_SRC_UTIL_SHORT_KEY_HASH_H_

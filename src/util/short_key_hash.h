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

// The loads a short key is hashed from. For keys of at most
// kShortKeyExact bytes they cover every byte, so two such keys of the same
// length are equal exactly when their words are: a table can compare two
// words instead of calling memcmp.
struct ShortKeyWords {
  uint64_t a = 0;
  uint64_t b = 0;
  bool operator==(const ShortKeyWords& other) const { return a == other.a && b == other.b; }
};
inline constexpr size_t kShortKeyExact = 16;

inline ShortKeyWords ShortKeyWordsOf(absl::string_view s) {
  const char* p = s.data();
  const size_t n = s.size();
  ShortKeyWords w;
  if (n >= 8) {
    std::memcpy(&w.a, p, 8);
    std::memcpy(&w.b, p + n - 8, 8);
    for (size_t i = 8; i + 8 < n; i += 8) {  // Longer keys: the middle too.
      uint64_t m;
      std::memcpy(&m, p + i, 8);
      w.a = (w.a ^ m) * 0x9E3779B97F4A7C15ull;
    }
  } else if (n >= 4) {
    uint32_t x, y;
    std::memcpy(&x, p, 4);
    std::memcpy(&y, p + n - 4, 4);
    w.a = x;
    w.b = y;
  } else if (n > 0) {
    w.a = static_cast<unsigned char>(p[0]) |
          static_cast<uint64_t>(static_cast<unsigned char>(p[n / 2])) << 8 |
          static_cast<uint64_t>(static_cast<unsigned char>(p[n - 1])) << 16;
  }
  return w;
}

// The hash of a key of `size` bytes whose words are `w`.
inline uint64_t ShortKeyMix(ShortKeyWords w, size_t size) {
  uint64_t h = w.a ^ (w.b * 0xC2B2AE3D27D4EB4Full) ^ (static_cast<uint64_t>(size) << 56);
  h ^= h >> 33;
  h *= 0xFF51AFD7ED558CCDull;
  h ^= h >> 33;
  h *= 0xC4CEB9FE1A85EC53ull;
  return h ^ (h >> 33);
}

inline uint64_t ShortKeyHash(absl::string_view s) {
  return ShortKeyMix(ShortKeyWordsOf(s), s.size());
}

}  // namespace pmkit::internal

#endif  // PMKIT_SRC_UTIL_SHORT_KEY_HASH_H_

// A fast 64-bit hash of short strings for the merge's per-record keys.
//
// The merge hashes every record's text (a log line of a few dozen bytes);
// absl::HashOf costs a call into a shared library and a general-purpose
// path per record, about an eighth of an in-memory merge. This is the
// wyhash construction (128-bit multiply-and-fold over 16-byte steps),
// inline. Callers that fold records on equal hashes also compare the
// strings, so a collision (crafted or not) never merges distinct texts;
// but the window index keeps one group per hash, so a collision can hide a
// true duplicate, and the hash must spread every byte. The project's
// ShortKeyHash (src/util) is made for short ids in tables that compare
// keys; tried here, it collides on 8-byte texts differing in one bit
// (StringHashTest.EveryByteAndLengthMatters).
#ifndef PMKIT_SRC_TIMELINE_STRING_HASH_H_
#define PMKIT_SRC_TIMELINE_STRING_HASH_H_

#include <cstdint>
#include <cstring>

#include "absl/strings/string_view.h"

namespace pmkit::internal {

inline uint64_t MultiplyFold(uint64_t a, uint64_t b) {
  const unsigned __int128 product = static_cast<unsigned __int128>(a) * b;
  return static_cast<uint64_t>(product) ^ static_cast<uint64_t>(product >> 64);
}

inline uint64_t Load64(const char* p) {
  uint64_t v;
  std::memcpy(&v, p, sizeof(v));
  return v;
}

inline uint64_t Load32(const char* p) {
  uint32_t v;
  std::memcpy(&v, p, sizeof(v));
  return v;
}

// Never 0 (callers use 0 for "no string").
inline uint64_t HashString(absl::string_view s) {
  constexpr uint64_t kSeed = 0xa0761d6478bd642full;
  constexpr uint64_t kMul1 = 0xe7037ed1a0b428dbull;
  constexpr uint64_t kMul2 = 0x8ebc6af09c88c6e3ull;
  const char* p = s.data();
  size_t n = s.size();
  uint64_t h = kSeed ^ MultiplyFold(kSeed ^ n, kMul2);
  while (n > 16) {
    h = MultiplyFold(Load64(p) ^ kMul1, Load64(p + 8) ^ h);
    p += 16;
    n -= 16;
  }
  uint64_t a = 0, b = 0;
  if (n >= 8) {
    // The last 1-16 bytes as two (possibly overlapping) words.
    a = Load64(p);
    b = Load64(p + n - 8);
  } else if (n >= 4) {
    a = Load32(p);
    b = Load32(p + n - 4);
  } else if (n > 0) {
    a = (uint64_t{static_cast<unsigned char>(p[0])} << 16) |
        (uint64_t{static_cast<unsigned char>(p[n / 2])} << 8) |
        static_cast<unsigned char>(p[n - 1]);
  }
  const uint64_t result =
      MultiplyFold(kMul1 ^ s.size(), MultiplyFold(a ^ kMul1, b ^ h));
  return result == 0 ? 1 : result;
}

}  // namespace pmkit::internal

#endif  // PMKIT_SRC_TIMELINE_STRING_HASH_H_

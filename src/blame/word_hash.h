// The one hash of a word shared by the word table, the sentence prefilter and
// the tokenizer. It is case-insensitive for ASCII by construction: every byte
// is OR-ed with 0x20 before mixing ("Engineer", "ENGINEER" and "engineer"
// hash alike), so the tokenizer can hash a word's bytes as written, without
// first copying them lower-cased. Other bytes may collide under the fold
// ('@' and '`'), which costs a table probe, never a wrong answer: the table
// compares the words themselves, and the prefilter only needs a superset.
//
// Eight bytes are mixed per step, so a typical English word costs one
// multiplication.
#ifndef PMKIT_SRC_BLAME_WORD_HASH_H_
#define PMKIT_SRC_BLAME_WORD_HASH_H_

#include <cstddef>
#include <cstdint>
#include <cstring>

#include "absl/strings/string_view.h"

namespace pmkit::blame_internal {

namespace word_hash_internal {

inline constexpr uint64_t kFold = 0x2020202020202020ull;
inline constexpr uint64_t kMul = 0x9E3779B97F4A7C15ull;
inline constexpr uint64_t kMul2 = 0xD6E8FEB86659FD93ull;

// Little-endian load of a 4- or 8-byte word, so that masking keeps the first
// bytes on any host.
template <typename Word>
inline Word LoadLittle(const char* p) {
  static_assert(sizeof(Word) == 4 || sizeof(Word) == 8);
  Word v;
  std::memcpy(&v, p, sizeof(v));
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
  if constexpr (sizeof(Word) == 8) {
    v = __builtin_bswap64(v);
  } else {
    v = __builtin_bswap32(v);
  }
#endif
  return v;
}

// The `n` (1 to 7) bytes at `p` as the low bytes of a little-endian word,
// reading only those bytes: two overlapping loads, or three single bytes.
// (A word at a text's end; the hash's fast path reads 8 bytes.)
inline uint64_t LoadLittlePartial(const char* p, size_t n) {
  if (n >= 4) {
    return uint64_t{LoadLittle<uint32_t>(p)} |
           (uint64_t{LoadLittle<uint32_t>(p + n - 4)} << (8 * (n - 4)));
  }
  const size_t middle = n >> 1;
  return uint64_t{static_cast<unsigned char>(p[0])} |
         (uint64_t{static_cast<unsigned char>(p[middle])} << (8 * middle)) |
         (uint64_t{static_cast<unsigned char>(p[n - 1])} << (8 * (n - 1)));
}

}  // namespace word_hash_internal

// Hash of the `n` bytes at `p`, case-folded. `readable` is how many bytes
// from `p` may be read (>= n): with 8 or more the last chunk is one load.
inline uint64_t HashWordBytes(const char* p, size_t n, size_t readable) {
  using namespace word_hash_internal;
  if (__builtin_expect(n - 1 < 8 && readable >= 8, 1)) {
    // Most words: one load, as the general path below computes it for
    // 1 <= n <= 8 (h starts at 0), without its length and end tests.
    const uint64_t keep = ~uint64_t{0} >> (64 - 8 * n);
    const uint64_t h = ((LoadLittle<uint64_t>(p) | kFold) & keep) * kMul;
    return h ^ (h >> 31);
  }
  uint64_t h = 0;
  size_t i = 0;
  if (n > 8) {
    h = n * kMul2;
    for (; i + 8 <= n; i += 8) {
      h = (h ^ (LoadLittle<uint64_t>(p + i) | kFold)) * kMul;
      h ^= h >> 29;
    }
  }
  const size_t rest = n - i;
  if (rest != 0) {
    const uint64_t keep = ~uint64_t{0} >> (64 - 8 * rest);
    const uint64_t chunk = readable - i >= 8 ? LoadLittle<uint64_t>(p + i)
                                             : LoadLittlePartial(p + i, rest);
    h = (h ^ ((chunk | kFold) & keep)) * kMul;
  }
  // Words of up to eight bytes (most) cost one multiplication; the shift
  // brings high bits down for users of the low bits.
  return h ^ (h >> 31);
}

inline uint64_t HashWord(absl::string_view word) {
  return HashWordBytes(word.data(), word.size(), word.size());
}

}  // namespace pmkit::blame_internal

#endif  // PMKIT_SRC_BLAME_WORD_HASH_H_

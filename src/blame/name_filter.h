// The person-name filter of a scan (ScanNames): a 4096-bit set over the
// word hashes (word_hash.h) of the names, indexed by a hash's top 12 bits,
// so that most tokens are cleared as no name with one bit test. A set bit
// only makes a token a candidate; the exact name set decides.
#ifndef PMKIT_SRC_BLAME_NAME_FILTER_H_
#define PMKIT_SRC_BLAME_NAME_FILTER_H_

#include <cstdint>

namespace pmkit::blame_internal {

inline constexpr int kNameFilterWords = 64;

inline void NameFilterAdd(uint64_t hash, uint64_t* filter) {
  const uint64_t bit = hash >> 52;
  filter[bit >> 6] |= uint64_t{1} << (bit & 63);
}

inline bool NameFilterMayHold(const uint64_t* filter, uint64_t hash) {
  const uint64_t bit = hash >> 52;
  return ((filter[bit >> 6] >> (bit & 63)) & 1) != 0;
}

}  // namespace pmkit::blame_internal

#endif  // PMKIT_SRC_BLAME_NAME_FILTER_H_

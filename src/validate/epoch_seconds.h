// Whether a verbatim source time is epoch seconds ("1710454181",
// "1710454181.002300"), a full UTC instant. Inline in a header of its own:
// the time rules test every source time of the timeline, nearly all of an
// exported timeline's are epoch seconds, and the test is shorter than the
// call it replaces (ClassifySourceTime does the same test first).
#ifndef PMKIT_SRC_VALIDATE_EPOCH_SECONDS_H_
#define PMKIT_SRC_VALIDATE_EPOCH_SECONDS_H_

#include <cstdint>
#include <cstring>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "absl/base/config.h"
#include "absl/strings/string_view.h"

namespace pmkit::validate_internal {
namespace epoch_internal {

// The eight bytes at `p`, p[0] in the low byte.
inline uint64_t Load8(const char* p) {
  uint64_t word;
  std::memcpy(&word, p, 8);
#ifdef ABSL_IS_BIG_ENDIAN
  word = __builtin_bswap64(word);
#endif
  return word;
}

// Bit i set where byte i of `lo` (bytes 0-7) and `hi` (bytes 8-15), each
// from Load8, is an ASCII digit. SSE2: two signed compares (bytes >= 0x80
// are negative, below '0') and one movemask; elsewhere per-byte sums that
// cannot carry below 0x80 (a digit reaches '0' and not ':'), their bit 7s
// gathered into one byte by a multiplication (each lands on a distinct bit
// of the top byte).
inline uint32_t DigitMask16(uint64_t lo, uint64_t hi) {
#if defined(__SSE2__)
  const __m128i v =
      _mm_set_epi64x(static_cast<long long>(hi), static_cast<long long>(lo));
  const __m128i digit =
      _mm_and_si128(_mm_cmpgt_epi8(v, _mm_set1_epi8('0' - 1)),
                    _mm_cmplt_epi8(v, _mm_set1_epi8('9' + 1)));
  return static_cast<uint32_t>(_mm_movemask_epi8(digit));
#else
  auto bits = [](uint64_t x) {
    constexpr uint64_t kOnes = 0x0101010101010101ull;
    constexpr uint64_t kHigh = kOnes * 0x80;
    const uint64_t ascii = x & ~kHigh;
    const uint64_t digit = (ascii + kOnes * (0x80 - '0')) &
                           ~(ascii + kOnes * (0x80 - ':')) & ~x & kHigh;
    return static_cast<uint32_t>(((digit >> 7) * 0x0102040810204080ull) >> 56);
  };
  return bits(lo) | bits(hi) << 8;
#endif
}

}  // namespace epoch_internal

// IsEpochSeconds for texts longer than 32 bytes: a digit count (text.cc).
bool IsEpochSecondsLong(absl::string_view t);

// Epoch seconds: at least nine digits, then nothing or a '.' and one or
// more digits, in a trimmed text. Up to 32 bytes (epoch times are 10 to 17)
// the text's digits come out as one bit mask, from overlapping loads of its
// first and last bytes (no loop, no byte-by-byte tail), and the test is on
// the mask: all digits, or a single non-digit that is a '.' after the ninth
// byte and before the last.
inline bool IsEpochSeconds(absl::string_view t) {
  using epoch_internal::DigitMask16;
  using epoch_internal::Load8;
  const size_t n = t.size();
  if (n < 9) return false;
  if (n > 32) return IsEpochSecondsLong(t);
  const char* const p = t.data();
  uint64_t digits;
  if (n <= 16) {
    const uint32_t m = DigitMask16(Load8(p), Load8(p + n - 8));
    digits = (m & 0xFF) | uint64_t{m >> 8} << (n - 8);
  } else {
    const uint32_t first = DigitMask16(Load8(p), Load8(p + 8));
    const uint32_t last = DigitMask16(Load8(p + n - 16), Load8(p + n - 8));
    digits = first | uint64_t{last} << (n - 16);
  }
  const uint64_t other = ~digits & ((uint64_t{1} << n) - 1);
  if (other == 0) return true;
  return (other & (other - 1)) == 0 && other >= (uint64_t{1} << 9) &&
         other < (uint64_t{1} << (n - 1)) && p[__builtin_ctzll(other)] == '.';
}

}  // namespace pmkit::validate_internal

#endif  // PMKIT_SRC_VALIDATE_EPOCH_SECONDS_H_

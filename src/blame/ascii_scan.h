// Finding the end of a run of ASCII word bytes (letters, digits, '_') without
// a branch per byte: 16 bytes are classified at once with SSE2 where
// available. Shared by the tokenizer and the quiet-text pre-pass, which must
// agree on where words end.
#ifndef PMKIT_SRC_BLAME_ASCII_SCAN_H_
#define PMKIT_SRC_BLAME_ASCII_SCAN_H_

#include <cstddef>

#ifdef __SSE2__
#include <emmintrin.h>
#endif

namespace pmkit::blame_internal {

constexpr bool IsAsciiWordByte(unsigned char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
         (c >= '0' && c <= '9') || c == '_';
}

#ifdef __SSE2__
// Bit k set: p[k] is a word byte, for the 16 bytes at `p` (all readable).
inline unsigned AsciiWordMask16(const unsigned char* p) {
  const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
  // Case-folded letters; bytes >= 0x80 are negative and fail both ranges.
  const __m128i folded = _mm_or_si128(v, _mm_set1_epi8(0x20));
  const __m128i letter =
      _mm_and_si128(_mm_cmpgt_epi8(folded, _mm_set1_epi8('a' - 1)),
                    _mm_cmplt_epi8(folded, _mm_set1_epi8('z' + 1)));
  const __m128i digit =
      _mm_and_si128(_mm_cmpgt_epi8(v, _mm_set1_epi8('0' - 1)),
                    _mm_cmplt_epi8(v, _mm_set1_epi8('9' + 1)));
  const __m128i underscore = _mm_cmpeq_epi8(v, _mm_set1_epi8('_'));
  return static_cast<unsigned>(_mm_movemask_epi8(
      _mm_or_si128(_mm_or_si128(letter, digit), underscore)));
}

// Length of the run of word bytes at `p`, at most 16; `p` must have 16
// readable bytes.
inline size_t AsciiWordRun16(const unsigned char* p) {
  return static_cast<size_t>(__builtin_ctz(~AsciiWordMask16(p)));  // <= 16.
}
#endif

// The end of the run of word bytes starting at `i` (`i` if none).
inline size_t SkipAsciiWordBytes(const unsigned char* data, size_t i,
                                 size_t size) {
#ifdef __SSE2__
  while (size - i >= 16) {
    const size_t run = AsciiWordRun16(data + i);
    i += run;
    if (run < 16) return i;
  }
  if (i < size && size >= 16) {
    // Fewer than 16 bytes left: the text's last 16 bytes, shifted so that
    // bit 0 is byte i. Zeros shift in above the text's end.
    const size_t base = size - 16;
    return i + static_cast<size_t>(
                   __builtin_ctz(~(AsciiWordMask16(data + base) >> (i - base))));
  }
#endif
  while (i < size && IsAsciiWordByte(data[i])) ++i;
  return i;
}

}  // namespace pmkit::blame_internal

#endif  // PMKIT_SRC_BLAME_ASCII_SCAN_H_

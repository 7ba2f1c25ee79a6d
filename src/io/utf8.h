// UTF-8 validation shared by the readers and the format detector.
#ifndef PMKIT_SRC_IO_UTF8_H_
#define PMKIT_SRC_IO_UTF8_H_

#include <cstddef>

#include "absl/strings/string_view.h"

namespace pmkit::io_internal {

// Length (1-4) of the well-formed UTF-8 sequence at the start of `s`, or 0
// when it is not one (overlong forms, surrogates and code points above
// U+10FFFF are not well-formed). `s` must not be empty.
size_t Utf8SequenceLength(absl::string_view s);

// Offset of the first byte that is not part of well-formed UTF-8, or npos.
size_t FindInvalidUtf8(absl::string_view s);

}  // namespace pmkit::io_internal

#endif  // PMKIT_SRC_IO_UTF8_H_

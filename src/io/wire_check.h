// Locates the problem in binary protobuf data that failed to parse.
//
// protobuf's binary parser only says that parsing failed. Users of a
// document format need more: the byte offset and what was wrong there. The
// scan runs only after a parse has failed, so the happy path pays nothing.
#ifndef PMKIT_SRC_IO_WIRE_CHECK_H_
#define PMKIT_SRC_IO_WIRE_CHECK_H_

#include <string>

#include "absl/strings/string_view.h"
#include "google/protobuf/descriptor.h"

namespace pmkit::io_internal {

// Walks `data` as an encoding of `descriptor` (descending into known
// message fields, checking UTF-8 of known string fields) and returns
// "byte N: <problem>" for the first problem, or an empty string when the
// wire structure is sound. Iterative: nesting depth costs heap, not stack,
// and is capped at `max_depth`.
std::string LocateWireError(absl::string_view data,
                            const google::protobuf::Descriptor* descriptor,
                            int max_depth);

}  // namespace pmkit::io_internal

#endif  // PMKIT_SRC_IO_WIRE_CHECK_H_

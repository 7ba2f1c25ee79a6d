// A JSON syntax checker that reports where a document goes wrong.
//
// protobuf's JSON parser (3.21) rejects bad JSON without saying where, and
// has no documented nesting limit of its own. Running this checker first
// gives users "line 12, column 5" and refuses deep nesting before any
// recursive parser sees it.
#ifndef PMKIT_SRC_IO_JSON_SYNTAX_H_
#define PMKIT_SRC_IO_JSON_SYNTAX_H_

#include "absl/status/status.h"
#include "absl/strings/string_view.h"

namespace pmkit::io_internal {

// Returns OK when `text` is one well-formed JSON value (RFC 8259) in valid
// UTF-8, nested at most `max_depth` arrays/objects deep. Otherwise
// InvalidArgument "line L, column C: <what was expected>" (1-based; columns
// count bytes).
absl::Status CheckJsonSyntax(absl::string_view text, int max_depth);

}  // namespace pmkit::io_internal

#endif  // PMKIT_SRC_IO_JSON_SYNTAX_H_

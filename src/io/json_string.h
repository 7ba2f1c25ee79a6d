// JSON string literals, escaped as protobuf's JSON printer (3.21) escapes
// them, so that pmkit's own JSON writers (report_json.h, the SARIF of
// validate/format.cc) agree with the JSON protobuf writes: " and \ , the
// control characters (\b \f \n \r \t by name), < > and DEL as \u escapes,
// and the C1 controls and invisible Unicode format characters protobuf also
// writes as \u escapes (surrogate pairs past U+FFFF). Other UTF-8 is copied.
#ifndef PMKIT_SRC_IO_JSON_STRING_H_
#define PMKIT_SRC_IO_JSON_STRING_H_

#include <string>

#include "absl/strings/string_view.h"

namespace pmkit::io_internal {

// Appends `text` as a JSON string literal (quotes included). Returns false
// if `text` is not valid UTF-8; its invalid bytes are then copied as they
// are.
bool AppendJsonString(absl::string_view text, std::string* out);

}  // namespace pmkit::io_internal

#endif  // PMKIT_SRC_IO_JSON_STRING_H_

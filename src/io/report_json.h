// Compact JSON for pmkit.v1.Report without protobuf's JSON printer.
//
// protobuf (3.21) prints JSON by serializing the message to binary and
// converting that through a type resolver, which costs more than validating
// the document did: `pmkit validate --delimited --format json` spent a
// fifth of its time there. Reports have a small fixed shape, so this writes
// them directly, byte for byte as protobuf does (field order, lowerCamelCase
// names, omitted defaults, int64 as strings, shortest round-trip doubles and
// protobuf's escaping, including the Unicode format characters it escapes);
// tests compare the two on random reports and on every code point. Whatever
// it does not reproduce it declines, and the caller falls back to protobuf.
#ifndef PMKIT_SRC_IO_REPORT_JSON_H_
#define PMKIT_SRC_IO_REPORT_JSON_H_

#include <string>

#include "pmkit/v1/finding.pb.h"

namespace pmkit::io_internal {

// Appends `report` as compact JSON to `out` and returns true; or returns
// false, `out` unchanged, for a report it does not reproduce exactly: unknown
// fields, strings that are not valid UTF-8, a confidence that is not finite,
// or a schema with fields this file does not know.
bool AppendReportJson(const v1::Report& report, std::string* out);

}  // namespace pmkit::io_internal

#endif  // PMKIT_SRC_IO_REPORT_JSON_H_

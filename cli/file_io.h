// File input and output for the CLI: bounded reads and atomic writes.
#ifndef PMKIT_CLI_FILE_IO_H_
#define PMKIT_CLI_FILE_IO_H_

#include <cstddef>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace pmkit::cli {

// Reads a whole file ("-" is standard input), refusing more than
// `max_bytes` without reading it all into memory first.
absl::StatusOr<std::string> ReadInput(const std::string& path, size_t max_bytes);

// Writes `contents` to `path` ("-" is standard output) atomically: into a
// temporary file in the same directory, flushed, then renamed over `path`.
// A crash or a full disk leaves either the old file or the new one, never a
// half-written postmortem.
absl::Status WriteOutputAtomically(const std::string& path,
                                   absl::string_view contents);

// True when both paths name the same existing file.
bool SameFile(const std::string& a, const std::string& b);

}  // namespace pmkit::cli

#endif  // PMKIT_CLI_FILE_IO_H_

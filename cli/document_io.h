// Reading postmortems from, and writing results to, the paths a command was
// given; shared by every command that takes a document.
#ifndef PMKIT_CLI_DOCUMENT_IO_H_
#define PMKIT_CLI_DOCUMENT_IO_H_

#include <memory>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "cli/file_io.h"
#include "pmkit/io.h"
#include "pmkit/v1/postmortem.pb.h"

namespace pmkit::cli {

// The format a file name implies: .json, .textproto/.txtpb/.pbtxt/.txt,
// .binpb/.pb/.bin; kAuto otherwise.
Format FormatFromPath(const std::string& path);

// Reads and parses a postmortem. `format_name` empty means: from the file
// name, else detected from the content. Errors name the path.
absl::StatusOr<v1::Postmortem> LoadPostmortem(const std::string& path,
                                              const std::string& format_name);

// Writes `contents` to `output` atomically, refusing to replace `input`
// itself unless `force`.
absl::Status WriteResult(const std::string& input, const std::string& output,
                         absl::string_view contents, bool force);

// Opens `output` for an atomic write in pieces, refusing to replace any of
// `inputs` unless `force`.
absl::StatusOr<std::unique_ptr<AtomicOutput>> OpenResult(
    const std::vector<std::string>& inputs, const std::string& output, bool force);

}  // namespace pmkit::cli

#endif  // PMKIT_CLI_DOCUMENT_IO_H_

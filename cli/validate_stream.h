// Validating a stream of length-delimited binary postmortems (`pmkit
// validate --delimited`): read in batches, parsed and validated on several
// threads while the next batch is read, reported in stream order.
#ifndef PMKIT_CLI_VALIDATE_STREAM_H_
#define PMKIT_CLI_VALIDATE_STREAM_H_

#include <functional>
#include <string>

#include "absl/status/status.h"
#include "pmkit/v1/finding.pb.h"
#include "pmkit/validate.h"

namespace pmkit::cli {

// Validates every message of the stream at `path` ("-": standard input) and
// passes each report to `emit`, in stream order; documents are named
// PATH#0, PATH#1, .... Memory stays bounded whatever the stream's length:
// the stream is read in batches of at most kStreamBatchMessages messages or,
// past a batch's first, kStreamBatchBytes bytes, and two batches are held at
// once: `jobs` threads (at least 1; the validator is thread-safe) validate
// one while the calling thread reads the next and emits the one before.
// Stops at the first malformed message (a truncated prefix or message, one
// over the document size limit, one that does not parse) with an error
// naming it, after emitting every report before it.
inline constexpr int kStreamBatchMessages = 64;
inline constexpr size_t kStreamBatchBytes = size_t{64} << 20;
absl::Status ValidateDelimitedStream(
    const std::string& path, const Validator& validator,
    const v1::ValidationOptions& options, int jobs,
    const std::function<void(const v1::Report&)>& emit);

}  // namespace pmkit::cli

#endif  // PMKIT_CLI_VALIDATE_STREAM_H_

// File input and output for the CLI: bounded reads and atomic writes.
#ifndef PMKIT_CLI_FILE_IO_H_
#define PMKIT_CLI_FILE_IO_H_

#include <cstddef>
#include <memory>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace pmkit::cli {

// Reads a whole file ("-" is standard input), refusing more than
// `max_bytes` without reading it all into memory first.
absl::StatusOr<std::string> ReadInput(const std::string& path, size_t max_bytes);

// The first `n` bytes of a regular file (fewer when it is shorter), for
// format detection without reading the whole file; `*size` gets the file's
// size. Fails on anything but a readable regular file.
absl::StatusOr<std::string> ReadRegularFileHead(const std::string& path, size_t n,
                                                size_t* size);

// An output written piece by piece, atomically: a regular file (new or
// existing) through a temporary file in the same directory, flushed and
// renamed over it by Commit (through a symbolic link: the file it names is
// replaced, the link stays). Standard output ("-") and existing devices,
// FIFOs and sockets (/dev/null, a pipe) are written directly: they cannot be
// replaced by a file. Destroyed without a successful Commit, it removes the
// temporary file and leaves `path` as it was. For outputs too large to
// build in memory first.
class AtomicOutput {
 public:
  static absl::StatusOr<std::unique_ptr<AtomicOutput>> Open(const std::string& path);
  ~AtomicOutput();
  AtomicOutput(const AtomicOutput&) = delete;
  AtomicOutput& operator=(const AtomicOutput&) = delete;

  absl::Status Append(absl::string_view data);
  absl::Status Commit();

 private:
  AtomicOutput() = default;
  std::string path_;
  std::string name_;  // The temporary file's path (or "standard output").
  int fd_ = -1;
  bool temporary_ = false;  // A temporary file exists to commit or remove.
  bool close_ = false;      // fd_ is a device or FIFO this object opened.
};

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

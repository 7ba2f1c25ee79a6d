#include "cli/file_io.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <climits>
#include <cstdio>
#include <cstring>
#include <cstdlib>
#include <vector>

#include "absl/strings/str_cat.h"

namespace pmkit::cli {
namespace {

absl::Status ErrnoError(absl::string_view what, const std::string& path) {
  int error = errno;
  return absl::Status(
      error == ENOENT ? absl::StatusCode::kNotFound : absl::StatusCode::kUnavailable,
      absl::StrCat(what, " ", path, ": ", std::strerror(error)));
}

absl::Status WriteAll(int fd, absl::string_view contents,
                      const std::string& path) {
  while (!contents.empty()) {
    ssize_t written = ::write(fd, contents.data(), contents.size());
    if (written < 0) {
      if (errno == EINTR) continue;
      return ErrnoError("cannot write", path);
    }
    contents.remove_prefix(static_cast<size_t>(written));
  }
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<std::string> ReadInput(const std::string& path, size_t max_bytes) {
  const bool is_stdin = path == "-";
  int fd = is_stdin ? STDIN_FILENO : ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return ErrnoError("cannot open", path);
  struct stat info;
  if (::fstat(fd, &info) == 0 && S_ISDIR(info.st_mode)) {
    if (!is_stdin) ::close(fd);
    return absl::InvalidArgumentError(absl::StrCat(path, " is a directory"));
  }
  std::string contents;
  // A regular file's size is known: one allocation, no copy per doubling.
  if (S_ISREG(info.st_mode) && info.st_size > 0 &&
      static_cast<size_t>(info.st_size) <= max_bytes) {
    contents.reserve(static_cast<size_t>(info.st_size));
  }
  std::vector<char> chunk(1 << 16);
  while (true) {
    ssize_t got = ::read(fd, chunk.data(), chunk.size());
    if (got < 0) {
      if (errno == EINTR) continue;
      absl::Status status = ErrnoError("cannot read", path);
      if (!is_stdin) ::close(fd);
      return status;
    }
    if (got == 0) break;
    if (contents.size() + static_cast<size_t>(got) > max_bytes) {
      if (!is_stdin) ::close(fd);
      return absl::ResourceExhaustedError(absl::StrCat(
          path, " is larger than the limit of ", max_bytes, " bytes"));
    }
    contents.append(chunk.data(), static_cast<size_t>(got));
  }
  if (!is_stdin) ::close(fd);
  return contents;
}

absl::StatusOr<std::string> ReadRegularFileHead(const std::string& path, size_t n,
                                                size_t* size) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return ErrnoError("cannot open", path);
  struct stat info;
  if (::fstat(fd, &info) != 0 || !S_ISREG(info.st_mode)) {
    ::close(fd);
    return absl::InvalidArgumentError(absl::StrCat(path, " is not a regular file"));
  }
  *size = static_cast<size_t>(info.st_size);
  std::string head(n, '\0');
  size_t filled = 0;
  while (filled < n) {
    ssize_t got = ::read(fd, &head[filled], n - filled);
    if (got < 0 && errno == EINTR) continue;
    if (got < 0) {
      absl::Status status = ErrnoError("cannot read", path);
      ::close(fd);
      return status;
    }
    if (got == 0) break;
    filled += static_cast<size_t>(got);
  }
  ::close(fd);
  head.resize(filled);
  return head;
}

absl::StatusOr<std::unique_ptr<AtomicOutput>> AtomicOutput::Open(
    const std::string& path) {
  std::unique_ptr<AtomicOutput> output(new AtomicOutput());
  output->path_ = path;
  if (path == "-") {
    output->fd_ = STDOUT_FILENO;
    output->name_ = "standard output";
    return output;
  }
  struct stat info;
  if (::stat(path.c_str(), &info) == 0 && !S_ISREG(info.st_mode) &&
      !S_ISDIR(info.st_mode)) {
    // A device, FIFO or socket (/dev/null, /dev/stdout, a pipe) has no
    // contents to lose and must not be replaced by a file: write to it.
    output->fd_ = ::open(path.c_str(), O_WRONLY | O_CLOEXEC);
    if (output->fd_ < 0) return ErrnoError("cannot open", path);
    output->name_ = path;
    output->close_ = true;
    return output;
  }
  // A symbolic link stays a link: the file it names is replaced.
  char resolved[PATH_MAX];
  if (::lstat(path.c_str(), &info) == 0 && S_ISLNK(info.st_mode) &&
      ::realpath(path.c_str(), resolved) != nullptr) {
    output->path_ = resolved;
  }
  std::string temp = absl::StrCat(output->path_, ".tmp-XXXXXX");
  std::vector<char> name(temp.begin(), temp.end());
  name.push_back('\0');
  output->fd_ = ::mkstemp(name.data());
  if (output->fd_ < 0) return ErrnoError("cannot create a temporary file for", path);
  output->name_ = name.data();
  output->temporary_ = true;
  return output;
}

absl::Status AtomicOutput::Append(absl::string_view data) {
  if (fd_ < 0) return absl::FailedPreconditionError("output already closed");
  return WriteAll(fd_, data, name_);
}

absl::Status AtomicOutput::Commit() {
  if (fd_ < 0) return absl::FailedPreconditionError("output already closed");
  if (!temporary_) {
    const int fd = fd_;
    fd_ = -1;
    if (close_ && ::close(fd) != 0) return ErrnoError("cannot close", name_);
    return absl::OkStatus();
  }
  // mkstemp creates 0600; give the file the usual permissions for new files.
  mode_t mask = ::umask(0);
  ::umask(mask);
  ::fchmod(fd_, 0666 & ~mask);
  absl::Status status;
  if (::fsync(fd_) != 0) status = ErrnoError("cannot flush", name_);
  if (::close(fd_) != 0 && status.ok()) status = ErrnoError("cannot close", name_);
  fd_ = -1;
  if (status.ok() && ::rename(name_.c_str(), path_.c_str()) != 0) {
    status = ErrnoError("cannot replace", path_);
  }
  if (status.ok()) temporary_ = false;
  return status;
}

AtomicOutput::~AtomicOutput() {
  if (!temporary_) {
    if (close_ && fd_ >= 0) ::close(fd_);
    return;
  }
  if (fd_ >= 0) ::close(fd_);
  ::unlink(name_.c_str());
}

absl::Status WriteOutputAtomically(const std::string& path,
                                   absl::string_view contents) {
  absl::StatusOr<std::unique_ptr<AtomicOutput>> output = AtomicOutput::Open(path);
  if (!output.ok()) return output.status();
  if (absl::Status status = (*output)->Append(contents); !status.ok()) {
    return status;
  }
  return (*output)->Commit();
}

bool SameFile(const std::string& a, const std::string& b) {
  if (a == "-" || b == "-") return false;
  struct stat sa, sb;
  if (::stat(a.c_str(), &sa) != 0 || ::stat(b.c_str(), &sb) != 0) return false;
  return sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino;
}

}  // namespace pmkit::cli

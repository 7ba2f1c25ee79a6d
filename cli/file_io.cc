#include "cli/file_io.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
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

absl::Status WriteOutputAtomically(const std::string& path,
                                   absl::string_view contents) {
  if (path == "-") {
    absl::Status status = WriteAll(STDOUT_FILENO, contents, "standard output");
    return status;
  }
  std::string temp = absl::StrCat(path, ".tmp-XXXXXX");
  std::vector<char> name(temp.begin(), temp.end());
  name.push_back('\0');
  int fd = ::mkstemp(name.data());
  if (fd < 0) return ErrnoError("cannot create a temporary file for", path);
  const std::string temp_path(name.data());
  absl::Status status = WriteAll(fd, contents, temp_path);
  // mkstemp creates 0600; give the file the usual permissions for new files.
  if (status.ok()) {
    mode_t mask = ::umask(0);
    ::umask(mask);
    ::fchmod(fd, 0666 & ~mask);
  }
  if (status.ok() && ::fsync(fd) != 0) status = ErrnoError("cannot flush", temp_path);
  if (::close(fd) != 0 && status.ok()) status = ErrnoError("cannot close", temp_path);
  if (status.ok() && ::rename(temp_path.c_str(), path.c_str()) != 0) {
    status = ErrnoError("cannot replace", path);
  }
  if (!status.ok()) ::unlink(temp_path.c_str());
  return status;
}

bool SameFile(const std::string& a, const std::string& b) {
  if (a == "-" || b == "-") return false;
  struct stat sa, sb;
  if (::stat(a.c_str(), &sa) != 0 || ::stat(b.c_str(), &sb) != 0) return false;
  return sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino;
}

}  // namespace pmkit::cli

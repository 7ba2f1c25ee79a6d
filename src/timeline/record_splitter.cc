#include "src/timeline/record_splitter.h"

#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"

namespace pmkit::internal {
namespace {

// Whether [begin, end) holds an odd number of '"' (toggles a CSV quote).
bool OddQuotes(const char* begin, const char* end) {
  bool odd = false;
  while (begin < end) {
    const void* quote = std::memchr(begin, '"', static_cast<size_t>(end - begin));
    if (quote == nullptr) break;
    odd = !odd;
    begin = static_cast<const char*>(quote) + 1;
  }
  return odd;
}

}  // namespace

RecordSplitter::RecordSplitter(absl::string_view data, ImportFormat format)
    : format_(format), unread_(data), at_end_(true) {}

RecordSplitter::RecordSplitter(int fd, ImportFormat format, size_t max_bytes)
    : format_(format), fd_(fd), max_bytes_(max_bytes) {
  buffer_.resize(kPiece);
  unread_ = absl::string_view(buffer_.data(), 0);
}

RecordSplitter::~RecordSplitter() {
  if (fd_ >= 0) ::close(fd_);
}

bool RecordSplitter::Fill() {
  if (fd_ < 0 || at_end_) {
    at_end_ = true;
    return false;
  }
  // The unread bytes move to the front; the buffer doubles when they fill
  // most of it (a record longer than a piece).
  const size_t keep = unread_.size();
  const size_t offset = static_cast<size_t>(unread_.data() - buffer_.data());
  if (keep > 0 && offset > 0) std::memmove(&buffer_[0], buffer_.data() + offset, keep);
  if (buffer_.size() - keep < kPiece / 2) buffer_.resize(buffer_.size() * 2);
  ssize_t got;
  do {
    got = ::read(fd_, &buffer_[keep], buffer_.size() - keep);
  } while (got < 0 && errno == EINTR);
  if (got < 0) {
    status_ = absl::DataLossError(absl::StrCat("cannot read: ", std::strerror(errno)));
    return false;
  }
  total_read_ += static_cast<size_t>(got);
  if (total_read_ > max_bytes_) {
    status_ = absl::ResourceExhaustedError(absl::StrCat(
        "input is larger than the limit of ", max_bytes_, " bytes"));
    return false;
  }
  unread_ = absl::string_view(buffer_.data(), keep + static_cast<size_t>(got));
  if (got == 0) at_end_ = true;
  return got > 0;
}

bool RecordSplitter::Blank(absl::string_view record) const {
  if (format_ == ImportFormat::kSyslog) return record.empty();
  return absl::StripAsciiWhitespace(record).empty();
}

bool RecordSplitter::Next(absl::string_view* record, int64_t* first_line) {
  while (status_.ok()) {
    if (unread_.empty() && !Fill()) return false;
    // Between two records of a streamed file the merge touches megabytes
    // of pending events, evicting the piece read: fetch the next records'
    // bytes ahead (measured: 4-5% of a 3-file merge).
    __builtin_prefetch(unread_.data() + std::min(kPrefetch, unread_.size()));
    // The record ends at the first newline outside a quoted CSV field (or
    // at the end of the input). `scanned` counts from unread_'s start,
    // which Fill keeps in place.
    size_t scanned = 0;
    size_t end = 0;
    int64_t newlines = 0;
    bool open = false;
    for (;;) {
      const char* from = unread_.data() + scanned;
      const void* nl = std::memchr(from, '\n', unread_.size() - scanned);
      const size_t stop = nl == nullptr
                              ? unread_.size()
                              : static_cast<size_t>(static_cast<const char*>(nl) -
                                                    unread_.data());
      if (format_ == ImportFormat::kCsv &&
          OddQuotes(from, unread_.data() + stop)) {
        open = !open;
      }
      scanned = stop;
      if (nl == nullptr) {
        if (at_end_ || !Fill()) {
          if (!status_.ok()) return false;
          end = unread_.size();
          break;
        }
        continue;
      }
      if (!open) {
        end = stop;
        break;
      }
      ++newlines;  // A newline inside a quoted CSV field.
      ++scanned;
    }
    absl::string_view r = unread_.substr(0, end);
    unread_.remove_prefix(end < unread_.size() ? end + 1 : end);
    const int64_t first = line_ + 1;
    line_ += 1 + newlines;
    if (!r.empty() && r.back() == '\r') r.remove_suffix(1);
    if (Blank(r)) continue;
    *record = r;
    *first_line = first;
    return true;
  }
  return false;
}

}  // namespace pmkit::internal

#include "cli/delimited_reader.h"

#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <utility>

#include "absl/strings/str_cat.h"

namespace pmkit::cli {
namespace {

// Bytes read past the message being completed: usually the start of the
// next one, so one read() per message at most. Bytes read past a batch's
// last message are copied into the next batch, so this bounds that copy.
constexpr size_t kReadAhead = size_t{256} << 10;

// A varint is at most 10 bytes (64 bits, 7 per byte).
constexpr size_t kMaxVarintBytes = 10;

enum class Varint { kDone, kShort, kOverlong };

// Parses the varint at data[0, n): its value and byte length, or kShort if
// the n bytes end inside it, or kOverlong if it runs past 10 bytes.
Varint ParseVarint(const char* data, size_t n, uint64_t* value,
                   size_t* length) {
  uint64_t v = 0;
  for (size_t i = 0; i < kMaxVarintBytes; ++i) {
    if (i == n) return Varint::kShort;
    const unsigned char byte = static_cast<unsigned char>(data[i]);
    v |= uint64_t{byte & 0x7Fu} << (7 * i);
    if (byte < 0x80) {
      *value = v;
      *length = i + 1;
      return Varint::kDone;
    }
  }
  return Varint::kOverlong;
}

}  // namespace

DelimitedReader::DelimitedReader(int fd, bool close, std::string path)
    : fd_(fd), close_(close), path_(std::move(path)) {}

DelimitedReader::~DelimitedReader() {
  if (close_) ::close(fd_);
}

absl::Status DelimitedReader::Read(size_t max_messages, size_t max_bytes,
                                   size_t max_message_bytes,
                                   DelimitedBatch* batch) {
  batch->messages_.clear();
  batch->first_index_ = index_;
  batch->size_ = 0;
  spans_.clear();
  if (!carry_.empty()) {
    Reserve(carry_.size(), batch);
    std::memcpy(batch->buffer_.get(), carry_.data(), carry_.size());
    batch->size_ = carry_.size();
    carry_.clear();
  }
  size_t position = 0;
  size_t total = 0;
  absl::Status status;
  while (!at_end_ && spans_.size() < max_messages &&
         (spans_.empty() || total < max_bytes)) {
    status = ReadOne(max_message_bytes, batch, &position);
    if (!status.ok()) {
      at_end_ = true;
      break;
    }
    if (!at_end_) total += spans_.back().second;
  }
  if (!at_end_) {
    carry_.assign(batch->buffer_.get() + position, batch->size_ - position);
  }
  for (const auto& [offset, length] : spans_) {
    batch->messages_.emplace_back(batch->buffer_.get() + offset, length);
  }
  return status;
}

absl::Status DelimitedReader::ReadOne(size_t max_message_bytes,
                                      DelimitedBatch* batch,
                                      size_t* position) {
  uint64_t size = 0;
  size_t prefix = 0;
  while (true) {
    const Varint varint =
        ParseVarint(batch->buffer_.get() + *position, batch->size_ - *position,
                    &size, &prefix);
    if (varint == Varint::kDone) break;
    if (varint == Varint::kOverlong) {
      return absl::InvalidArgumentError(absl::StrCat(
          path_, "#", index_, ": malformed length prefix (over ",
          kMaxVarintBytes, " bytes)"));
    }
    bool enough = false;
    if (absl::Status s = Fill(batch->size_ + 1, batch, &enough); !s.ok()) {
      return s;
    }
    if (!enough) {
      if (batch->size_ == *position) {  // A clean end, between messages.
        at_end_ = true;
        return absl::OkStatus();
      }
      return absl::InvalidArgumentError(
          absl::StrCat(path_, "#", index_, ": truncated length prefix"));
    }
  }
  if (size > max_message_bytes) {
    return absl::ResourceExhaustedError(absl::StrCat(
        path_, "#", index_, ": message of ", size,
        " bytes is larger than the limit of ", max_message_bytes));
  }
  const size_t end = *position + prefix + size;
  bool enough = false;
  if (absl::Status s = Fill(end, batch, &enough); !s.ok()) return s;
  if (!enough) {
    return absl::InvalidArgumentError(absl::StrCat(
        path_, "#", index_, ": truncated message (", size, " bytes announced)"));
  }
  spans_.emplace_back(*position + prefix, size);
  *position = end;
  ++index_;
  return absl::OkStatus();
}

void DelimitedReader::Reserve(size_t capacity, DelimitedBatch* batch) {
  if (batch->capacity_ >= capacity) return;
  // Doubling: a batch grows to the size of its messages in a few steps, then
  // keeps its buffer for the rest of the stream.
  capacity = std::max(capacity, 2 * batch->capacity_);
  std::unique_ptr<char[]> buffer(new char[capacity]);
  if (batch->size_ > 0) {
    std::memcpy(buffer.get(), batch->buffer_.get(), batch->size_);
  }
  batch->buffer_ = std::move(buffer);
  batch->capacity_ = capacity;
}

absl::Status DelimitedReader::Fill(size_t want, DelimitedBatch* batch,
                                   bool* enough) {
  *enough = batch->size_ >= want;
  if (*enough) return absl::OkStatus();
  const size_t target = want + kReadAhead;
  Reserve(target, batch);
  while (batch->size_ < want) {
    if (eof_) return absl::OkStatus();
    const ssize_t n =
        ::read(fd_, batch->buffer_.get() + batch->size_, target - batch->size_);
    if (n < 0) {
      if (errno == EINTR) continue;
      return absl::DataLossError(absl::StrCat(path_, "#", index_,
                                              ": cannot read: ",
                                              std::strerror(errno)));
    }
    if (n == 0) eof_ = true;
    batch->size_ += static_cast<size_t>(n);
  }
  *enough = true;
  return absl::OkStatus();
}

}  // namespace pmkit::cli

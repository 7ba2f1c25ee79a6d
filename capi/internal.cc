#include "internal.h"

#include <cstdlib>
#include <cstring>

namespace pmkit::capi {

char* CopyToBuffer(absl::string_view text) {
  char* buffer = static_cast<char*>(std::malloc(text.size() + 1));
  if (buffer == nullptr) return nullptr;
  if (!text.empty()) std::memcpy(buffer, text.data(), text.size());
  buffer[text.size()] = '\0';
  return buffer;
}

int Fail(const absl::Status& status, char** error) {
  if (error != nullptr) *error = CopyToBuffer(status.message());
  return static_cast<int>(status.code());
}

int Fail(absl::StatusCode code, absl::string_view message, char** error) {
  return Fail(absl::Status(code, message), error);
}

int Succeed(char** error) {
  if (error != nullptr) *error = nullptr;
  return PMKIT_OK;
}

int MissingOutput(char** error) {
  return Fail(absl::StatusCode::kInvalidArgument, "output pointer is NULL", error);
}

absl::Status CheckFormat(int format, bool allow_auto) {
  if (format == PMKIT_FORMAT_BINARY || format == PMKIT_FORMAT_JSON ||
      format == PMKIT_FORMAT_TEXT || (allow_auto && format == PMKIT_FORMAT_AUTO)) {
    return absl::OkStatus();
  }
  if (format == PMKIT_FORMAT_AUTO) {
    return absl::InvalidArgumentError(
        "auto is an input format only; choose binary, json or text");
  }
  return absl::InvalidArgumentError(absl::StrCat("unknown format ", format));
}

absl::Status CheckInput(const void* data, size_t size) {
  if (data == nullptr && size != 0) {
    return absl::InvalidArgumentError("data is NULL but size is not 0");
  }
  return absl::OkStatus();
}

absl::string_view AsView(const void* data, size_t size) {
  return size == 0 ? absl::string_view()
                   : absl::string_view(static_cast<const char*>(data), size);
}

int Output(absl::string_view bytes, char** out, size_t* out_size, char** error) {
  char* buffer = CopyToBuffer(bytes);
  if (buffer == nullptr) {
    return Fail(absl::StatusCode::kResourceExhausted,
                "out of memory allocating the output", error);
  }
  *out = buffer;
  *out_size = bytes.size();
  return Succeed(error);
}

MallocOutputStream::~MallocOutputStream() { std::free(buffer_); }

bool MallocOutputStream::Reserve(size_t capacity) {
  // Stay below INT_MAX: Next() reports sizes as int.
  if (capacity > (size_t{1} << 30)) capacity = size_t{1} << 30;
  if (capacity <= capacity_) return false;
  char* grown = static_cast<char*>(std::realloc(buffer_, capacity));
  if (grown == nullptr) return false;
  buffer_ = grown;
  capacity_ = capacity;
  return true;
}

bool MallocOutputStream::Next(void** data, int* size) {
  if (failed_) return false;
  if (used_ == capacity_ &&
      !Reserve(capacity_ == 0 ? initial_capacity_ : capacity_ * 2)) {
    failed_ = true;
    return false;
  }
  *data = buffer_ + used_;
  *size = static_cast<int>(capacity_ - used_);
  used_ = capacity_;
  return true;
}

void MallocOutputStream::BackUp(int count) { used_ -= static_cast<size_t>(count); }

int MallocOutputStream::Release(char** out, size_t* out_size, char** error) {
  if (failed_ || (used_ == capacity_ && !Reserve(capacity_ + 1))) {
    return Fail(absl::StatusCode::kResourceExhausted,
                "out of memory allocating the output", error);
  }
  buffer_[used_] = '\0';
  *out = buffer_;
  *out_size = used_;
  buffer_ = nullptr;
  capacity_ = used_ = 0;
  return Succeed(error);
}

absl::Status ParseInput(const void* data, size_t size, int format,
                        absl::string_view what, google::protobuf::Message* message) {
  absl::Status status = CheckInput(data, size);
  if (status.ok()) status = CheckFormat(format, /*allow_auto=*/true);
  if (status.ok()) {
    status = ParseMessage(AsView(data, size), static_cast<Format>(format), message);
  }
  if (status.ok() || what.empty()) return status;
  return absl::Status(status.code(), absl::StrCat(what, ": ", status.message()));
}

absl::Status ParseOptionalInput(const void* data, size_t size, int format,
                                absl::string_view what,
                                google::protobuf::Message* message) {
  if (size == 0) return CheckFormat(format, /*allow_auto=*/true);
  return ParseInput(data, size, format, what, message);
}

int OutputMessage(const google::protobuf::Message& message, int format, char** out,
                  size_t* out_size, char** error, const WriteOptions& options) {
  if (absl::Status s = CheckFormat(format, /*allow_auto=*/false); !s.ok()) {
    return Fail(s, error);
  }
  // Binary output size is known up front; the text formats run about twice it.
  MallocOutputStream stream(message.ByteSizeLong() * (format == PMKIT_FORMAT_BINARY ? 1 : 2) +
                            64);
  absl::Status status =
      SerializeMessageTo(message, static_cast<Format>(format), &stream, options);
  if (!status.ok()) return Fail(status, error);
  return stream.Release(out, out_size, error);
}

void ClearOutput(char** out, size_t* out_size) {
  if (out != nullptr) *out = nullptr;
  if (out_size != nullptr) *out_size = 0;
}

}  // namespace pmkit::capi

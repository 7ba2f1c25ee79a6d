// Helpers shared by the C ABI's implementation files (capi/*.cc): status
// and error out-parameter handling, library-owned buffers, argument checks
// and the exception guard. Not installed; not part of the ABI.
#ifndef PMKIT_CAPI_INTERNAL_H_
#define PMKIT_CAPI_INTERNAL_H_

#include <cstddef>
#include <cstdint>
#include <exception>
#include <memory>
#include <new>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "google/protobuf/io/zero_copy_stream.h"
#include "google/protobuf/message.h"
#include "pmkit.h"
#include "pmkit/io.h"

namespace pmkit::capi {

// Copies `text` into a malloc'd, NUL-terminated buffer; null when out of
// memory. malloc (not new) so pmkit_free can release any library buffer.
char* CopyToBuffer(absl::string_view text);

// Sets *error (when error is not null) to the status message and returns the
// status code.
int Fail(const absl::Status& status, char** error);
int Fail(absl::StatusCode code, absl::string_view message, char** error);

// Sets *error (when not null) to null and returns PMKIT_OK.
int Succeed(char** error);

// Fails with INVALID_ARGUMENT naming the missing output pointer.
int MissingOutput(char** error);

// Validates a format argument coming from C; `allow_auto` for inputs.
absl::Status CheckFormat(int format, bool allow_auto);

// NULL data is allowed only with size 0.
absl::Status CheckInput(const void* data, size_t size);

// The input bytes as a view (empty for size 0, whatever `data` is).
absl::string_view AsView(const void* data, size_t size);

// Hands `bytes` to the caller as a library-owned, NUL-terminated buffer.
int Output(absl::string_view bytes, char** out, size_t* out_size, char** error);

// A zero-copy output stream writing into one malloc'd buffer, so engines can
// serialize straight into the buffer handed to the C caller instead of into
// a std::string that is then copied (measurable on 50 KB documents).
class MallocOutputStream : public google::protobuf::io::ZeroCopyOutputStream {
 public:
  explicit MallocOutputStream(size_t initial_capacity = 4096)
      : initial_capacity_(initial_capacity) {}
  MallocOutputStream(const MallocOutputStream&) = delete;
  MallocOutputStream& operator=(const MallocOutputStream&) = delete;
  ~MallocOutputStream() override;

  bool Next(void** data, int* size) override;
  void BackUp(int count) override;
  int64_t ByteCount() const override { return static_cast<int64_t>(used_); }

  // Hands the written bytes to the caller as (*out, *out_size), NUL-
  // terminated; fails with RESOURCE_EXHAUSTED when memory runs out.
  int Release(char** out, size_t* out_size, char** error);

 private:
  bool Reserve(size_t capacity);

  size_t initial_capacity_;
  char* buffer_ = nullptr;
  size_t capacity_ = 0;
  size_t used_ = 0;
  bool failed_ = false;
};

// Parses a serialized message argument (`format` may be AUTO). Errors are
// prefixed with `what` ("policy: json: line 1, ...") when it is not empty.
absl::Status ParseInput(const void* data, size_t size, int format,
                        absl::string_view what, google::protobuf::Message* message);

// ParseInput for an optional argument: size 0 means "not given" and leaves
// `message` at its defaults; the format is checked either way.
absl::Status ParseOptionalInput(const void* data, size_t size, int format,
                                absl::string_view what,
                                google::protobuf::Message* message);

// Serializes `message` in `format` (not AUTO) straight into a new library-
// owned buffer (*out, *out_size).
int OutputMessage(const google::protobuf::Message& message, int format, char** out,
                  size_t* out_size, char** error, const WriteOptions& options = {});

// Sets output pointers (when not null) to NULL / 0 before any work, so a
// failure leaves them defined.
void ClearOutput(char** out, size_t* out_size);

// Runs `body`, turning any escaping exception into a status code: no C++
// exception may cross the C ABI.
template <typename Body>
int Guard(char** error, Body body) {
  try {
    return body();
  } catch (const std::bad_alloc&) {
    return Fail(absl::StatusCode::kResourceExhausted, "out of memory", error);
  } catch (const std::exception& e) {
    return Fail(absl::StatusCode::kInternal,
                absl::StrCat("internal error: ", e.what()), error);
  } catch (...) {
    return Fail(absl::StatusCode::kInternal, "internal error", error);
  }
}

// The body of every `pmkit_<engine>_new`: parses the optional `Options`
// message (`what` names it in errors; size 0 gives the defaults), builds the
// handle with `create` (Options -> StatusOr<unique_ptr<Handle>>) and hands it
// to *out, which stays NULL on failure.
template <typename Options, typename Handle, typename Create>
int NewHandle(const void* data, size_t size, int format, absl::string_view what,
              Handle** out, char** error, Create create) {
  return Guard(error, [&] {
    if (out == nullptr) return MissingOutput(error);
    *out = nullptr;
    Options options;
    if (absl::Status s = ParseOptionalInput(data, size, format, what, &options);
        !s.ok()) {
      return Fail(s, error);
    }
    absl::StatusOr<std::unique_ptr<Handle>> handle = create(options);
    if (!handle.ok()) return Fail(handle.status(), error);
    *out = handle->release();
    return Succeed(error);
  });
}

// A handle whose only member is the engine `create` made, for NewHandle.
template <typename Handle, typename Engine>
absl::StatusOr<std::unique_ptr<Handle>> WrapEngine(
    absl::StatusOr<std::unique_ptr<Engine>> engine) {
  if (!engine.ok()) return engine.status();
  return std::unique_ptr<Handle>(new Handle{*std::move(engine)});
}

}  // namespace pmkit::capi

#endif  // PMKIT_CAPI_INTERNAL_H_

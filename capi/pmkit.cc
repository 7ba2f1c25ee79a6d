// The C ABI: a thin layer over the C++ API. Every entry point catches all
// exceptions (std::bad_alloc above all) so none crosses into C.
#include "pmkit.h"

#include <cstdlib>
#include <cstring>
#include <exception>
#include <memory>
#include <new>
#include <string>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "pmkit/io.h"
#include "pmkit/markdown.h"
#include "pmkit/version.h"

static_assert(PMKIT_VERSION_NUMBER == pmkit::kVersionNumber,
              "capi/pmkit.h and include/pmkit/version.h disagree");
static_assert(PMKIT_MAX_DOCUMENT_BYTES == pmkit::kDefaultMaxDocumentBytes,
              "capi/pmkit.h and include/pmkit/io.h disagree on the limit");
static_assert(PMKIT_UNAUTHENTICATED ==
                  static_cast<int>(absl::StatusCode::kUnauthenticated),
              "status codes must equal absl::StatusCode");

struct pmkit_postmortem {
  pmkit::v1::Postmortem message;
};

namespace {

// Copies `text` into a malloc'd, NUL-terminated buffer; null when out of
// memory. malloc (not new) so pmkit_free can release any library buffer.
char* CopyToBuffer(absl::string_view text) {
  char* buffer = static_cast<char*>(std::malloc(text.size() + 1));
  if (buffer == nullptr) return nullptr;
  if (!text.empty()) std::memcpy(buffer, text.data(), text.size());
  buffer[text.size()] = '\0';
  return buffer;
}

int Fail(absl::Status status, char** error) {
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

// Validates a format argument coming from C. `allow_auto` for inputs.
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

// Hands `bytes` to the caller as a library-owned buffer.
int Output(absl::string_view bytes, char** out, size_t* out_size,
           char** error) {
  char* buffer = CopyToBuffer(bytes);
  if (buffer == nullptr) {
    return Fail(absl::StatusCode::kResourceExhausted,
                "out of memory allocating the output", error);
  }
  *out = buffer;
  *out_size = bytes.size();
  return Succeed(error);
}

void ClearOutput(char** out, size_t* out_size) {
  if (out != nullptr) *out = nullptr;
  if (out_size != nullptr) *out_size = 0;
}

// Runs `body`, turning any escaping exception into a status code.
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

int ParseInto(const void* data, size_t size, int format,
              pmkit::v1::Postmortem* message, char** error) {
  if (absl::Status s = CheckInput(data, size); !s.ok()) return Fail(s, error);
  if (absl::Status s = CheckFormat(format, /*allow_auto=*/true); !s.ok()) {
    return Fail(s, error);
  }
  absl::Status status = pmkit::ParseMessage(
      AsView(data, size), static_cast<pmkit::Format>(format), message);
  if (!status.ok()) return Fail(status, error);
  return PMKIT_OK;
}

int SerializeTo(const pmkit::v1::Postmortem& message, int format, char** out,
                size_t* out_size, char** error) {
  if (absl::Status s = CheckFormat(format, /*allow_auto=*/false); !s.ok()) {
    return Fail(s, error);
  }
  absl::StatusOr<std::string> bytes =
      pmkit::SerializeMessage(message, static_cast<pmkit::Format>(format));
  if (!bytes.ok()) return Fail(bytes.status(), error);
  return Output(*bytes, out, out_size, error);
}

int RenderTo(const pmkit::v1::Postmortem& message, char** out,
             size_t* out_size, char** error) {
  absl::StatusOr<std::string> markdown = pmkit::RenderMarkdown(message);
  if (!markdown.ok()) return Fail(markdown.status(), error);
  return Output(*markdown, out, out_size, error);
}

int MissingOutput(char** error) {
  return Fail(absl::StatusCode::kInvalidArgument,
              "output pointer is NULL", error);
}

}  // namespace

extern "C" {

int pmkit_version_number(void) { return pmkit::kVersionNumber; }

const char* pmkit_version_string(void) { return pmkit::kVersionString; }

const char* pmkit_status_name(int status) {
  static constexpr const char* kNames[] = {
      "OK",       "CANCELLED",        "UNKNOWN",
      "INVALID_ARGUMENT", "DEADLINE_EXCEEDED", "NOT_FOUND",
      "ALREADY_EXISTS", "PERMISSION_DENIED", "RESOURCE_EXHAUSTED",
      "FAILED_PRECONDITION", "ABORTED",  "OUT_OF_RANGE",
      "UNIMPLEMENTED", "INTERNAL",       "UNAVAILABLE",
      "DATA_LOSS",    "UNAUTHENTICATED"};
  if (status < 0 || status > PMKIT_UNAUTHENTICATED) return "UNKNOWN_STATUS";
  return kNames[status];
}

const char* pmkit_format_name(int format) {
  switch (format) {
    case PMKIT_FORMAT_AUTO:
      return "auto";
    case PMKIT_FORMAT_BINARY:
      return "binary";
    case PMKIT_FORMAT_JSON:
      return "json";
    case PMKIT_FORMAT_TEXT:
      return "text";
    default:
      return nullptr;
  }
}

void pmkit_free(void* buffer) { std::free(buffer); }

int pmkit_detect_format(const void* data, size_t size, int* format_out,
                        char** error) {
  return Guard(error, [&] {
    if (format_out == nullptr) return MissingOutput(error);
    *format_out = PMKIT_FORMAT_AUTO;
    if (absl::Status s = CheckInput(data, size); !s.ok()) return Fail(s, error);
    *format_out = static_cast<int>(pmkit::DetectFormat(AsView(data, size)));
    return Succeed(error);
  });
}

int pmkit_postmortem_parse(const void* data, size_t size, int format,
                           pmkit_postmortem** out, char** error) {
  return Guard(error, [&] {
    if (out == nullptr) return MissingOutput(error);
    *out = nullptr;
    auto handle = std::make_unique<pmkit_postmortem>();
    if (int code = ParseInto(data, size, format, &handle->message, error);
        code != PMKIT_OK) {
      return code;
    }
    *out = handle.release();
    return Succeed(error);
  });
}

void pmkit_postmortem_free(pmkit_postmortem* postmortem) { delete postmortem; }

int pmkit_postmortem_serialize(const pmkit_postmortem* postmortem, int format,
                               char** out, size_t* out_size, char** error) {
  return Guard(error, [&] {
    ClearOutput(out, out_size);
    if (out == nullptr || out_size == nullptr) return MissingOutput(error);
    if (postmortem == nullptr) {
      return Fail(absl::StatusCode::kInvalidArgument, "postmortem is NULL",
                  error);
    }
    return SerializeTo(postmortem->message, format, out, out_size, error);
  });
}

size_t pmkit_postmortem_unknown_field_count(
    const pmkit_postmortem* postmortem) {
  if (postmortem == nullptr) return 0;
  try {
    return pmkit::CountUnknownFields(postmortem->message);
  } catch (...) {
    return 0;
  }
}

int pmkit_postmortem_render_markdown(const pmkit_postmortem* postmortem,
                                     char** out, size_t* out_size,
                                     char** error) {
  return Guard(error, [&] {
    ClearOutput(out, out_size);
    if (out == nullptr || out_size == nullptr) return MissingOutput(error);
    if (postmortem == nullptr) {
      return Fail(absl::StatusCode::kInvalidArgument, "postmortem is NULL",
                  error);
    }
    return RenderTo(postmortem->message, out, out_size, error);
  });
}

int pmkit_convert(const void* data, size_t size, int in_format, int out_format,
                  char** out, size_t* out_size, char** error) {
  return Guard(error, [&] {
    ClearOutput(out, out_size);
    if (out == nullptr || out_size == nullptr) return MissingOutput(error);
    if (absl::Status s = CheckFormat(out_format, /*allow_auto=*/false);
        !s.ok()) {
      return Fail(s, error);
    }
    pmkit::v1::Postmortem message;
    if (int code = ParseInto(data, size, in_format, &message, error);
        code != PMKIT_OK) {
      return code;
    }
    return SerializeTo(message, out_format, out, out_size, error);
  });
}

int pmkit_render_markdown(const void* data, size_t size, int in_format,
                          char** out, size_t* out_size, char** error) {
  return Guard(error, [&] {
    ClearOutput(out, out_size);
    if (out == nullptr || out_size == nullptr) return MissingOutput(error);
    pmkit::v1::Postmortem message;
    if (int code = ParseInto(data, size, in_format, &message, error);
        code != PMKIT_OK) {
      return code;
    }
    return RenderTo(message, out, out_size, error);
  });
}

}  // extern "C"

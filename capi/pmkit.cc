// The C ABI for versions, formats and postmortem documents: a thin layer over
// the C++ API. Every entry point runs inside Guard so no exception crosses
// into C.
#include "pmkit.h"

#include <cstdlib>
#include <memory>
#include <string>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "internal.h"
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

using ::pmkit::capi::AsView;
using ::pmkit::capi::CheckFormat;
using ::pmkit::capi::CheckInput;
using ::pmkit::capi::ClearOutput;
using ::pmkit::capi::Fail;
using ::pmkit::capi::Guard;
using ::pmkit::capi::MissingOutput;
using ::pmkit::capi::Output;
using ::pmkit::capi::OutputMessage;
using ::pmkit::capi::ParseInput;
using ::pmkit::capi::Succeed;

int ParseInto(const void* data, size_t size, int format,
              pmkit::v1::Postmortem* message, char** error) {
  absl::Status status = ParseInput(data, size, format, "", message);
  return status.ok() ? PMKIT_OK : Fail(status, error);
}

int RenderTo(const pmkit::v1::Postmortem& message, char** out,
             size_t* out_size, char** error) {
  absl::StatusOr<std::string> markdown = pmkit::RenderMarkdown(message);
  if (!markdown.ok()) return Fail(markdown.status(), error);
  return Output(*markdown, out, out_size, error);
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

// Library buffers come from malloc (see capi::CopyToBuffer).
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
    return OutputMessage(postmortem->message, format, out, out_size, error);
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
    return OutputMessage(message, out_format, out, out_size, error);
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

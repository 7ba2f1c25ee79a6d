// The C ABI of the blame detector: a thin layer over pmkit::BlameDetector.
// Options come in and reports go out as serialized protobuf so the ABI does
// not change when the lexicon schema grows.
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "internal.h"
#include "pmkit.h"
#include "pmkit/blame.h"
#include "pmkit/io.h"

struct pmkit_blame_detector {
  std::unique_ptr<pmkit::BlameDetector> detector;
};

namespace {

using ::pmkit::capi::AsView;
using ::pmkit::capi::CheckFormat;
using ::pmkit::capi::CheckInput;
using ::pmkit::capi::ClearOutput;
using ::pmkit::capi::Fail;
using ::pmkit::capi::Guard;
using ::pmkit::capi::MissingOutput;
using ::pmkit::capi::NewHandle;
using ::pmkit::capi::OutputMessage;
using ::pmkit::capi::WrapEngine;

int WriteReport(std::vector<pmkit::v1::Finding> findings,
                const std::string& document, int format, char** out,
                size_t* out_size, char** error) {
  pmkit::v1::Report report;
  report.set_document(document);
  for (pmkit::v1::Finding& f : findings) *report.add_findings() = std::move(f);
  return OutputMessage(report, format, out, out_size, error, {/*pretty=*/false});
}

// Checks shared by the scan functions; PMKIT_OK when the call may proceed.
int CheckScan(const pmkit_blame_detector* detector, const void* data,
              size_t size, int out_format, char** out, size_t* out_size,
              char** error) {
  if (out == nullptr || out_size == nullptr) return MissingOutput(error);
  if (detector == nullptr) {
    return Fail(absl::StatusCode::kInvalidArgument, "detector is NULL", error);
  }
  if (absl::Status s = CheckInput(data, size); !s.ok()) return Fail(s, error);
  if (absl::Status s = CheckFormat(out_format, /*allow_auto=*/false); !s.ok()) {
    return Fail(s, error);
  }
  return PMKIT_OK;
}

}  // namespace

extern "C" {

int pmkit_blame_detector_new(const void* options, size_t options_size,
                             int options_format, pmkit_blame_detector** out,
                             char** error) {
  return NewHandle<pmkit::v1::BlameOptions>(
      options, options_size, options_format, "options", out, error,
      [](const pmkit::v1::BlameOptions& parsed) {
        return WrapEngine<pmkit_blame_detector>(pmkit::BlameDetector::Create(parsed));
      });
}

void pmkit_blame_detector_free(pmkit_blame_detector* detector) {
  delete detector;
}

int pmkit_blame_detector_scan_text(const pmkit_blame_detector* detector,
                                   const char* text, size_t size, int kind,
                                   int out_format, char** out,
                                   size_t* out_size, char** error) {
  return Guard(error, [&] {
    ClearOutput(out, out_size);
    if (int code = CheckScan(detector, text, size, out_format, out, out_size,
                             error);
        code != PMKIT_OK) {
      return code;
    }
    if (kind != PMKIT_BLAME_TEXT_PLAIN && kind != PMKIT_BLAME_TEXT_MARKDOWN) {
      return Fail(absl::StatusCode::kInvalidArgument,
                  absl::StrCat("unknown text kind ", kind), error);
    }
    pmkit::BlameScanOptions options;
    options.kind = kind == PMKIT_BLAME_TEXT_MARKDOWN
                       ? pmkit::BlameTextKind::kMarkdown
                       : pmkit::BlameTextKind::kPlain;
    absl::StatusOr<std::vector<pmkit::v1::Finding>> findings =
        detector->detector->ScanText(AsView(text, size), options);
    if (!findings.ok()) return Fail(findings.status(), error);
    return WriteReport(std::move(*findings), "", out_format, out, out_size,
                       error);
  });
}

int pmkit_blame_detector_scan_postmortem(const pmkit_blame_detector* detector,
                                         const void* data, size_t size,
                                         int in_format, int out_format,
                                         char** out, size_t* out_size,
                                         char** error) {
  return Guard(error, [&] {
    ClearOutput(out, out_size);
    if (int code = CheckScan(detector, data, size, out_format, out, out_size,
                             error);
        code != PMKIT_OK) {
      return code;
    }
    if (absl::Status s = CheckFormat(in_format, /*allow_auto=*/true); !s.ok()) {
      return Fail(s, error);
    }
    pmkit::v1::Postmortem postmortem;
    if (absl::Status s = pmkit::ParseMessage(
            AsView(data, size), static_cast<pmkit::Format>(in_format),
            &postmortem);
        !s.ok()) {
      return Fail(s, error);
    }
    absl::StatusOr<std::vector<pmkit::v1::Finding>> findings =
        detector->detector->ScanPostmortem(postmortem);
    if (!findings.ok()) return Fail(findings.status(), error);
    return WriteReport(std::move(*findings), postmortem.id(), out_format, out,
                       out_size, error);
  });
}

const char* pmkit_blame_detector_lexicon_version(
    const pmkit_blame_detector* detector) {
  if (detector == nullptr) return "";
  return detector->detector->lexicon_version().c_str();
}

}  // extern "C"

// The C ABI of the validation engine: a thin layer over pmkit/validate.h.
#include <memory>
#include <string>

#include "absl/status/status.h"
#include "internal.h"
#include "pmkit.h"
#include "pmkit/io.h"
#include "pmkit/validate.h"

struct pmkit_validator {
  std::unique_ptr<pmkit::Validator> validator;
};

namespace {

using ::pmkit::capi::CheckFormat;
using ::pmkit::capi::ClearOutput;
using ::pmkit::capi::Fail;
using ::pmkit::capi::Guard;
using ::pmkit::capi::MissingOutput;
using ::pmkit::capi::NewHandle;
using ::pmkit::capi::OutputMessage;
using ::pmkit::capi::WrapEngine;
using ::pmkit::capi::ParseInput;

int ParseArg(const void* data, size_t size, int format, const char* what,
             google::protobuf::Message* message, char** error) {
  absl::Status status = ParseInput(data, size, format, what, message);
  return status.ok() ? PMKIT_OK : Fail(status, error);
}

}  // namespace

extern "C" {

int pmkit_validator_new(const void* policy, size_t policy_size, int format,
                        pmkit_validator** out, char** error) {
  return NewHandle<pmkit::v1::Policy>(
      policy, policy_size, format, "policy", out, error,
      [](const pmkit::v1::Policy& parsed) {
        return WrapEngine<pmkit_validator>(pmkit::Validator::Create(parsed));
      });
}

void pmkit_validator_free(pmkit_validator* validator) { delete validator; }

int pmkit_validator_validate(const pmkit_validator* validator, const void* data,
                             size_t size, int in_format, const void* options,
                             size_t options_size, int out_format, char** out,
                             size_t* out_size, char** error) {
  return Guard(error, [&] {
    ClearOutput(out, out_size);
    if (out == nullptr || out_size == nullptr) return MissingOutput(error);
    if (validator == nullptr) {
      return Fail(absl::StatusCode::kInvalidArgument, "validator is NULL", error);
    }
    if (absl::Status s = CheckFormat(out_format, /*allow_auto=*/false); !s.ok()) {
      return Fail(s, error);
    }
    pmkit::v1::ValidationOptions parsed_options;
    if (options_size > 0 || options != nullptr) {
      if (int code = ParseArg(options, options_size, PMKIT_FORMAT_AUTO,
                              "options", &parsed_options, error);
          code != PMKIT_OK) {
        return code;
      }
    }
    pmkit::v1::Postmortem postmortem;
    if (int code = ParseArg(data, size, in_format, "postmortem", &postmortem,
                            error);
        code != PMKIT_OK) {
      return code;
    }
    absl::StatusOr<pmkit::v1::Report> report =
        validator->validator->Validate(postmortem, parsed_options);
    if (!report.ok()) return Fail(report.status(), error);
    return OutputMessage(*report, out_format, out, out_size, error);
  });
}

int pmkit_validator_policy(const pmkit_validator* validator, int out_format,
                           char** out, size_t* out_size, char** error) {
  return Guard(error, [&] {
    ClearOutput(out, out_size);
    if (out == nullptr || out_size == nullptr) return MissingOutput(error);
    if (validator == nullptr) {
      return Fail(absl::StatusCode::kInvalidArgument, "validator is NULL", error);
    }
    return OutputMessage(validator->validator->policy(), out_format, out, out_size,
                     error);
  });
}

int pmkit_validator_rules(const pmkit_validator* validator, int out_format,
                          char** out, size_t* out_size, char** error) {
  return Guard(error, [&] {
    ClearOutput(out, out_size);
    if (out == nullptr || out_size == nullptr) return MissingOutput(error);
    if (validator != nullptr) {
      return OutputMessage(validator->validator->catalog(), out_format, out,
                       out_size, error);
    }
    return OutputMessage(pmkit::BuiltinRuleCatalog(), out_format, out, out_size,
                     error);
  });
}

}  // extern "C"

// Fuzzes the engines' C ABI entry points as a C caller uses them: validation,
// blame scanning, action-item evaluation, timeline import, and the engine
// constructors fed arbitrary option bytes. The first byte picks the entry
// point, the second the formats and flags, the rest is the input. Every call
// must return a valid status code; successes must hand out NUL-terminated
// buffers and no error, failures an error message and NULL outputs.
#include <cstddef>
#include <cstdint>
#include <cstdlib>

#include "pmkit.h"
#include "tests/fuzz/capi_checks.h"

namespace {

using ::pmkit_fuzz::Check;
using ::pmkit_fuzz::CheckResult;

// Engines with default options, shared by all inputs as a host would share
// them (they are immutable).
struct Engines {
  pmkit_validator* validator = nullptr;
  pmkit_blame_detector* detector = nullptr;
  pmkit_actions* actions = nullptr;
  Engines() {
    Check(pmkit_validator_new(nullptr, 0, PMKIT_FORMAT_AUTO, &validator, nullptr) ==
          PMKIT_OK);
    Check(pmkit_blame_detector_new(nullptr, 0, PMKIT_FORMAT_AUTO, &detector,
                                   nullptr) == PMKIT_OK);
    Check(pmkit_actions_new(nullptr, 0, PMKIT_FORMAT_AUTO, &actions, nullptr) ==
          PMKIT_OK);
  }
};

const char* const kImportFormats[] = {nullptr,     "auto",     "jsonl",  "csv",
                                      "slack",     "pagerduty", "alertmanager",
                                      "syslog",    "bogus"};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const Engines engines;
  if (size < 2) return 0;
  const int entry = data[0] % 8;
  const int in_format = static_cast<int>(data[1] % 5) - 1;         // -1..3
  const int out_format = static_cast<int>((data[1] >> 3) % 5) - 1;  // -1..3
  const void* input = data + 2;
  const size_t input_size = size - 2;
  const char* text = reinterpret_cast<const char*>(input);

  char* out = nullptr;
  char* error = nullptr;
  size_t out_size = 0;
  int status = PMKIT_OK;
  switch (entry) {
    case 0:
      status = pmkit_validator_validate(engines.validator, input, input_size, in_format,
                                        nullptr, 0, out_format, &out, &out_size, &error);
      break;
    case 1:
      status = pmkit_blame_detector_scan_text(engines.detector, text, input_size,
                                              in_format, out_format, &out, &out_size,
                                              &error);
      break;
    case 2:
      status = pmkit_blame_detector_scan_postmortem(engines.detector, input, input_size,
                                                    in_format, out_format, &out,
                                                    &out_size, &error);
      break;
    case 3: {
      // "Now" from the input too, extremes included.
      long long now = static_cast<long long>(data[1]) << 56 | 1700000000LL;
      status = pmkit_actions_evaluate(engines.actions, input, input_size, in_format, now,
                                      out_format, &out, &out_size, &error);
      break;
    }
    case 4:
      status = pmkit_timeline_import(
          input, input_size, kImportFormats[data[1] % 9], nullptr, 0, PMKIT_FORMAT_AUTO,
          data[1] & 1, out_format, &out, &out_size, &error);
      break;
    case 5: {
      pmkit_validator* validator = nullptr;
      status = pmkit_validator_new(input, input_size, in_format, &validator, &error);
      Check((status == PMKIT_OK) == (validator != nullptr));
      pmkit_validator_free(validator);
      break;
    }
    case 6: {
      pmkit_blame_detector* detector = nullptr;
      status = pmkit_blame_detector_new(input, input_size, in_format, &detector, &error);
      Check((status == PMKIT_OK) == (detector != nullptr));
      pmkit_blame_detector_free(detector);
      break;
    }
    case 7: {
      pmkit_actions* actions = nullptr;
      status = pmkit_actions_new(input, input_size, in_format, &actions, &error);
      Check((status == PMKIT_OK) == (actions != nullptr));
      pmkit_actions_free(actions);
      break;
    }
  }
  if (entry <= 4) {
    CheckResult(status, out, out_size, error);
  } else {
    Check(status >= PMKIT_OK && status <= PMKIT_UNAUTHENTICATED);
    Check((status == PMKIT_OK) == (error == nullptr));
    pmkit_free(error);
  }
  return 0;
}

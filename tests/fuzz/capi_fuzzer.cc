// Fuzzes the C ABI as a C caller uses it: arbitrary bytes with arbitrary
// (also invalid) format values through detect, convert, parse + serialize and
// render. Every call must return a valid status code; failures must come with
// a message and leave outputs NULL.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <cstring>

#include "pmkit.h"
#include "tests/fuzz/capi_checks.h"

using ::pmkit_fuzz::Check;
using ::pmkit_fuzz::CheckResult;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 2) return 0;
  // Formats from -1 to 5: the valid ones and invalid neighbours.
  const int in_format = static_cast<int>(data[0] % 7) - 1;
  const int out_format = static_cast<int>(data[1] % 7) - 1;
  const void* input = data + 2;
  const size_t input_size = size - 2;

  int detected = -1;
  char* error = nullptr;
  Check(pmkit_detect_format(input, input_size, &detected, &error) == PMKIT_OK);
  Check(detected >= PMKIT_FORMAT_BINARY && detected <= PMKIT_FORMAT_TEXT);

  char* out = nullptr;
  size_t out_size = 0;
  int status = pmkit_convert(input, input_size, in_format, out_format, &out, &out_size, &error);
  CheckResult(status, out, out_size, error);

  status = pmkit_render_markdown(input, input_size, in_format, &out, &out_size, &error);
  CheckResult(status, out, out_size, error);

  pmkit_postmortem* postmortem = nullptr;
  status = pmkit_postmortem_parse(input, input_size, in_format, &postmortem, &error);
  Check((status == PMKIT_OK) == (postmortem != nullptr));
  if (status != PMKIT_OK) {
    Check(error != nullptr);
    pmkit_free(error);
    return 0;
  }
  status = pmkit_postmortem_serialize(postmortem, out_format, &out, &out_size, &error);
  CheckResult(status, out, out_size, error);
  status = pmkit_postmortem_render_markdown(postmortem, &out, &out_size, &error);
  CheckResult(status, out, out_size, error);
  (void)pmkit_postmortem_unknown_field_count(postmortem);
  pmkit_postmortem_free(postmortem);
  return 0;
}

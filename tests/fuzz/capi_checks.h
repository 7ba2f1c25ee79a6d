// The C ABI contract the capi* fuzzers check after every call.
#ifndef PMKIT_TESTS_FUZZ_CAPI_CHECKS_H_
#define PMKIT_TESTS_FUZZ_CAPI_CHECKS_H_

#include <cstddef>
#include <cstdlib>

#include "pmkit.h"

namespace pmkit_fuzz {

inline void Check(bool condition) {
  if (!condition) std::abort();
}

// A valid status code; a success hands out a NUL-terminated buffer and no
// error, a failure an error message and NULL outputs. Frees both.
inline void CheckResult(int status, char* out, size_t out_size, char* error) {
  Check(status >= PMKIT_OK && status <= PMKIT_UNAUTHENTICATED);
  if (status == PMKIT_OK) {
    Check(error == nullptr && out != nullptr && out[out_size] == '\0');
  } else {
    Check(error != nullptr && out == nullptr && out_size == 0);
  }
  pmkit_free(out);
  pmkit_free(error);
}

}  // namespace pmkit_fuzz

#endif  // PMKIT_TESTS_FUZZ_CAPI_CHECKS_H_

/*
 * check.h: the minimal test harness shared by the C ABI tests
 * (tests/capi/NAME.c), in strict C99. No framework: CHECK and CHECK_STATUS count
 * passed and failed checks and print file:line for each failure; a test's
 * main ends with `return finish();`, which prints "N passed, M failed" and
 * returns nonzero when any check failed.
 */
#ifndef PMKIT_TESTS_CAPI_CHECK_H_
#define PMKIT_TESTS_CAPI_CHECK_H_

#include <stdio.h>
#include <string.h>

#include "pmkit.h"

static int g_passed = 0;
static int g_failed = 0;

#define CHECK(cond)                                                     \
  do {                                                                  \
    if (cond) {                                                         \
      ++g_passed;                                                       \
    } else {                                                            \
      ++g_failed;                                                       \
      fprintf(stderr, "%s:%d: CHECK failed: %s\n", __FILE__, __LINE__, \
              #cond);                                                   \
    }                                                                   \
  } while (0)

/* Checks that a status code equals the expected one, naming both. */
#define CHECK_STATUS(got, want) \
  check_status((got), (want), #got, __FILE__, __LINE__)

static inline void check_status(int got, int want, const char* expr,
                                const char* file, int line) {
  if (got == want) {
    ++g_passed;
    return;
  }
  ++g_failed;
  fprintf(stderr, "%s:%d: %s returned %d (%s), expected %d (%s)\n", file,
          line, expr, got, pmkit_status_name(got), want,
          pmkit_status_name(want));
}

/* True when `text` is not NULL and contains `needle`. */
static inline int contains(const char* text, const char* needle) {
  return text != NULL && strstr(text, needle) != NULL;
}

/* Prints the tally; the exit status for main. */
static inline int finish(void) {
  printf("%d passed, %d failed\n", g_passed, g_failed);
  return g_failed == 0 ? 0 : 1;
}

#endif /* PMKIT_TESTS_CAPI_CHECK_H_ */

/*
 * blame.c: tests of the blame detector's C ABI, in strict C99.
 * Prints "N passed, M failed"; nonzero exit when any check failed.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "pmkit.h"



static pmkit_blame_detector* new_default(void) {
  pmkit_blame_detector* d = NULL;
  char* error = NULL;
  int status = pmkit_blame_detector_new(NULL, 0, PMKIT_FORMAT_AUTO, &d, &error);
  CHECK(status == PMKIT_OK);
  CHECK(d != NULL);
  CHECK(error == NULL);
  return d;
}

static void test_scan_text(void) {
  pmkit_blame_detector* d = new_default();
  const char* text = "The deploy failed to complete. Maria didn't validate the payload.";
  char* out = NULL;
  size_t size = 0;
  char* error = NULL;
  int status = pmkit_blame_detector_scan_text(
      d, text, strlen(text), PMKIT_BLAME_TEXT_PLAIN, PMKIT_FORMAT_JSON, &out,
      &size, &error);
  CHECK(status == PMKIT_OK);
  CHECK(size == strlen(out));
  CHECK(contains(out, "\"ruleId\":\"blame.actor_as_cause\""));
  CHECK(contains(out, "\"category\":\"counterfactual\""));
  CHECK(contains(out, "\"excerpt\":\"Maria didn't validate\""));
  CHECK(contains(out, "\"start\":\"31\""));
  CHECK(contains(out, "\"suggestion\""));
  CHECK(!contains(out, "deploy failed"));
  pmkit_free(out);

  /* A neutral text: OK and an empty report. */
  status = pmkit_blame_detector_scan_text(d, "All good.", 9,
                                          PMKIT_BLAME_TEXT_MARKDOWN,
                                          PMKIT_FORMAT_TEXT, &out, &size, &error);
  CHECK(status == PMKIT_OK);
  CHECK(size == 0);
  pmkit_free(out);

  /* Binary report. */
  status = pmkit_blame_detector_scan_text(d, "Plain human error.", 18, 0,
                                          PMKIT_FORMAT_BINARY, &out, &size,
                                          &error);
  CHECK(status == PMKIT_OK);
  CHECK(size > 10);
  pmkit_free(out);

  CHECK(strlen(pmkit_blame_detector_lexicon_version(d)) > 0);
  CHECK(strcmp(pmkit_blame_detector_lexicon_version(NULL), "") == 0);
  pmkit_blame_detector_free(d);
}

static void test_errors(void) {
  pmkit_blame_detector* d = new_default();
  char* out = (char*)&g_passed;
  size_t size = 7;
  char* error = NULL;
  /* Invalid UTF-8 is reported with its offset. */
  int status = pmkit_blame_detector_scan_text(d, "ab\xff", 3, 0,
                                              PMKIT_FORMAT_JSON, &out, &size,
                                              &error);
  CHECK(status == PMKIT_INVALID_ARGUMENT);
  CHECK(out == NULL && size == 0);
  CHECK(contains(error, "byte 2"));
  pmkit_free(error);
  error = NULL;
  /* Bad kind, bad output format, NULL detector, NULL text with a size,
   * missing output pointers. */
  CHECK(pmkit_blame_detector_scan_text(d, "x", 1, 7, PMKIT_FORMAT_JSON, &out,
                                       &size, NULL) == PMKIT_INVALID_ARGUMENT);
  CHECK(pmkit_blame_detector_scan_text(d, "x", 1, 0, PMKIT_FORMAT_AUTO, &out,
                                       &size, NULL) == PMKIT_INVALID_ARGUMENT);
  CHECK(pmkit_blame_detector_scan_text(NULL, "x", 1, 0, PMKIT_FORMAT_JSON,
                                       &out, &size, NULL) ==
        PMKIT_INVALID_ARGUMENT);
  CHECK(pmkit_blame_detector_scan_text(d, NULL, 5, 0, PMKIT_FORMAT_JSON, &out,
                                       &size, NULL) == PMKIT_INVALID_ARGUMENT);
  CHECK(pmkit_blame_detector_scan_text(d, "x", 1, 0, PMKIT_FORMAT_JSON, NULL,
                                       &size, NULL) == PMKIT_INVALID_ARGUMENT);
  /* Empty text with NULL is fine. */
  CHECK(pmkit_blame_detector_scan_text(d, NULL, 0, 0, PMKIT_FORMAT_JSON, &out,
                                       &size, NULL) == PMKIT_OK);
  pmkit_free(out);
  /* Malformed postmortem. */
  status = pmkit_blame_detector_scan_postmortem(d, "{\"title\": 3", 11,
                                                PMKIT_FORMAT_AUTO,
                                                PMKIT_FORMAT_JSON, &out, &size,
                                                &error);
  CHECK(status == PMKIT_INVALID_ARGUMENT);
  CHECK(error != NULL);
  pmkit_free(error);
  pmkit_blame_detector_free(d);
  pmkit_blame_detector_free(NULL);
}

static void test_options(void) {
  pmkit_blame_detector* d = NULL;
  char* error = NULL;
  const char* options = "person_names: \"Quill\" include_hints: true";
  CHECK(pmkit_blame_detector_new(options, strlen(options), PMKIT_FORMAT_TEXT,
                                 &d, &error) == PMKIT_OK);
  {
    const char* text = "Quill pushed the wrong tag.";
    char* out = NULL;
    size_t size = 0;
    CHECK(pmkit_blame_detector_scan_text(d, text, strlen(text), 0,
                                         PMKIT_FORMAT_JSON, &out, &size,
                                         NULL) == PMKIT_OK);
    CHECK(contains(out, "actor_as_cause"));
    pmkit_free(out);
  }
  pmkit_blame_detector_free(d);

  /* A bad pattern names the rule. */
  d = (pmkit_blame_detector*)&g_passed;
  options = "{\"lexicon\": {\"rules\": [{\"id\": \"org.bad\", \"categories\": "
            "[\"BLAME_CATEGORY_COUNTERFACTUAL\"], \"patterns\": [\"<nope>\"]}]}}";
  CHECK(pmkit_blame_detector_new(options, strlen(options), PMKIT_FORMAT_AUTO,
                                 &d, &error) == PMKIT_INVALID_ARGUMENT);
  CHECK(d == NULL);
  CHECK(contains(error, "org.bad"));
  pmkit_free(error);
  /* Garbage options. */
  CHECK(pmkit_blame_detector_new("\x08\x01\xff", 3, PMKIT_FORMAT_BINARY, &d,
                                 NULL) != PMKIT_OK);
  CHECK(pmkit_blame_detector_new(NULL, 0, PMKIT_FORMAT_AUTO, NULL, NULL) ==
        PMKIT_INVALID_ARGUMENT);
}

static void test_postmortem(void) {
  pmkit_blame_detector* d = new_default();
  const char* pm =
      "id: \"pm-9\" people { id: \"u1\" display_name: \"Tavi Roe\" } "
      "analysis { trigger: \"Tavi deployed the wrong build.\" } "
      "action_items { title: \"Engineers must be more careful.\" }";
  char* out = NULL;
  size_t size = 0;
  CHECK(pmkit_blame_detector_scan_postmortem(d, pm, strlen(pm),
                                             PMKIT_FORMAT_AUTO,
                                             PMKIT_FORMAT_JSON, &out, &size,
                                             NULL) == PMKIT_OK);
  CHECK(contains(out, "\"pathText\":\"analysis.trigger\""));
  CHECK(contains(out, "\"pathText\":\"action_items[0].title\""));
  CHECK(contains(out, "person_focused_remediation"));
  CHECK(contains(out, "\"document\":\"pm-9\""));
  pmkit_free(out);
  pmkit_blame_detector_free(d);
}

int main(void) {
  test_scan_text();
  test_errors();
  test_options();
  test_postmortem();
  return finish();
}

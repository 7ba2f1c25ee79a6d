/*
 * validate.c: tests of the validation section of the pmkit C ABI, in strict
 * C99. Prints "N passed, M failed"; returns nonzero when a check failed.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "pmkit.h"



static const char kDoc[] =
    "id: \"pm-c\"\n"
    "status: DOCUMENT_STATUS_PUBLISHED\n"
    "severity { level: \"SEV1\" }\n"
    "action_items { id: \"AI-1\" title: \"Be more careful when deploying\" }\n";

static void test_default_validator(void) {
  pmkit_validator* v = NULL;
  char* error = (char*)1;
  char* out = NULL;
  size_t size = 0;
  CHECK(pmkit_validator_new(NULL, 0, PMKIT_FORMAT_AUTO, &v, &error) == PMKIT_OK);
  CHECK(v != NULL);
  CHECK(error == NULL);
  CHECK(pmkit_validator_validate(v, kDoc, strlen(kDoc), PMKIT_FORMAT_TEXT, NULL,
                                 0, PMKIT_FORMAT_JSON, &out, &size,
                                 &error) == PMKIT_OK);
  CHECK(size > 0 && out != NULL && out[size] == '\0');
  CHECK(contains(out, "\"ruleId\": \"action_item.owner.missing\""));
  CHECK(contains(out, "\"pathText\": \"action_items[0].owner_id\""));
  CHECK(contains(out, "action_item.depends_on_care"));
  CHECK(contains(out, "\"document\": \"pm-c\""));
  pmkit_free(out);

  /* Options: document name and minimum severity, in text format. */
  {
    const char options[] =
        "document: \"file.textproto\" min_severity: FINDING_SEVERITY_ERROR";
    CHECK(pmkit_validator_validate(v, kDoc, strlen(kDoc), PMKIT_FORMAT_AUTO,
                                   options, strlen(options), PMKIT_FORMAT_TEXT,
                                   &out, &size, &error) == PMKIT_OK);
    CHECK(contains(out, "document: \"file.textproto\""));
    CHECK(!contains(out, "FINDING_SEVERITY_WARNING"));
    pmkit_free(out);
  }

  /* Binary report out. */
  CHECK(pmkit_validator_validate(v, kDoc, strlen(kDoc), PMKIT_FORMAT_AUTO, NULL,
                                 0, PMKIT_FORMAT_BINARY, &out, &size,
                                 &error) == PMKIT_OK);
  CHECK(size > 10);
  pmkit_free(out);

  /* The effective policy and the catalog. */
  CHECK(pmkit_validator_policy(v, PMKIT_FORMAT_TEXT, &out, &size, &error) ==
        PMKIT_OK);
  CHECK(contains(out, "SEV4"));
  pmkit_free(out);
  CHECK(pmkit_validator_rules(v, PMKIT_FORMAT_JSON, &out, &size, &error) ==
        PMKIT_OK);
  CHECK(contains(out, "\"id\": \"hygiene.placeholder\""));
  CHECK(contains(out, "rationale"));
  pmkit_free(out);
  CHECK(pmkit_validator_rules(NULL, PMKIT_FORMAT_TEXT, &out, &size, &error) ==
        PMKIT_OK);
  CHECK(contains(out, "time.lifecycle.order"));
  pmkit_free(out);
  pmkit_validator_free(v);
}

static void test_policies(void) {
  pmkit_validator* v = NULL;
  char* error = NULL;
  char* out = NULL;
  size_t size = 0;
  const char policy[] =
      "{\"ruleOverrides\": [{\"ruleId\": \"action_item.owner.missing\", "
      "\"enabled\": false}]}";
  CHECK(pmkit_validator_new(policy, strlen(policy), PMKIT_FORMAT_JSON, &v,
                            &error) == PMKIT_OK);
  CHECK(pmkit_validator_validate(v, kDoc, strlen(kDoc), PMKIT_FORMAT_TEXT, NULL,
                                 0, PMKIT_FORMAT_JSON, &out, &size,
                                 &error) == PMKIT_OK);
  CHECK(!contains(out, "action_item.owner.missing"));
  pmkit_free(out);
  pmkit_validator_free(v);

  {
    const char bad[] = "rule_overrides { rule_id: \"nope\" enabled: false }";
    v = (pmkit_validator*)1;
    CHECK(pmkit_validator_new(bad, strlen(bad), PMKIT_FORMAT_TEXT, &v, &error) ==
          PMKIT_INVALID_ARGUMENT);
    CHECK(v == NULL);
    CHECK(contains(error, "nope"));
    pmkit_free(error);
  }
  {
    const char garbage[] = "{ not json";
    CHECK(pmkit_validator_new(garbage, strlen(garbage), PMKIT_FORMAT_AUTO, &v,
                              &error) == PMKIT_INVALID_ARGUMENT);
    CHECK(contains(error, "policy: json:"));
    pmkit_free(error);
  }
  CHECK(pmkit_validator_new(NULL, 5, PMKIT_FORMAT_AUTO, &v, &error) ==
        PMKIT_INVALID_ARGUMENT);
  pmkit_free(error);
  CHECK(pmkit_validator_new(NULL, 0, 42, &v, &error) == PMKIT_INVALID_ARGUMENT);
  pmkit_free(error);
  CHECK(pmkit_validator_new(NULL, 0, PMKIT_FORMAT_AUTO, NULL, &error) ==
        PMKIT_INVALID_ARGUMENT);
  pmkit_free(error);
  pmkit_validator_free(NULL);
}

static void test_bad_inputs(void) {
  pmkit_validator* v = NULL;
  char* error = NULL;
  char* out = (char*)1;
  size_t size = 7;
  unsigned char truncated[] = {0x12, 0x40, 'a', 'b'};
  char* big;
  CHECK(pmkit_validator_new(NULL, 0, PMKIT_FORMAT_AUTO, &v, NULL) == PMKIT_OK);
  CHECK(pmkit_validator_validate(v, truncated, sizeof(truncated),
                                 PMKIT_FORMAT_BINARY, NULL, 0,
                                 PMKIT_FORMAT_JSON, &out, &size,
                                 &error) == PMKIT_INVALID_ARGUMENT);
  CHECK(out == NULL && size == 0);
  CHECK(contains(error, "postmortem: binary:"));
  pmkit_free(error);
  CHECK(pmkit_validator_validate(NULL, kDoc, strlen(kDoc), PMKIT_FORMAT_AUTO,
                                 NULL, 0, PMKIT_FORMAT_JSON, &out, &size,
                                 &error) == PMKIT_INVALID_ARGUMENT);
  pmkit_free(error);
  CHECK(pmkit_validator_validate(v, kDoc, strlen(kDoc), PMKIT_FORMAT_AUTO, NULL,
                                 0, PMKIT_FORMAT_AUTO, &out, &size,
                                 &error) == PMKIT_INVALID_ARGUMENT);
  pmkit_free(error);
  CHECK(pmkit_validator_validate(v, kDoc, strlen(kDoc), PMKIT_FORMAT_AUTO,
                                 "min_severity: 99", 16, PMKIT_FORMAT_JSON,
                                 &out, &size, &error) != PMKIT_OK);
  pmkit_free(error);
  CHECK(pmkit_validator_validate(v, kDoc, strlen(kDoc), PMKIT_FORMAT_AUTO,
                                 "bogus: 1", 8, PMKIT_FORMAT_JSON, &out, &size,
                                 &error) == PMKIT_INVALID_ARGUMENT);
  CHECK(contains(error, "options"));
  pmkit_free(error);
  CHECK(pmkit_validator_validate(v, kDoc, strlen(kDoc), PMKIT_FORMAT_AUTO, NULL,
                                 0, PMKIT_FORMAT_JSON, NULL, &size,
                                 &error) == PMKIT_INVALID_ARGUMENT);
  pmkit_free(error);
  /* Oversized input is refused before parsing. */
  big = (char*)calloc(PMKIT_MAX_DOCUMENT_BYTES + 1, 1);
  if (big != NULL) {
    CHECK(pmkit_validator_validate(v, big, PMKIT_MAX_DOCUMENT_BYTES + 1,
                                   PMKIT_FORMAT_BINARY, NULL, 0,
                                   PMKIT_FORMAT_JSON, &out, &size,
                                   &error) == PMKIT_RESOURCE_EXHAUSTED);
    pmkit_free(error);
    free(big);
  }
  /* Empty input is the empty message: valid, with findings as data. */
  CHECK(pmkit_validator_validate(v, NULL, 0, PMKIT_FORMAT_BINARY, NULL, 0,
                                 PMKIT_FORMAT_JSON, &out, &size,
                                 &error) == PMKIT_OK);
  pmkit_free(out);
  pmkit_validator_free(v);
}

static void test_sample(void) {
  char path[4096];
  FILE* f;
  long length;
  char* data;
  pmkit_validator* v = NULL;
  char* out = NULL;
  size_t size = 0;
  snprintf(path, sizeof(path), "%s/examples/sample/postmortem.textproto",
           PMKIT_SOURCE_DIR);
  f = fopen(path, "rb");
  CHECK(f != NULL);
  if (f == NULL) return;
  fseek(f, 0, SEEK_END);
  length = ftell(f);
  fseek(f, 0, SEEK_SET);
  data = (char*)malloc((size_t)length);
  CHECK(fread(data, 1, (size_t)length, f) == (size_t)length);
  fclose(f);
  CHECK(pmkit_validator_new(NULL, 0, 0, &v, NULL) == PMKIT_OK);
  CHECK(pmkit_validator_validate(v, data, (size_t)length, PMKIT_FORMAT_AUTO,
                                 NULL, 0, PMKIT_FORMAT_JSON, &out, &size,
                                 NULL) == PMKIT_OK);
  CHECK(!contains(out, "FINDING_SEVERITY_ERROR"));
  pmkit_free(out);
  pmkit_validator_free(v);
  free(data);
}

int main(void) {
  test_default_validator();
  test_policies();
  test_bad_inputs();
  test_sample();
  return finish();
}

/*
 * c_api_test.c: tests of the pmkit C ABI (capi/pmkit.h), written in strict
 * C99 so that the header is exercised exactly as a C program sees it.
 * The harness (CHECK, CHECK_STATUS, finish) is tests/capi/check.h.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "pmkit.h"

#ifndef PMKIT_SOURCE_DIR
#define PMKIT_SOURCE_DIR "."
#endif



/* A value the library never returns, used to see that it overwrites
 * out-parameters. */
static char g_dummy_byte;
#define DUMMY (&g_dummy_byte)

static int starts_with(const char* text, const char* prefix) {
  return text != NULL && strncmp(text, prefix, strlen(prefix)) == 0;
}


/* Releases an error message unless it is NULL or the dummy. */
static void free_error(char* error) {
  if (error != NULL && error != DUMMY) pmkit_free(error);
}

static const char kSmallText[] =
    "id: \"pm-c-api-1\"\n"
    "title: \"Checkout outage: expired TLS certificate\"\n"
    "status: DOCUMENT_STATUS_PUBLISHED\n"
    "severity { level: \"SEV2\" rank: 2 }\n"
    "summary: \"The checkout TLS certificate expired; payments failed for "
    "42 minutes.\"\n"
    "tags: \"payments\"\n"
    "tags: \"tls\"\n"
    "custom_fields { key: \"zeta\" value { string_value: \"last\" } }\n"
    "custom_fields { key: \"alpha\" value { int_value: 7 } }\n"
    "custom_fields { key: \"mid\" value { bool_value: true } }\n"
    "timeline {\n"
    "  id: \"e1\"\n"
    "  time { time { seconds: 1709388309 } precision: "
    "TIME_PRECISION_SECOND }\n"
    "  kind: EVENT_KIND_ALERT\n"
    "  text: \"Alert: checkout error rate above 5%\"\n"
    "  milestone: MILESTONE_DETECTED\n"
    "}\n"
    "timeline {\n"
    "  id: \"e2\"\n"
    "  time { time { seconds: 1709390829 } }\n"
    "  kind: EVENT_KIND_ACTION\n"
    "  text: \"Certificate renewed\"\n"
    "}\n";
#define SMALL_TITLE "Checkout outage: expired TLS certificate"

/* ------------------------------------------------------------------------ */

static void test_version(void) {
  char expected[64];
  CHECK(pmkit_version_number() == PMKIT_VERSION_NUMBER);
  CHECK(PMKIT_VERSION_NUMBER == PMKIT_VERSION_MAJOR * 10000 +
                                    PMKIT_VERSION_MINOR * 100 +
                                    PMKIT_VERSION_PATCH);
  CHECK(pmkit_version_string() != NULL);
  CHECK(strcmp(pmkit_version_string(), PMKIT_VERSION_STRING) == 0);
  sprintf(expected, "%d.%d.%d", PMKIT_VERSION_MAJOR, PMKIT_VERSION_MINOR,
          PMKIT_VERSION_PATCH);
  CHECK(strcmp(expected, PMKIT_VERSION_STRING) == 0);
  CHECK(PMKIT_MAX_DOCUMENT_BYTES == 64L * 1024 * 1024);
}

static void test_status_names(void) {
  int code;
  CHECK(strcmp(pmkit_status_name(PMKIT_OK), "OK") == 0);
  CHECK(strcmp(pmkit_status_name(PMKIT_CANCELLED), "CANCELLED") == 0);
  CHECK(strcmp(pmkit_status_name(PMKIT_INVALID_ARGUMENT),
               "INVALID_ARGUMENT") == 0);
  CHECK(strcmp(pmkit_status_name(PMKIT_NOT_FOUND), "NOT_FOUND") == 0);
  CHECK(strcmp(pmkit_status_name(PMKIT_RESOURCE_EXHAUSTED),
               "RESOURCE_EXHAUSTED") == 0);
  CHECK(strcmp(pmkit_status_name(PMKIT_INTERNAL), "INTERNAL") == 0);
  CHECK(strcmp(pmkit_status_name(PMKIT_DATA_LOSS), "DATA_LOSS") == 0);
  CHECK(strcmp(pmkit_status_name(PMKIT_UNAUTHENTICATED),
               "UNAUTHENTICATED") == 0);
  for (code = PMKIT_OK; code <= PMKIT_UNAUTHENTICATED; ++code) {
    const char* name = pmkit_status_name(code);
    CHECK(name != NULL && name[0] != '\0' &&
          strcmp(name, "UNKNOWN_STATUS") != 0);
  }
  CHECK(strcmp(pmkit_status_name(-1), "UNKNOWN_STATUS") == 0);
  CHECK(strcmp(pmkit_status_name(17), "UNKNOWN_STATUS") == 0);
  CHECK(strcmp(pmkit_status_name(1000), "UNKNOWN_STATUS") == 0);
}

static void test_format_names(void) {
  CHECK(strcmp(pmkit_format_name(PMKIT_FORMAT_AUTO), "auto") == 0);
  CHECK(strcmp(pmkit_format_name(PMKIT_FORMAT_BINARY), "binary") == 0);
  CHECK(strcmp(pmkit_format_name(PMKIT_FORMAT_JSON), "json") == 0);
  CHECK(strcmp(pmkit_format_name(PMKIT_FORMAT_TEXT), "text") == 0);
  CHECK(pmkit_format_name(-1) == NULL);
  CHECK(pmkit_format_name(4) == NULL);
  CHECK(pmkit_format_name(1000) == NULL);
}

static void test_detect_format(void) {
  static const char json[] = "  \n\t{\"title\": \"x\"}";
  static const char text[] = "title: \"x\"\nsummary: \"y\"\n";
  static const unsigned char binary[] = {0x12, 0x01, 0x78};
  int format = -1;
  char* error = DUMMY;

  CHECK_STATUS(pmkit_detect_format(json, strlen(json), &format, &error),
               PMKIT_OK);
  CHECK(format == PMKIT_FORMAT_JSON);
  CHECK(error == NULL);

  format = -1;
  error = DUMMY;
  CHECK_STATUS(pmkit_detect_format(text, strlen(text), &format, &error),
               PMKIT_OK);
  CHECK(format == PMKIT_FORMAT_TEXT);
  CHECK(error == NULL);

  format = -1;
  error = DUMMY;
  CHECK_STATUS(
      pmkit_detect_format(binary, sizeof(binary), &format, &error), PMKIT_OK);
  CHECK(format == PMKIT_FORMAT_BINARY);
  CHECK(error == NULL);

  /* Empty input is the empty binary message, with or without a pointer. */
  format = -1;
  error = DUMMY;
  CHECK_STATUS(pmkit_detect_format("", 0, &format, &error), PMKIT_OK);
  CHECK(format == PMKIT_FORMAT_BINARY);
  CHECK(error == NULL);
  format = -1;
  CHECK_STATUS(pmkit_detect_format(NULL, 0, &format, NULL), PMKIT_OK);
  CHECK(format == PMKIT_FORMAT_BINARY);

  /* Error paths. */
  error = DUMMY;
  CHECK_STATUS(pmkit_detect_format(NULL, 3, &format, &error),
               PMKIT_INVALID_ARGUMENT);
  CHECK(error != NULL && error != DUMMY);
  free_error(error);
  error = DUMMY;
  CHECK_STATUS(pmkit_detect_format(json, strlen(json), NULL, &error),
               PMKIT_INVALID_ARGUMENT);
  CHECK(error != NULL && error != DUMMY);
  free_error(error);
  CHECK_STATUS(pmkit_detect_format(json, strlen(json), NULL, NULL),
               PMKIT_INVALID_ARGUMENT);
}

/* Parses `data` and serializes it in `format`; returns the status. */
static int parse_and_serialize(const void* data, size_t size, int in_format,
                               int out_format, char** out, size_t* out_size) {
  pmkit_postmortem* pm = NULL;
  char* error = DUMMY;
  int status = pmkit_postmortem_parse(data, size, in_format, &pm, &error);
  *out = NULL;
  *out_size = 0;
  if (status != PMKIT_OK) {
    fprintf(stderr, "  parse failed: %s\n", error != NULL ? error : "(null)");
    free_error(error);
    return status;
  }
  CHECK(error == NULL);
  error = DUMMY;
  status = pmkit_postmortem_serialize(pm, out_format, out, out_size, &error);
  if (status != PMKIT_OK) {
    fprintf(stderr, "  serialize failed: %s\n",
            error != NULL ? error : "(null)");
    free_error(error);
  } else {
    CHECK(error == NULL);
  }
  pmkit_postmortem_free(pm);
  return status;
}

static void test_round_trip(void) {
  pmkit_postmortem* pm = NULL;
  char* error = DUMMY;
  char* binary = NULL;
  char* json = NULL;
  char* text = NULL;
  char* binary2 = NULL;
  char* binary3 = NULL;
  char* binary4 = NULL;
  size_t binary_size = 0, json_size = 0, text_size = 0;
  size_t binary2_size = 0, binary3_size = 0, binary4_size = 0;

  CHECK_STATUS(pmkit_postmortem_parse(kSmallText, strlen(kSmallText),
                                      PMKIT_FORMAT_TEXT, &pm, &error),
               PMKIT_OK);
  CHECK(error == NULL);
  CHECK(pm != NULL);
  if (pm == NULL) return;
  CHECK(pmkit_postmortem_unknown_field_count(pm) == 0);

  error = DUMMY;
  CHECK_STATUS(pmkit_postmortem_serialize(pm, PMKIT_FORMAT_BINARY, &binary,
                                          &binary_size, &error),
               PMKIT_OK);
  CHECK(error == NULL);
  CHECK(binary != NULL && binary_size > 0);
  if (binary != NULL) CHECK(binary[binary_size] == '\0');

  error = DUMMY;
  CHECK_STATUS(pmkit_postmortem_serialize(pm, PMKIT_FORMAT_JSON, &json,
                                          &json_size, &error),
               PMKIT_OK);
  CHECK(error == NULL);
  CHECK(json != NULL && json_size > 0);
  if (json != NULL) {
    CHECK(json[json_size] == '\0');
    CHECK(strlen(json) == json_size);
    CHECK(contains(json, "\"title\""));
    CHECK(contains(json, "\"customFields\"")); /* lowerCamelCase */
    CHECK(contains(json, SMALL_TITLE));
  }

  error = DUMMY;
  CHECK_STATUS(pmkit_postmortem_serialize(pm, PMKIT_FORMAT_TEXT, &text,
                                          &text_size, &error),
               PMKIT_OK);
  CHECK(error == NULL);
  CHECK(text != NULL && text_size > 0);
  if (text != NULL) {
    CHECK(text[text_size] == '\0');
    CHECK(strlen(text) == text_size);
    CHECK(contains(text, SMALL_TITLE));
  }
  pmkit_postmortem_free(pm);

  /* Each output parses back to the same message: equal binary bytes. */
  if (binary != NULL) {
    CHECK_STATUS(parse_and_serialize(binary, binary_size, PMKIT_FORMAT_BINARY,
                                     PMKIT_FORMAT_BINARY, &binary2,
                                     &binary2_size),
                 PMKIT_OK);
    CHECK(binary2 != NULL && binary2_size == binary_size &&
          memcmp(binary, binary2, binary_size) == 0);
    if (binary2 != NULL) CHECK(binary2[binary2_size] == '\0');
  }
  if (json != NULL && binary != NULL) {
    CHECK_STATUS(parse_and_serialize(json, json_size, PMKIT_FORMAT_JSON,
                                     PMKIT_FORMAT_BINARY, &binary3,
                                     &binary3_size),
                 PMKIT_OK);
    CHECK(binary3 != NULL && binary3_size == binary_size &&
          memcmp(binary, binary3, binary_size) == 0);
  }
  if (text != NULL && binary != NULL) {
    /* AUTO must detect the text. */
    CHECK_STATUS(parse_and_serialize(text, text_size, PMKIT_FORMAT_AUTO,
                                     PMKIT_FORMAT_BINARY, &binary4,
                                     &binary4_size),
                 PMKIT_OK);
    CHECK(binary4 != NULL && binary4_size == binary_size &&
          memcmp(binary, binary4, binary_size) == 0);
  }

  pmkit_free(binary);
  pmkit_free(json);
  pmkit_free(text);
  pmkit_free(binary2);
  pmkit_free(binary3);
  pmkit_free(binary4);
}

static void test_empty_message(void) {
  pmkit_postmortem* pm = NULL;
  char* error = DUMMY;
  char* out = DUMMY;
  size_t out_size = 99;

  /* NULL data with size 0 is the empty message. */
  CHECK_STATUS(
      pmkit_postmortem_parse(NULL, 0, PMKIT_FORMAT_BINARY, &pm, &error),
      PMKIT_OK);
  CHECK(error == NULL);
  CHECK(pm != NULL);
  if (pm != NULL) {
    error = DUMMY;
    CHECK_STATUS(pmkit_postmortem_serialize(pm, PMKIT_FORMAT_BINARY, &out,
                                            &out_size, &error),
                 PMKIT_OK);
    CHECK(error == NULL);
    CHECK(out != NULL && out != DUMMY && out_size == 0);
    if (out != NULL && out != DUMMY) {
      CHECK(out[0] == '\0');
      pmkit_free(out);
    }
    out = DUMMY;
    out_size = 99;
    CHECK_STATUS(pmkit_postmortem_serialize(pm, PMKIT_FORMAT_JSON, &out,
                                            &out_size, NULL),
                 PMKIT_OK);
    CHECK(out != NULL && out != DUMMY);
    if (out != NULL && out != DUMMY) {
      CHECK(out[out_size] == '\0');
      CHECK(out[0] == '{');
      pmkit_free(out);
    }
    pmkit_postmortem_free(pm);
  }

  /* AUTO on empty input, and convert of empty input. */
  pm = NULL;
  CHECK_STATUS(pmkit_postmortem_parse(NULL, 0, PMKIT_FORMAT_AUTO, &pm, NULL),
               PMKIT_OK);
  pmkit_postmortem_free(pm);
  out = DUMMY;
  out_size = 99;
  CHECK_STATUS(pmkit_convert(NULL, 0, PMKIT_FORMAT_BINARY,
                             PMKIT_FORMAT_BINARY, &out, &out_size, NULL),
               PMKIT_OK);
  CHECK(out != NULL && out != DUMMY && out_size == 0);
  if (out != NULL && out != DUMMY) {
    CHECK(out[0] == '\0');
    pmkit_free(out);
  }
}

static void test_convert_and_render(void) {
  char* out = NULL;
  size_t out_size = 0;
  char* error = DUMMY;
  pmkit_postmortem* pm = NULL;

  CHECK_STATUS(pmkit_convert(kSmallText, strlen(kSmallText),
                             PMKIT_FORMAT_TEXT, PMKIT_FORMAT_JSON, &out,
                             &out_size, &error),
               PMKIT_OK);
  CHECK(error == NULL);
  CHECK(out != NULL);
  if (out != NULL) {
    CHECK(out[out_size] == '\0');
    CHECK(strlen(out) == out_size);
    CHECK(contains(out, SMALL_TITLE));
    CHECK(contains(out, "\"DOCUMENT_STATUS_PUBLISHED\""));
    pmkit_free(out);
  }

  out = NULL;
  error = DUMMY;
  CHECK_STATUS(pmkit_convert(kSmallText, strlen(kSmallText),
                             PMKIT_FORMAT_AUTO, PMKIT_FORMAT_TEXT, &out,
                             &out_size, &error),
               PMKIT_OK);
  CHECK(error == NULL);
  if (out != NULL) {
    CHECK(out[out_size] == '\0');
    CHECK(contains(out, SMALL_TITLE));
    pmkit_free(out);
  }

  out = NULL;
  error = DUMMY;
  CHECK_STATUS(pmkit_render_markdown(kSmallText, strlen(kSmallText),
                                     PMKIT_FORMAT_AUTO, &out, &out_size,
                                     &error),
               PMKIT_OK);
  CHECK(error == NULL);
  CHECK(out != NULL && out_size > 0);
  if (out != NULL) {
    CHECK(out[out_size] == '\0');
    CHECK(strlen(out) == out_size);
    CHECK(contains(out, SMALL_TITLE));
    CHECK(contains(out, "## Timeline"));
    CHECK(contains(out, "Certificate renewed"));
    pmkit_free(out);
  }

  /* The handle-based renderer gives the same Markdown. */
  CHECK_STATUS(pmkit_postmortem_parse(kSmallText, strlen(kSmallText),
                                      PMKIT_FORMAT_TEXT, &pm, NULL),
               PMKIT_OK);
  if (pm != NULL) {
    char* direct = NULL;
    size_t direct_size = 0;
    out = NULL;
    error = DUMMY;
    CHECK_STATUS(
        pmkit_postmortem_render_markdown(pm, &out, &out_size, &error),
        PMKIT_OK);
    CHECK(error == NULL);
    CHECK_STATUS(pmkit_render_markdown(kSmallText, strlen(kSmallText),
                                       PMKIT_FORMAT_TEXT, &direct,
                                       &direct_size, NULL),
                 PMKIT_OK);
    CHECK(out != NULL && direct != NULL && out_size == direct_size &&
          memcmp(out, direct, out_size) == 0);
    if (out != NULL) CHECK(out[out_size] == '\0');
    pmkit_free(out);
    pmkit_free(direct);
    pmkit_postmortem_free(pm);
  }
}

/* Reads a whole file; NULL when it cannot be opened. */
static char* read_file(const char* path, size_t* size) {
  FILE* file = fopen(path, "rb");
  char* data = NULL;
  size_t capacity = 0;
  size_t used = 0;
  if (file == NULL) return NULL;
  for (;;) {
    size_t got;
    if (used == capacity) {
      size_t new_capacity = capacity == 0 ? 4096 : capacity * 2;
      char* grown = (char*)realloc(data, new_capacity);
      if (grown == NULL) {
        free(data);
        fclose(file);
        return NULL;
      }
      data = grown;
      capacity = new_capacity;
    }
    got = fread(data + used, 1, capacity - used, file);
    used += got;
    if (got == 0) break;
  }
  fclose(file);
  *size = used;
  return data;
}

/* Finds `title: "..."` at the start of a line of a text-format document and
 * copies the (unescaped-free) value; returns 0 when there is none or it
 * holds escapes. */
static int find_text_title(const char* text, char* title, size_t capacity) {
  const char* p = text;
  while (p != NULL && *p != '\0') {
    if (strncmp(p, "title:", 6) == 0) {
      const char* start = strchr(p, '"');
      const char* end = start != NULL ? strchr(start + 1, '"') : NULL;
      const char* newline = strchr(p, '\n');
      size_t length;
      if (start == NULL || end == NULL) return 0;
      if (newline != NULL && end > newline) return 0;
      length = (size_t)(end - start - 1);
      if (length == 0 || length + 1 > capacity) return 0;
      if (memchr(start + 1, '\\', length) != NULL) return 0;
      memcpy(title, start + 1, length);
      title[length] = '\0';
      return 1;
    }
    p = strchr(p, '\n');
    if (p != NULL) ++p;
  }
  return 0;
}

static void test_sample(void) {
  const char* path = PMKIT_SOURCE_DIR "/examples/sample/postmortem.textproto";
  size_t size = 0;
  char* data = read_file(path, &size);
  char* out = NULL;
  size_t out_size = 0;
  char* error = DUMMY;
  char title[512];

  if (data == NULL) {
    printf("note: %s not found; skipping the sample checks\n", path);
    return;
  }
  CHECK_STATUS(pmkit_render_markdown(data, size, PMKIT_FORMAT_TEXT, &out,
                                     &out_size, &error),
               PMKIT_OK);
  if (error != NULL && error != DUMMY) {
    fprintf(stderr, "  sample: %s\n", error);
    free_error(error);
  } else {
    CHECK(error == NULL);
  }
  CHECK(out != NULL && out_size > 0);
  if (out != NULL) {
    CHECK(out[out_size] == '\0');
    CHECK(contains(out, "## Timeline"));
    if (find_text_title(data, title, sizeof(title))) {
      CHECK(contains(out, title));
    } else {
      printf("note: no plain title line in the sample; not checked\n");
    }
    pmkit_free(out);
  }
  free(data);
}

/* A handle value the library never returns, to see that failures reset
 * *out. */
#define DUMMY_HANDLE ((pmkit_postmortem*)(void*)&g_dummy_byte)

/* Checks the contract of a failed call that has an output buffer: the
 * expected status, *out NULL, *out_size 0 and *error a message starting
 * with `prefix` (any message when `prefix` is NULL). Frees the error. */
#define CHECK_FAILED_OUTPUT(status, want, out, out_size, error, prefix) \
  do {                                                                  \
    int status_ = (status); /* the call, before reading its outputs */ \
    check_failed_output(status_, (want), (out), (out_size), (error),    \
                        (prefix), #status, __FILE__, __LINE__);         \
  } while (0)

static void check_failed_output(int status, int want, const char* out,
                                size_t out_size, char* error,
                                const char* prefix, const char* expr,
                                const char* file, int line) {
  check_status(status, want, expr, file, line);
  if (out == NULL && out_size == 0) {
    ++g_passed;
  } else {
    ++g_failed;
    fprintf(stderr, "%s:%d: %s: output not reset on failure\n", file, line,
            expr);
  }
  if (error != NULL && error != DUMMY &&
      (prefix == NULL || starts_with(error, prefix))) {
    ++g_passed;
  } else {
    ++g_failed;
    fprintf(stderr, "%s:%d: %s: error is \"%s\", expected a message%s%s\n",
            file, line, expr,
            error == NULL ? "(null)"
                          : (error == DUMMY ? "(untouched)" : error),
            prefix != NULL ? " starting with " : "",
            prefix != NULL ? prefix : "");
  }
  free_error(error);
}

/* The same for pmkit_postmortem_parse (no size). */
#define CHECK_FAILED_PARSE(status, want, pm, error, prefix)                 \
  do {                                                                    \
    int status_ = (status); /* the call, before reading its outputs */   \
    check_failed_output(status_, (want), (pm) == NULL ? NULL : "", 0,     \
                        (error), (prefix), #status, __FILE__, __LINE__);  \
  } while (0)

/* Runs parse, convert and render on malformed `data` in `format` and checks
 * each fails with INVALID_ARGUMENT and a message starting with `prefix`. */
static void check_malformed(const void* data, size_t size, int format,
                            const char* prefix) {
  pmkit_postmortem* pm = DUMMY_HANDLE;
  char* error = DUMMY;
  char* out = DUMMY;
  size_t out_size = 77;

  CHECK_FAILED_PARSE(pmkit_postmortem_parse(data, size, format, &pm, &error),
                     PMKIT_INVALID_ARGUMENT, pm, error, prefix);

  error = DUMMY;
  CHECK_FAILED_OUTPUT(pmkit_convert(data, size, format, PMKIT_FORMAT_BINARY,
                                    &out, &out_size, &error),
                      PMKIT_INVALID_ARGUMENT, out, out_size, error, prefix);

  out = DUMMY;
  out_size = 77;
  error = DUMMY;
  CHECK_FAILED_OUTPUT(pmkit_render_markdown(data, size, format, &out,
                                            &out_size, &error),
                      PMKIT_INVALID_ARGUMENT, out, out_size, error, prefix);

  /* error == NULL is allowed on failure. */
  pm = DUMMY_HANDLE;
  CHECK_STATUS(pmkit_postmortem_parse(data, size, format, &pm, NULL),
               PMKIT_INVALID_ARGUMENT);
  CHECK(pm == NULL);
  out = DUMMY;
  out_size = 77;
  CHECK_STATUS(pmkit_convert(data, size, format, PMKIT_FORMAT_JSON, &out,
                             &out_size, NULL),
               PMKIT_INVALID_ARGUMENT);
  CHECK(out == NULL && out_size == 0);
  out = DUMMY;
  out_size = 77;
  CHECK_STATUS(
      pmkit_render_markdown(data, size, format, &out, &out_size, NULL),
      PMKIT_INVALID_ARGUMENT);
  CHECK(out == NULL && out_size == 0);
}

static void test_parse_errors(void) {
  static const char bad_json[] = "{\"title\": \"x\",, }";
  static const char bad_json_field[] = "{\"noSuchField\": 1}";
  static const char bad_json_eof[] = "{\"title\": ";
  static const char bad_text[] = "title: \"x\"\nno_such_field: 3\n";
  static const char bad_text_syntax[] = "title: \"unterminated\n";
  static const char bad_text_type[] = "status: 1.5\n";
  /* Field 2 (title), length 10, but only 3 bytes follow. */
  static const unsigned char truncated[] = {0x12, 0x0A, 'a', 'b', 'c'};
  /* A varint that never ends. */
  static const unsigned char truncated_varint[] = {0x20, 0xFF, 0xFF};

  check_malformed(bad_json, strlen(bad_json), PMKIT_FORMAT_JSON, "json:");
  check_malformed(bad_json, strlen(bad_json), PMKIT_FORMAT_AUTO, "json:");
  check_malformed(bad_json_field, strlen(bad_json_field), PMKIT_FORMAT_JSON,
                  "json:");
  check_malformed(bad_json_eof, strlen(bad_json_eof), PMKIT_FORMAT_JSON,
                  "json:");
  check_malformed(bad_text, strlen(bad_text), PMKIT_FORMAT_TEXT, "text:");
  check_malformed(bad_text, strlen(bad_text), PMKIT_FORMAT_AUTO, "text:");
  check_malformed(bad_text_syntax, strlen(bad_text_syntax), PMKIT_FORMAT_TEXT,
                  "text:");
  check_malformed(bad_text_type, strlen(bad_text_type), PMKIT_FORMAT_TEXT,
                  "text:");
  check_malformed(truncated, sizeof(truncated), PMKIT_FORMAT_BINARY,
                  "binary:");
  check_malformed(truncated, sizeof(truncated), PMKIT_FORMAT_AUTO,
                  "binary:");
  check_malformed(truncated_varint, sizeof(truncated_varint),
                  PMKIT_FORMAT_BINARY, "binary:");
  /* Text in the wrong declared format. */
  check_malformed(kSmallText, strlen(kSmallText), PMKIT_FORMAT_JSON, "json:");
}

static void test_null_arguments(void) {
  static const char json[] = "{\"title\": \"x\"}";
  pmkit_postmortem* pm = DUMMY_HANDLE;
  pmkit_postmortem* good = NULL;
  char* error = DUMMY;
  char* out = DUMMY;
  size_t out_size = 77;

  /* NULL data with a nonzero size. */
  CHECK_FAILED_PARSE(
      pmkit_postmortem_parse(NULL, 5, PMKIT_FORMAT_BINARY, &pm, &error),
      PMKIT_INVALID_ARGUMENT, pm, error, NULL);
  pm = DUMMY_HANDLE;
  error = DUMMY;
  CHECK_FAILED_PARSE(
      pmkit_postmortem_parse(NULL, 5, PMKIT_FORMAT_AUTO, &pm, &error),
      PMKIT_INVALID_ARGUMENT, pm, error, NULL);
  error = DUMMY;
  CHECK_FAILED_OUTPUT(pmkit_convert(NULL, 5, PMKIT_FORMAT_TEXT,
                                    PMKIT_FORMAT_JSON, &out, &out_size,
                                    &error),
                      PMKIT_INVALID_ARGUMENT, out, out_size, error, NULL);
  out = DUMMY;
  out_size = 77;
  error = DUMMY;
  CHECK_FAILED_OUTPUT(pmkit_render_markdown(NULL, 5, PMKIT_FORMAT_TEXT, &out,
                                            &out_size, &error),
                      PMKIT_INVALID_ARGUMENT, out, out_size, error, NULL);

  /* NULL output pointers. */
  error = DUMMY;
  CHECK_STATUS(pmkit_postmortem_parse(json, strlen(json), PMKIT_FORMAT_JSON,
                                      NULL, &error),
               PMKIT_INVALID_ARGUMENT);
  CHECK(error != NULL && error != DUMMY);
  free_error(error);
  CHECK_STATUS(pmkit_postmortem_parse(json, strlen(json), PMKIT_FORMAT_JSON,
                                      NULL, NULL),
               PMKIT_INVALID_ARGUMENT);

  out_size = 77;
  error = DUMMY;
  CHECK_STATUS(pmkit_convert(json, strlen(json), PMKIT_FORMAT_JSON,
                             PMKIT_FORMAT_TEXT, NULL, &out_size, &error),
               PMKIT_INVALID_ARGUMENT);
  CHECK(out_size == 0);
  CHECK(error != NULL && error != DUMMY);
  free_error(error);
  out = DUMMY;
  error = DUMMY;
  CHECK_STATUS(pmkit_convert(json, strlen(json), PMKIT_FORMAT_JSON,
                             PMKIT_FORMAT_TEXT, &out, NULL, &error),
               PMKIT_INVALID_ARGUMENT);
  CHECK(out == NULL);
  CHECK(error != NULL && error != DUMMY);
  free_error(error);
  CHECK_STATUS(pmkit_convert(json, strlen(json), PMKIT_FORMAT_JSON,
                             PMKIT_FORMAT_TEXT, NULL, NULL, NULL),
               PMKIT_INVALID_ARGUMENT);

  error = DUMMY;
  CHECK_STATUS(pmkit_render_markdown(json, strlen(json), PMKIT_FORMAT_JSON,
                                     NULL, &out_size, &error),
               PMKIT_INVALID_ARGUMENT);
  CHECK(error != NULL && error != DUMMY);
  free_error(error);
  out = DUMMY;
  CHECK_STATUS(pmkit_render_markdown(json, strlen(json), PMKIT_FORMAT_JSON,
                                     &out, NULL, NULL),
               PMKIT_INVALID_ARGUMENT);
  CHECK(out == NULL);

  /* NULL handles. */
  out = DUMMY;
  out_size = 77;
  error = DUMMY;
  CHECK_FAILED_OUTPUT(pmkit_postmortem_serialize(NULL, PMKIT_FORMAT_BINARY,
                                                 &out, &out_size, &error),
                      PMKIT_INVALID_ARGUMENT, out, out_size, error, NULL);
  out = DUMMY;
  out_size = 77;
  error = DUMMY;
  CHECK_FAILED_OUTPUT(
      pmkit_postmortem_render_markdown(NULL, &out, &out_size, &error),
      PMKIT_INVALID_ARGUMENT, out, out_size, error, NULL);
  CHECK(pmkit_postmortem_unknown_field_count(NULL) == 0);

  /* NULL output pointers with a valid handle. */
  CHECK_STATUS(pmkit_postmortem_parse(json, strlen(json), PMKIT_FORMAT_JSON,
                                      &good, NULL),
               PMKIT_OK);
  CHECK(good != NULL);
  if (good != NULL) {
    error = DUMMY;
    CHECK_STATUS(pmkit_postmortem_serialize(good, PMKIT_FORMAT_JSON, NULL,
                                            &out_size, &error),
                 PMKIT_INVALID_ARGUMENT);
    CHECK(error != NULL && error != DUMMY);
    free_error(error);
    out = DUMMY;
    CHECK_STATUS(pmkit_postmortem_serialize(good, PMKIT_FORMAT_JSON, &out,
                                            NULL, NULL),
                 PMKIT_INVALID_ARGUMENT);
    CHECK(out == NULL);
    error = DUMMY;
    CHECK_STATUS(
        pmkit_postmortem_render_markdown(good, NULL, &out_size, &error),
        PMKIT_INVALID_ARGUMENT);
    CHECK(error != NULL && error != DUMMY);
    free_error(error);
    pmkit_postmortem_free(good);
  }

  /* Freeing NULL is a no-op. */
  pmkit_free(NULL);
  pmkit_postmortem_free(NULL);
  CHECK(1);
}

static void test_bad_formats(void) {
  static const int bad[] = {-1, 4, 1000};
  static const char json[] = "{\"title\": \"x\"}";
  pmkit_postmortem* good = NULL;
  char* error;
  char* out;
  size_t out_size;
  size_t i;

  CHECK_STATUS(pmkit_postmortem_parse(json, strlen(json), PMKIT_FORMAT_JSON,
                                      &good, NULL),
               PMKIT_OK);
  for (i = 0; i < sizeof(bad) / sizeof(bad[0]); ++i) {
    pmkit_postmortem* pm = DUMMY_HANDLE;
    error = DUMMY;
    CHECK_FAILED_PARSE(
        pmkit_postmortem_parse(json, strlen(json), bad[i], &pm, &error),
        PMKIT_INVALID_ARGUMENT, pm, error, NULL);

    out = DUMMY;
    out_size = 77;
    error = DUMMY;
    CHECK_FAILED_OUTPUT(pmkit_convert(json, strlen(json), bad[i],
                                      PMKIT_FORMAT_TEXT, &out, &out_size,
                                      &error),
                        PMKIT_INVALID_ARGUMENT, out, out_size, error, NULL);
    out = DUMMY;
    out_size = 77;
    error = DUMMY;
    CHECK_FAILED_OUTPUT(pmkit_convert(json, strlen(json), PMKIT_FORMAT_JSON,
                                      bad[i], &out, &out_size, &error),
                        PMKIT_INVALID_ARGUMENT, out, out_size, error, NULL);
    out = DUMMY;
    out_size = 77;
    error = DUMMY;
    CHECK_FAILED_OUTPUT(pmkit_render_markdown(json, strlen(json), bad[i],
                                              &out, &out_size, &error),
                        PMKIT_INVALID_ARGUMENT, out, out_size, error, NULL);
    if (good != NULL) {
      out = DUMMY;
      out_size = 77;
      error = DUMMY;
      CHECK_FAILED_OUTPUT(pmkit_postmortem_serialize(good, bad[i], &out,
                                                     &out_size, &error),
                          PMKIT_INVALID_ARGUMENT, out, out_size, error, NULL);
    }
  }

  /* AUTO is an input format only. */
  out = DUMMY;
  out_size = 77;
  error = DUMMY;
  CHECK_FAILED_OUTPUT(pmkit_convert(json, strlen(json), PMKIT_FORMAT_JSON,
                                    PMKIT_FORMAT_AUTO, &out, &out_size,
                                    &error),
                      PMKIT_INVALID_ARGUMENT, out, out_size, error, NULL);
  if (good != NULL) {
    out = DUMMY;
    out_size = 77;
    error = DUMMY;
    CHECK_FAILED_OUTPUT(pmkit_postmortem_serialize(good, PMKIT_FORMAT_AUTO,
                                                   &out, &out_size, &error),
                        PMKIT_INVALID_ARGUMENT, out, out_size, error, NULL);
    out = DUMMY;
    CHECK_STATUS(pmkit_postmortem_serialize(good, PMKIT_FORMAT_AUTO, &out,
                                            &out_size, NULL),
                 PMKIT_INVALID_ARGUMENT);
    CHECK(out == NULL);
  }
  pmkit_postmortem_free(good);
}

static void test_oversized(void) {
  const size_t size = (size_t)PMKIT_MAX_DOCUMENT_BYTES + 1;
  char* data = (char*)malloc(size);
  pmkit_postmortem* pm = DUMMY_HANDLE;
  char* error = DUMMY;
  char* out = DUMMY;
  size_t out_size = 77;
  int format = -1;

  if (data == NULL) {
    printf("note: cannot allocate %lu bytes; skipping the size checks\n",
           (unsigned long)size);
    return;
  }
  memset(data, 'a', size);

  CHECK_FAILED_PARSE(
      pmkit_postmortem_parse(data, size, PMKIT_FORMAT_AUTO, &pm, &error),
      PMKIT_RESOURCE_EXHAUSTED, pm, error, NULL);
  pm = DUMMY_HANDLE;
  error = DUMMY;
  CHECK_FAILED_PARSE(
      pmkit_postmortem_parse(data, size, PMKIT_FORMAT_TEXT, &pm, &error),
      PMKIT_RESOURCE_EXHAUSTED, pm, error, NULL);
  pm = DUMMY_HANDLE;
  error = DUMMY;
  CHECK_FAILED_PARSE(
      pmkit_postmortem_parse(data, size, PMKIT_FORMAT_BINARY, &pm, &error),
      PMKIT_RESOURCE_EXHAUSTED, pm, error, NULL);
  error = DUMMY;
  CHECK_FAILED_OUTPUT(pmkit_convert(data, size, PMKIT_FORMAT_JSON,
                                    PMKIT_FORMAT_BINARY, &out, &out_size,
                                    &error),
                      PMKIT_RESOURCE_EXHAUSTED, out, out_size, error, NULL);
  out = DUMMY;
  out_size = 77;
  error = DUMMY;
  CHECK_FAILED_OUTPUT(pmkit_render_markdown(data, size, PMKIT_FORMAT_AUTO,
                                            &out, &out_size, &error),
                      PMKIT_RESOURCE_EXHAUSTED, out, out_size, error, NULL);
  /* Detection never fails, whatever the size. */
  CHECK_STATUS(pmkit_detect_format(data, size, &format, NULL), PMKIT_OK);
  CHECK(format == PMKIT_FORMAT_TEXT);

  /* Exactly at the limit is not refused for its size (it is not a valid
   * document, so some other error is fine). */
  pm = NULL;
  error = NULL;
  {
    int status = pmkit_postmortem_parse(data, size - 1, PMKIT_FORMAT_TEXT,
                                        &pm, &error);
    CHECK(status != PMKIT_RESOURCE_EXHAUSTED);
    free_error(error);
    pmkit_postmortem_free(pm);
  }
  free(data);
}

/* Checks a parse that may fail or succeed but must not crash, and that
 * honours the status contract either way. Returns the status. */
static int check_survives(const void* data, size_t size, int format) {
  pmkit_postmortem* pm = DUMMY_HANDLE;
  char* error = DUMMY;
  int status = pmkit_postmortem_parse(data, size, format, &pm, &error);
  static const int kOutFormats[] = {PMKIT_FORMAT_BINARY, PMKIT_FORMAT_JSON,
                                    PMKIT_FORMAT_TEXT};
  size_t i;

  CHECK(status >= PMKIT_OK && status <= PMKIT_UNAUTHENTICATED);
  if (status != PMKIT_OK) {
    CHECK(pm == NULL);
    CHECK(error != NULL && error != DUMMY);
    free_error(error);
    return status;
  }
  CHECK(error == NULL);
  CHECK(pm != NULL && pm != DUMMY_HANDLE);
  if (pm == NULL || pm == DUMMY_HANDLE) return status;
  for (i = 0; i < sizeof(kOutFormats) / sizeof(kOutFormats[0]); ++i) {
    char* out = DUMMY;
    size_t out_size = 77;
    int s;
    error = DUMMY;
    s = pmkit_postmortem_serialize(pm, kOutFormats[i], &out, &out_size,
                                   &error);
    CHECK(s >= PMKIT_OK && s <= PMKIT_UNAUTHENTICATED);
    if (s == PMKIT_OK) {
      CHECK(error == NULL);
      CHECK(out != NULL && out != DUMMY && out[out_size] == '\0');
      if (out != DUMMY) pmkit_free(out);
    } else {
      CHECK(out == NULL && out_size == 0);
      CHECK(error != NULL && error != DUMMY);
      free_error(error);
    }
  }
  {
    char* out = DUMMY;
    size_t out_size = 77;
    int s;
    error = DUMMY;
    s = pmkit_postmortem_render_markdown(pm, &out, &out_size, &error);
    CHECK(s >= PMKIT_OK && s <= PMKIT_UNAUTHENTICATED);
    if (s == PMKIT_OK) {
      CHECK(error == NULL);
      CHECK(out != NULL && out != DUMMY && out[out_size] == '\0');
      if (out != DUMMY) pmkit_free(out);
    } else {
      CHECK(out == NULL && out_size == 0);
      CHECK(error != NULL && error != DUMMY);
      free_error(error);
    }
  }
  pmkit_postmortem_free(pm);
  return status;
}

static void test_invalid_utf8(void) {
  /* Raw invalid bytes inside a string, and an escape producing them. */
  static const char raw[] = "title: \"bad \xff\xfe bytes\"\n";
  static const char escaped[] = "title: \"bad \\377\\376 bytes\"\n";
  static const char raw_json[] = "{\"title\": \"bad \xff\xfe bytes\"}";
  /* Field 2 (title), length 2, bytes 0xFF 0xFE. */
  static const unsigned char binary[] = {0x12, 0x02, 0xFF, 0xFE};
  char* error = DUMMY;
  pmkit_postmortem* pm = DUMMY_HANDLE;

  /* proto3 strings must be valid UTF-8: the binary and JSON readers refuse
   * such bytes, so the text reader must too (else text -> binary writes a
   * document that no reader accepts back). */
  CHECK_FAILED_PARSE(
      pmkit_postmortem_parse(raw, strlen(raw), PMKIT_FORMAT_TEXT, &pm, &error),
      PMKIT_INVALID_ARGUMENT, pm, error, "text:");
  if (pm != NULL && pm != DUMMY_HANDLE) pmkit_postmortem_free(pm);
  check_survives(raw, strlen(raw), PMKIT_FORMAT_TEXT);
  check_survives(raw, strlen(raw), PMKIT_FORMAT_AUTO);

  pm = DUMMY_HANDLE;
  error = DUMMY;
  CHECK_FAILED_PARSE(pmkit_postmortem_parse(escaped, strlen(escaped),
                                            PMKIT_FORMAT_TEXT, &pm, &error),
                     PMKIT_INVALID_ARGUMENT, pm, error, "text:");
  if (pm != NULL && pm != DUMMY_HANDLE) pmkit_postmortem_free(pm);
  check_survives(escaped, strlen(escaped), PMKIT_FORMAT_TEXT);

  pm = DUMMY_HANDLE;
  error = DUMMY;
  CHECK_FAILED_PARSE(pmkit_postmortem_parse(raw_json, strlen(raw_json),
                                            PMKIT_FORMAT_JSON, &pm, &error),
                     PMKIT_INVALID_ARGUMENT, pm, error, "json:");
  pm = DUMMY_HANDLE;
  error = DUMMY;
  CHECK_FAILED_PARSE(pmkit_postmortem_parse(binary, sizeof(binary),
                                            PMKIT_FORMAT_BINARY, &pm, &error),
                     PMKIT_INVALID_ARGUMENT, pm, error, "binary:");
}

static void test_unknown_fields(void) {
  /* Field 999, wire type 0 (varint), value 1. */
  static const unsigned char kUnknown[] = {0xB8, 0x3E, 0x01};
  char* binary = NULL;
  size_t binary_size = 0;
  unsigned char* extended = NULL;
  size_t extended_size;
  pmkit_postmortem* pm = NULL;
  char* out = NULL;
  size_t out_size = 0;
  char* error = DUMMY;

  CHECK_STATUS(pmkit_convert(kSmallText, strlen(kSmallText),
                             PMKIT_FORMAT_TEXT, PMKIT_FORMAT_BINARY, &binary,
                             &binary_size, NULL),
               PMKIT_OK);
  if (binary == NULL) return;
  extended_size = binary_size + sizeof(kUnknown);
  extended = (unsigned char*)malloc(extended_size);
  CHECK(extended != NULL);
  if (extended == NULL) {
    pmkit_free(binary);
    return;
  }
  memcpy(extended, binary, binary_size);
  memcpy(extended + binary_size, kUnknown, sizeof(kUnknown));

  CHECK_STATUS(pmkit_postmortem_parse(extended, extended_size,
                                      PMKIT_FORMAT_BINARY, &pm, &error),
               PMKIT_OK);
  CHECK(error == NULL);
  if (pm != NULL) {
    CHECK(pmkit_postmortem_unknown_field_count(pm) == 1);
    error = DUMMY;
    CHECK_STATUS(pmkit_postmortem_serialize(pm, PMKIT_FORMAT_BINARY, &out,
                                            &out_size, &error),
                 PMKIT_OK);
    CHECK(error == NULL);
    CHECK(out != NULL && out_size >= sizeof(kUnknown));
    if (out != NULL && out_size >= sizeof(kUnknown)) {
      CHECK(memcmp(out + out_size - sizeof(kUnknown), kUnknown,
                   sizeof(kUnknown)) == 0);
      CHECK(out_size == extended_size &&
            memcmp(out, extended, extended_size) == 0);
      CHECK(out[out_size] == '\0');
    }
    pmkit_free(out);

    /* JSON and text cannot carry it: dropped, not an error. */
    out = NULL;
    CHECK_STATUS(pmkit_postmortem_serialize(pm, PMKIT_FORMAT_JSON, &out,
                                            &out_size, NULL),
                 PMKIT_OK);
    pmkit_free(out);
    pmkit_postmortem_free(pm);
  }

  /* AUTO detects the bytes as binary and keeps the field through convert. */
  out = NULL;
  CHECK_STATUS(pmkit_convert(extended, extended_size, PMKIT_FORMAT_AUTO,
                             PMKIT_FORMAT_BINARY, &out, &out_size, NULL),
               PMKIT_OK);
  CHECK(out != NULL && out_size == extended_size &&
        memcmp(out, extended, extended_size) == 0);
  pmkit_free(out);

  free(extended);
  pmkit_free(binary);
}

/* A small linear congruential generator, so the "random" input is the same
 * on every run. */
static unsigned long g_lcg_state = 12345UL;
static unsigned char lcg_next(void) {
  g_lcg_state = (g_lcg_state * 1103515245UL + 12345UL) & 0x7FFFFFFFUL;
  return (unsigned char)(g_lcg_state >> 16);
}

static void test_hostile_input(void) {
  enum { kSize = 10000 };
  static const int kFormats[] = {PMKIT_FORMAT_AUTO, PMKIT_FORMAT_BINARY,
                                 PMKIT_FORMAT_JSON, PMKIT_FORMAT_TEXT};
  unsigned char* data = (unsigned char*)malloc(kSize);
  size_t i, f;
  size_t prefix;

  CHECK(data != NULL);
  if (data == NULL) return;
  for (i = 0; i < kSize; ++i) data[i] = lcg_next();

  for (f = 0; f < sizeof(kFormats) / sizeof(kFormats[0]); ++f) {
    char* out = DUMMY;
    size_t out_size = 77;
    char* error = DUMMY;
    int status;

    check_survives(data, kSize, kFormats[f]);

    status = pmkit_convert(data, kSize, kFormats[f], PMKIT_FORMAT_JSON, &out,
                           &out_size, &error);
    CHECK(status >= PMKIT_OK && status <= PMKIT_UNAUTHENTICATED);
    if (status != PMKIT_OK) {
      CHECK(error != NULL && error != DUMMY);
      CHECK(out == NULL && out_size == 0);
      free_error(error);
    } else {
      CHECK(error == NULL);
      if (out != DUMMY) pmkit_free(out);
    }

    out = DUMMY;
    out_size = 77;
    error = DUMMY;
    status = pmkit_render_markdown(data, kSize, kFormats[f], &out, &out_size,
                                   &error);
    CHECK(status >= PMKIT_OK && status <= PMKIT_UNAUTHENTICATED);
    if (status != PMKIT_OK) {
      CHECK(error != NULL && error != DUMMY);
      CHECK(out == NULL && out_size == 0);
      free_error(error);
    } else {
      CHECK(error == NULL);
      if (out != DUMMY) pmkit_free(out);
    }
  }

  /* Prefixes of the random bytes, and of a valid document, as binary. */
  for (prefix = 1; prefix <= 64; ++prefix) {
    check_survives(data, prefix, PMKIT_FORMAT_BINARY);
    check_survives(data, prefix, PMKIT_FORMAT_AUTO);
  }
  for (prefix = 0; prefix < strlen(kSmallText); prefix += 7) {
    check_survives(kSmallText, prefix, PMKIT_FORMAT_TEXT);
  }

  /* Deep nesting: refused (or accepted), never a stack overflow. */
  {
    const size_t depth = 5000;
    char* deep = (char*)malloc(depth * 2 + 16);
    size_t n = 0;
    if (deep != NULL) {
      deep[n++] = '{';
      memcpy(deep + n, "\"x\":", 4);
      n += 4;
      for (i = 0; i < depth; ++i) deep[n++] = '[';
      for (i = 0; i < depth; ++i) deep[n++] = ']';
      deep[n++] = '}';
      check_survives(deep, n, PMKIT_FORMAT_JSON);
      n = 0;
      memcpy(deep + n, "lifecycle ", 10);
      n += 10;
      for (i = 0; i < depth / 2; ++i) deep[n++] = '{';
      check_survives(deep, n, PMKIT_FORMAT_TEXT);
      free(deep);
    }
  }
  free(data);
}

int main(void) {
  test_version();
  test_status_names();
  test_format_names();
  test_detect_format();
  test_round_trip();
  test_empty_message();
  test_convert_and_render();
  test_sample();
  test_parse_errors();
  test_null_arguments();
  test_bad_formats();
  test_oversized();
  test_invalid_utf8();
  test_unknown_fields();
  test_hostile_input();

  return finish();
}

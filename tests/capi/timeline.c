/*
 * timeline.c: tests of the timeline part of the pmkit C ABI (merger handle,
 * importer), in strict C99. Prints "N passed, M failed".
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "pmkit.h"



static const char kSlack[] =
    "[\n"
    " {\"type\":\"message\",\"ts\":\"1710453737.000100\",\"bot_id\":\"B1\","
    "\"username\":\"Alertmanager\",\"text\":\"[FIRING:1] HighErrorRate api\"},\n"
    " {\"type\":\"message\",\"text\":\"no ts\"}\n"
    "]";
static const char kEvents[] =
    "{\"time\":\"2024-03-14T22:02:15Z\",\"text\":\"[FIRING:1] HighErrorRate "
    "api\",\"kind\":\"alert\",\"milestone\":\"detected\"}\n"
    "{\"time\":\"2024-03-14T21:50:00Z\",\"text\":\"impact starts\","
    "\"milestone\":\"started\"}\n";

static void test_merge(void) {
  pmkit_timeline_merger* m = NULL;
  char* error = NULL;
  int slack = -1, events = -1;
  char* out = NULL;
  size_t size = 0;
  const char* src1 = "{\"name\": \"slack\", \"kind\": \"SOURCE_KIND_CHAT\"}";
  const char* src2 = "name: \"notes\" priority: 50";
  CHECK(pmkit_timeline_merger_new(NULL, 0, PMKIT_FORMAT_AUTO, &m, &error) ==
        PMKIT_OK);
  CHECK(m != NULL && error == NULL);
  CHECK(pmkit_timeline_merger_add_source(m, src1, strlen(src1),
                                         PMKIT_FORMAT_JSON, &slack,
                                         &error) == PMKIT_OK);
  CHECK(pmkit_timeline_merger_add_source(m, src2, strlen(src2),
                                         PMKIT_FORMAT_TEXT, &events,
                                         &error) == PMKIT_OK);
  CHECK(slack == 0 && events == 1);
  /* Duplicate name. */
  CHECK(pmkit_timeline_merger_add_source(m, src1, strlen(src1),
                                         PMKIT_FORMAT_JSON, NULL, &error) ==
        PMKIT_INVALID_ARGUMENT);
  CHECK(contains(error, "duplicate"));
  pmkit_free(error);
  error = NULL;
  CHECK(pmkit_timeline_merger_add_events(m, slack, kSlack, strlen(kSlack),
                                         "slack", &error) == PMKIT_OK);
  CHECK(pmkit_timeline_merger_add_events(m, events, kEvents, strlen(kEvents),
                                         NULL, &error) == PMKIT_OK);
  CHECK(pmkit_timeline_merger_add_events(m, 7, kEvents, strlen(kEvents), NULL,
                                         &error) == PMKIT_OUT_OF_RANGE);
  pmkit_free(error);
  error = NULL;
  CHECK(pmkit_timeline_merger_add_events(m, 0, kEvents, 3, "xml", &error) ==
        PMKIT_INVALID_ARGUMENT);
  pmkit_free(error);
  error = NULL;
  CHECK(pmkit_timeline_merger_finish(m, PMKIT_FORMAT_JSON, &out, &size,
                                     &error) == PMKIT_OK);
  CHECK(out != NULL && size > 0);
  /* The bot message folded into the notes' alert; the bad line reported. */
  CHECK(contains(out, "\"foldedDuplicate\": true"));
  CHECK(contains(out, "\"foldedDuplicates\": \"1\""));
  CHECK(contains(out, "\"line\": \"3\""));
  CHECK(contains(out, "LIFECYCLE_METRIC_KIND_TIME_TO_DETECT"));
  pmkit_free(out);
  CHECK(pmkit_timeline_merger_finish(m, PMKIT_FORMAT_AUTO, &out, &size,
                                     &error) == PMKIT_INVALID_ARGUMENT);
  CHECK(out == NULL && size == 0);
  pmkit_free(error);
  pmkit_timeline_merger_free(m);
  pmkit_timeline_merger_free(NULL);
}

static void test_bad_arguments(void) {
  pmkit_timeline_merger* m = NULL;
  char* error = NULL;
  char* out = NULL;
  size_t size = 0;
  const char* bad = "{\"similarityThreshold\": 2}";
  CHECK(pmkit_timeline_merger_new(bad, strlen(bad), PMKIT_FORMAT_JSON, &m,
                                  &error) == PMKIT_INVALID_ARGUMENT);
  CHECK(m == NULL && error != NULL);
  pmkit_free(error);
  CHECK(pmkit_timeline_merger_new("{", 1, PMKIT_FORMAT_JSON, &m, NULL) ==
        PMKIT_INVALID_ARGUMENT);
  CHECK(pmkit_timeline_merger_new(NULL, 0, 0, NULL, NULL) ==
        PMKIT_INVALID_ARGUMENT);
  CHECK(pmkit_timeline_merger_add_source(NULL, "", 0, 0, NULL, NULL) ==
        PMKIT_INVALID_ARGUMENT);
  CHECK(pmkit_timeline_merger_add_events(NULL, 0, "", 0, NULL, NULL) ==
        PMKIT_INVALID_ARGUMENT);
  CHECK(pmkit_timeline_merger_finish(NULL, PMKIT_FORMAT_JSON, &out, &size,
                                     NULL) == PMKIT_INVALID_ARGUMENT);
  CHECK(pmkit_timeline_merger_new(NULL, 0, 0, &m, NULL) == PMKIT_OK);
  /* Empty source name. */
  CHECK(pmkit_timeline_merger_add_source(m, NULL, 0, 0, NULL, NULL) ==
        PMKIT_INVALID_ARGUMENT);
  CHECK(pmkit_timeline_merger_add_events(m, 0, NULL, 5, NULL, NULL) ==
        PMKIT_OUT_OF_RANGE);
  pmkit_timeline_merger_free(m);
}

static void test_import(void) {
  char* out = NULL;
  char* error = NULL;
  size_t size = 0;
  const char* src = "{\"name\": \"log\", \"timeZone\": \"Europe/Berlin\", \"year\": 2024}";
  const char* log = "<27>Mar 15 00:38:55 pa-5d2 payments-adapter[412]: tls rejected\n"
                    "garbage\n";
  CHECK(pmkit_timeline_import(log, strlen(log), "syslog", src, strlen(src),
                              PMKIT_FORMAT_JSON, 0, PMKIT_FORMAT_JSON, &out,
                              &size, &error) == PMKIT_OK);
  CHECK(contains(out, "2024-03-14T23:38:55Z"));
  CHECK(contains(out, "\"id\": \"log#1\""));
  CHECK(contains(out, "\"line\": \"2\""));
  pmkit_free(out);
  CHECK(pmkit_timeline_import(log, strlen(log), "syslog", src, strlen(src),
                              PMKIT_FORMAT_JSON, 1, PMKIT_FORMAT_JSON, &out,
                              &size, &error) == PMKIT_INVALID_ARGUMENT);
  CHECK(contains(error, "log: line 2"));
  CHECK(out == NULL);
  pmkit_free(error);
  error = NULL;
  CHECK(pmkit_timeline_import("[", 1, "slack", NULL, 0, 0, 0,
                              PMKIT_FORMAT_BINARY, &out, &size, &error) ==
        PMKIT_INVALID_ARGUMENT);
  pmkit_free(error);
  CHECK(pmkit_timeline_import("x", 1, NULL, NULL, 0, 0, 0, PMKIT_FORMAT_TEXT,
                              NULL, &size, NULL) == PMKIT_INVALID_ARGUMENT);
}

/* PMKIT_MAX_TIMELINE_SOURCES sources are taken, one more is refused. */
static void test_source_limit(void) {
  pmkit_timeline_merger* m = NULL;
  char* error = NULL;
  char source[64];
  int i;
  CHECK(pmkit_timeline_merger_new(NULL, 0, PMKIT_FORMAT_AUTO, &m, &error) ==
        PMKIT_OK);
  for (i = 0; i < PMKIT_MAX_TIMELINE_SOURCES; ++i) {
    snprintf(source, sizeof source, "name: \"s%d\"", i);
    if (pmkit_timeline_merger_add_source(m, source, strlen(source),
                                         PMKIT_FORMAT_TEXT, NULL,
                                         &error) != PMKIT_OK) {
      break;
    }
  }
  CHECK(i == PMKIT_MAX_TIMELINE_SOURCES);
  CHECK(pmkit_timeline_merger_add_source(m, "name: \"x\"", 9,
                                         PMKIT_FORMAT_TEXT, NULL, &error) ==
        PMKIT_RESOURCE_EXHAUSTED);
  CHECK(contains(error, "PMKIT_MAX_TIMELINE_SOURCES"));
  pmkit_free(error);
  pmkit_timeline_merger_free(m);
}

int main(void) {
  test_merge();
  test_source_limit();
  test_bad_arguments();
  test_import();
  return finish();
}

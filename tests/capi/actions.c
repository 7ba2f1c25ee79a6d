/*
 * actions.c: tests of the action-item part of the pmkit C ABI, in strict
 * C99: engine handles, transitions on items and postmortems (legal,
 * refused, repeated), evaluation at a time, reports over many postmortems,
 * Markdown, tracker mappings, and hostile arguments.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "pmkit.h"




static const char kItem[] =
    "id: \"AI-1\" owner_id: \"zoe\" priority: PRIORITY_P1\n"
    "create_time { seconds: 1710000000 }\n"
    "state: ACTION_ITEM_STATE_OPEN\n"
    "history { event_id: \"AI-1/1\" time { seconds: 1710000000 }\n"
    "  actor { person_id: \"zoe\" } to_state: ACTION_ITEM_STATE_OPEN }\n";

static const char kStart[] =
    "to_state: ACTION_ITEM_STATE_IN_PROGRESS actor { person_id: \"zoe\" }\n"
    "event_id: \"sync-1\"";

static const char kVerifyNoEvidence[] =
    "to_state: ACTION_ITEM_STATE_VERIFIED actor { person_id: \"priya\" }";

static const char kBlockNoNote[] =
    "to_state: ACTION_ITEM_STATE_BLOCKED actor { person_id: \"zoe\" }";

static const char kPostmortem[] =
    "id: \"pm-1\" severity { level: \"SEV2\" }\n"
    "action_items { id: \"AI-1\" owner_id: \"zoe\" priority: PRIORITY_P1\n"
    "  team: \"payments\" create_time { seconds: 1710000000 }\n"
    "  history { event_id: \"AI-1/1\" time { seconds: 1710000000 }\n"
    "    actor { person_id: \"zoe\" } to_state: ACTION_ITEM_STATE_OPEN } }\n"
    "action_items { id: \"AI-2\" priority: PRIORITY_P2 }\n";

#define SIZE(s) (sizeof(s) - 1)

static void test_engine_handles(void) {
  pmkit_actions* actions = (pmkit_actions*)&g_passed;
  char* error = NULL;
  char* out = NULL;
  size_t size = 0;
  static const char kBad[] =
      "table { rules { from_state: ACTION_ITEM_STATE_OPEN "
      "to_state: ACTION_ITEM_STATE_OPEN } }";
  static const char kGood[] = "follow_up { due_soon { seconds: 86400 } }";
  CHECK_STATUS(pmkit_actions_new(NULL, 0, PMKIT_FORMAT_AUTO, &actions, &error),
               PMKIT_OK);
  CHECK(actions != NULL && error == NULL);
  pmkit_actions_free(actions);
  CHECK_STATUS(pmkit_actions_new(kBad, SIZE(kBad), PMKIT_FORMAT_TEXT, &actions,
                                 &error),
               PMKIT_INVALID_ARGUMENT);
  CHECK(actions == NULL);
  CHECK(contains(error, "itself"));
  pmkit_free(error);
  CHECK_STATUS(pmkit_actions_new("{ nope", 6, PMKIT_FORMAT_AUTO, &actions,
                                 &error),
               PMKIT_INVALID_ARGUMENT);
  CHECK(contains(error, "options"));
  pmkit_free(error);
  CHECK_STATUS(pmkit_actions_new(NULL, 5, PMKIT_FORMAT_AUTO, &actions, NULL),
               PMKIT_INVALID_ARGUMENT);
  CHECK_STATUS(pmkit_actions_new(NULL, 0, PMKIT_FORMAT_AUTO, NULL, NULL),
               PMKIT_INVALID_ARGUMENT);
  CHECK_STATUS(pmkit_actions_new(kGood, SIZE(kGood), 77, &actions, NULL),
               PMKIT_INVALID_ARGUMENT);
  CHECK_STATUS(pmkit_actions_new(kGood, SIZE(kGood), PMKIT_FORMAT_AUTO,
                                 &actions, NULL),
               PMKIT_OK);
  CHECK_STATUS(pmkit_actions_transition_table(actions, PMKIT_FORMAT_TEXT, &out,
                                              &size, &error),
               PMKIT_OK);
  CHECK(contains(out, "name: \"verify\""));
  CHECK(contains(out, "TRANSITION_GUARD_EVIDENCE"));
  CHECK(size == strlen(out));
  pmkit_free(out);
  CHECK_STATUS(pmkit_actions_transition_table(NULL, PMKIT_FORMAT_AUTO, &out,
                                              &size, NULL),
               PMKIT_INVALID_ARGUMENT);
  CHECK(out == NULL && size == 0);
  pmkit_actions_free(actions);
  pmkit_actions_free(NULL);
}

static void test_item_transition(void) {
  char* error = NULL;
  char* out = NULL;
  char* again = NULL;
  size_t size = 0, again_size = 0;
  int applied = -1;
  CHECK_STATUS(pmkit_action_item_transition(
                   NULL, kItem, SIZE(kItem), kStart, SIZE(kStart),
                   PMKIT_FORMAT_TEXT, 1710003600LL, PMKIT_FORMAT_TEXT,
                   &applied, &out, &size, &error),
               PMKIT_OK);
  CHECK(applied == 1);
  CHECK(contains(out, "state: ACTION_ITEM_STATE_IN_PROGRESS"));
  CHECK(contains(out, "seconds: 1710003600"));
  CHECK(contains(out, "event_id: \"sync-1\""));
  /* The same event again: OK, nothing applied, same bytes. */
  CHECK_STATUS(pmkit_action_item_transition(
                   NULL, out, size, kStart, SIZE(kStart), PMKIT_FORMAT_TEXT,
                   1710009999LL, PMKIT_FORMAT_TEXT, &applied, &again,
                   &again_size, &error),
               PMKIT_OK);
  CHECK(applied == 0);
  CHECK(again_size == size && memcmp(again, out, size) == 0);
  pmkit_free(again);
  /* Refused: verify needs done first; block needs a note. */
  CHECK_STATUS(pmkit_action_item_transition(
                   NULL, out, size, kVerifyNoEvidence,
                   SIZE(kVerifyNoEvidence), PMKIT_FORMAT_AUTO, 0LL,
                   PMKIT_FORMAT_JSON, &applied, &again, &again_size, &error),
               PMKIT_FAILED_PRECONDITION);
  CHECK(contains(error, "not an allowed transition"));
  CHECK(again == NULL && again_size == 0 && applied == 0);
  pmkit_free(error);
  CHECK_STATUS(pmkit_action_item_transition(
                   NULL, out, size, kBlockNoNote, SIZE(kBlockNoNote),
                   PMKIT_FORMAT_AUTO, 0LL, PMKIT_FORMAT_JSON, NULL, &again,
                   &again_size, &error),
               PMKIT_FAILED_PRECONDITION);
  CHECK(contains(error, "blocks"));
  pmkit_free(error);
  pmkit_free(out);
  /* Malformed inputs name the input. */
  CHECK_STATUS(pmkit_action_item_transition(
                   NULL, "{ broken", 8, kStart, SIZE(kStart), PMKIT_FORMAT_AUTO,
                   0LL, PMKIT_FORMAT_JSON, NULL, &out, &size, &error),
               PMKIT_INVALID_ARGUMENT);
  CHECK(contains(error, "item: json"));
  pmkit_free(error);
  CHECK_STATUS(pmkit_action_item_transition(
                   NULL, kItem, SIZE(kItem), "\x0a\xff", 2, PMKIT_FORMAT_AUTO,
                   0LL, PMKIT_FORMAT_JSON, NULL, &out, &size, &error),
               PMKIT_INVALID_ARGUMENT);
  CHECK(contains(error, "event:"));
  pmkit_free(error);
  CHECK_STATUS(pmkit_action_item_transition(
                   NULL, kItem, SIZE(kItem), kStart, SIZE(kStart),
                   PMKIT_FORMAT_AUTO, 0LL, PMKIT_FORMAT_JSON, NULL, NULL, &size,
                   NULL),
               PMKIT_INVALID_ARGUMENT);
  /* No target state. */
  CHECK_STATUS(pmkit_action_item_transition(
                   NULL, kItem, SIZE(kItem), NULL, 0, PMKIT_FORMAT_AUTO, 0LL,
                   PMKIT_FORMAT_JSON, NULL, &out, &size, &error),
               PMKIT_INVALID_ARGUMENT);
  CHECK(contains(error, "target state"));
  pmkit_free(error);
}

static void test_postmortem_transition(void) {
  char* error = NULL;
  char* out = NULL;
  size_t size = 0;
  int applied = 0;
  CHECK_STATUS(pmkit_postmortem_transition(
                   NULL, kPostmortem, SIZE(kPostmortem), "AI-1", kStart,
                   SIZE(kStart), PMKIT_FORMAT_TEXT, 1710003600LL,
                   PMKIT_FORMAT_JSON, &applied, &out, &size, &error),
               PMKIT_OK);
  CHECK(applied == 1);
  CHECK(contains(out, "\"ACTION_ITEM_STATE_IN_PROGRESS\""));
  pmkit_free(out);
  /* AI-2 has no owner: starting it is refused. */
  CHECK_STATUS(pmkit_postmortem_transition(
                   NULL, kPostmortem, SIZE(kPostmortem), "AI-2", kStart,
                   SIZE(kStart), PMKIT_FORMAT_TEXT, 1710003600LL,
                   PMKIT_FORMAT_JSON, &applied, &out, &size, &error),
               PMKIT_FAILED_PRECONDITION);
  CHECK(contains(error, "no owner"));
  pmkit_free(error);
  CHECK_STATUS(pmkit_postmortem_transition(
                   NULL, kPostmortem, SIZE(kPostmortem), "AI-9", kStart,
                   SIZE(kStart), PMKIT_FORMAT_TEXT, 0LL, PMKIT_FORMAT_JSON,
                   NULL, &out, &size, &error),
               PMKIT_NOT_FOUND);
  pmkit_free(error);
  CHECK_STATUS(pmkit_postmortem_transition(
                   NULL, kPostmortem, SIZE(kPostmortem), NULL, kStart,
                   SIZE(kStart), PMKIT_FORMAT_TEXT, 0LL, PMKIT_FORMAT_JSON,
                   NULL, &out, &size, NULL),
               PMKIT_INVALID_ARGUMENT);
}

static void test_evaluate_and_report(void) {
  char* error = NULL;
  char* out = NULL;
  char* markdown = NULL;
  size_t size = 0, markdown_size = 0;
  const void* docs[3];
  size_t sizes[3];
  /* 40 days after creation: AI-1 (P1, SEV2: 30 days) is overdue. */
  const long long now = 1710000000LL + 40LL * 86400;
  CHECK_STATUS(pmkit_actions_evaluate(NULL, kPostmortem, SIZE(kPostmortem),
                                      PMKIT_FORMAT_TEXT, now, PMKIT_FORMAT_TEXT,
                                      &out, &size, &error),
               PMKIT_OK);
  CHECK(contains(out, "overdue: true"));
  CHECK(contains(out, "unowned: true"));
  CHECK(contains(out, "due_source: DUE_SOURCE_POLICY"));
  CHECK_STATUS(pmkit_actions_render_markdown(out, size, PMKIT_FORMAT_TEXT,
                                             PMKIT_ACTIONS_STATUS_REPORT,
                                             &markdown, &markdown_size, &error),
               PMKIT_OK);
  CHECK(contains(markdown, "## Action item status"));
  CHECK(contains(markdown, "overdue"));
  pmkit_free(markdown);
  pmkit_free(out);

  docs[0] = kPostmortem;
  sizes[0] = SIZE(kPostmortem);
  docs[1] = kPostmortem;
  sizes[1] = SIZE(kPostmortem);
  CHECK_STATUS(pmkit_actions_report(NULL, docs, sizes, 2, PMKIT_FORMAT_AUTO,
                                    now, PMKIT_FORMAT_TEXT, &out, &size,
                                    &error),
               PMKIT_OK);
  CHECK(contains(out, "postmortem_count: 2"));
  CHECK(contains(out, "item_count: 4"));
  CHECK(contains(out, "overdue_count: 2"));
  CHECK(contains(out, "key: \"payments\""));
  CHECK_STATUS(pmkit_actions_render_markdown(
                   out, size, PMKIT_FORMAT_AUTO,
                   PMKIT_ACTIONS_FOLLOW_THROUGH_REPORT, &markdown,
                   &markdown_size, &error),
               PMKIT_OK);
  CHECK(contains(markdown, "4 action items in 2 postmortems"));
  pmkit_free(markdown);
  CHECK_STATUS(pmkit_actions_render_markdown(out, size, PMKIT_FORMAT_AUTO, 7,
                                             &markdown, &markdown_size, NULL),
               PMKIT_INVALID_ARGUMENT);
  pmkit_free(out);
  /* A broken document is named by index. */
  docs[2] = "{ x";
  sizes[2] = 3;
  CHECK_STATUS(pmkit_actions_report(NULL, docs, sizes, 3, PMKIT_FORMAT_AUTO,
                                    now, PMKIT_FORMAT_TEXT, &out, &size,
                                    &error),
               PMKIT_INVALID_ARGUMENT);
  CHECK(contains(error, "postmortems[2]"));
  pmkit_free(error);
  CHECK_STATUS(pmkit_actions_report(NULL, NULL, NULL, 1, PMKIT_FORMAT_AUTO,
                                    now, PMKIT_FORMAT_TEXT, &out, &size, NULL),
               PMKIT_INVALID_ARGUMENT);
  CHECK_STATUS(pmkit_actions_report(NULL, NULL, NULL, 0, PMKIT_FORMAT_AUTO,
                                    now, PMKIT_FORMAT_TEXT, &out, &size, NULL),
               PMKIT_OK);
  CHECK(contains(out, "item_count: 0") || !contains(out, "item_count"));
  pmkit_free(out);
}

static void test_tracker(void) {
  int state = -1;
  char* error = NULL;
  CHECK_STATUS(pmkit_actions_map_tracker_status(NULL, "Jira", "In Progress",
                                                &state, &error),
               PMKIT_OK);
  CHECK(state == 2);
  CHECK_STATUS(pmkit_actions_map_tracker_status(NULL, "github", "not_planned",
                                                &state, NULL),
               PMKIT_OK);
  CHECK(state == 6);
  CHECK_STATUS(pmkit_actions_map_tracker_status(NULL, "trello", "x", &state,
                                                &error),
               PMKIT_NOT_FOUND);
  CHECK(state == 0 && contains(error, "servicenow"));
  pmkit_free(error);
  CHECK_STATUS(pmkit_actions_map_tracker_status(NULL, NULL, "x", &state, NULL),
               PMKIT_INVALID_ARGUMENT);
  CHECK_STATUS(pmkit_actions_map_tracker_status(NULL, "jira", "x", NULL, NULL),
               PMKIT_INVALID_ARGUMENT);
}

int main(void) {
  test_engine_handles();
  test_item_transition();
  test_postmortem_transition();
  test_evaluate_and_report();
  test_tracker();
  return finish();
}

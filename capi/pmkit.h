/*
 * pmkit.h: the C ABI of pmkit, an embeddable library for blameless incident
 * postmortems. This header is the specification of the ABI.
 *
 * Conventions
 * -----------
 * - Pure C99. Every symbol starts with `pmkit_`, every macro with `PMKIT_`.
 * - Structured data crosses the ABI as serialized pmkit.v1 protobuf messages
 *   in one of three formats (binary, proto3 JSON, text format), chosen with a
 *   `pmkit_format` value. The ABI therefore does not change when the schema
 *   grows: new fields travel inside the bytes.
 * - Enumerations are passed as `int`. A value outside the enumeration is
 *   refused with PMKIT_INVALID_ARGUMENT, never undefined behaviour.
 * - Every fallible function returns a status code (`int`). The codes are
 *   numerically equal to absl::StatusCode (PMKIT_OK == 0).
 * - The last parameter of every fallible function is `char** error`, an
 *   optional error out-parameter. When it is not NULL it is set to NULL on
 *   success and, on failure, to a NUL-terminated message that names the
 *   format and the position of the problem where one is known. Release it
 *   with pmkit_free().
 * - Output buffers are allocated by the library and released with
 *   pmkit_free(). Every output buffer, binary ones included, is followed by
 *   one NUL byte not counted in its size, so text outputs are C strings.
 *   On failure output pointers are set to NULL and sizes to 0.
 * - Opaque handles come in `_new`/`_parse` and `_free` pairs. Freeing NULL is
 *   a no-op, as is pmkit_free(NULL).
 * - NULL pointers where a value is required give PMKIT_INVALID_ARGUMENT.
 *   `data` may be NULL when `size` is 0.
 * - No C++ exception ever crosses this boundary; allocation failure is
 *   reported as PMKIT_RESOURCE_EXHAUSTED.
 * - Inputs larger than PMKIT_MAX_DOCUMENT_BYTES are refused with
 *   PMKIT_RESOURCE_EXHAUSTED before they are parsed.
 *
 * Thread safety
 * -------------
 * Every function may be called from any number of threads at once. A
 * pmkit_postmortem handle is immutable after it is created, so one handle may
 * be shared by many threads; only pmkit_postmortem_free() must not race with
 * other uses of the same handle.
 *
 * Versioning
 * ----------
 * The library's SONAME is libpmkit.so.<PMKIT_VERSION_MAJOR>. Within one major
 * version, functions are only ever added; no signature changes. Compare
 * pmkit_version_number() with PMKIT_VERSION_NUMBER to detect a header/library
 * mismatch at run time.
 */
#ifndef PMKIT_H_
#define PMKIT_H_

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

#if defined(_WIN32)
#if defined(PMKIT_BUILDING_LIBRARY)
#define PMKIT_EXPORT __declspec(dllexport)
#else
#define PMKIT_EXPORT __declspec(dllimport)
#endif
#else
#define PMKIT_EXPORT __attribute__((visibility("default")))
#endif

/* Version of this header. */
#define PMKIT_VERSION_MAJOR 0
#define PMKIT_VERSION_MINOR 1
#define PMKIT_VERSION_PATCH 0
/* MAJOR * 10000 + MINOR * 100 + PATCH. */
#define PMKIT_VERSION_NUMBER                                  \
  (PMKIT_VERSION_MAJOR * 10000 + PMKIT_VERSION_MINOR * 100 + \
   PMKIT_VERSION_PATCH)
#define PMKIT_VERSION_STRING "0.1.0"

/* The largest input, in bytes, that any function accepts (64 MiB). */
#define PMKIT_MAX_DOCUMENT_BYTES 67108864

/* The most sources one timeline merger takes, and the most records (over
 * all its sources) it holds in memory; beyond them the call fails with
 * PMKIT_RESOURCE_EXHAUSTED. Larger merges stream through the C++
 * TimelineMerger. */
#define PMKIT_MAX_TIMELINE_SOURCES 4096
#define PMKIT_MAX_TIMELINE_RECORDS 10000000

/* Status codes, numerically equal to absl::StatusCode. */
typedef enum pmkit_status {
  PMKIT_OK = 0,
  PMKIT_CANCELLED = 1,
  PMKIT_UNKNOWN = 2,
  PMKIT_INVALID_ARGUMENT = 3,
  PMKIT_DEADLINE_EXCEEDED = 4,
  PMKIT_NOT_FOUND = 5,
  PMKIT_ALREADY_EXISTS = 6,
  PMKIT_PERMISSION_DENIED = 7,
  PMKIT_RESOURCE_EXHAUSTED = 8,
  PMKIT_FAILED_PRECONDITION = 9,
  PMKIT_ABORTED = 10,
  PMKIT_OUT_OF_RANGE = 11,
  PMKIT_UNIMPLEMENTED = 12,
  PMKIT_INTERNAL = 13,
  PMKIT_UNAVAILABLE = 14,
  PMKIT_DATA_LOSS = 15,
  PMKIT_UNAUTHENTICATED = 16
} pmkit_status;

/* Serialization formats of pmkit.v1 messages. */
typedef enum pmkit_format {
  /* On input: detect the format from the bytes (see pmkit_detect_format).
   * Not valid as an output format. */
  PMKIT_FORMAT_AUTO = 0,
  /* Protobuf binary wire format. */
  PMKIT_FORMAT_BINARY = 1,
  /* Proto3 JSON mapping (UTF-8). */
  PMKIT_FORMAT_JSON = 2,
  /* Protobuf text format (UTF-8). */
  PMKIT_FORMAT_TEXT = 3
} pmkit_format;

/* The library's version as MAJOR * 10000 + MINOR * 100 + PATCH. */
PMKIT_EXPORT int pmkit_version_number(void);

/* The library's version as "MAJOR.MINOR.PATCH"; a static string. */
PMKIT_EXPORT const char* pmkit_version_string(void);

/* The name of a status code ("OK", "INVALID_ARGUMENT"); a static string,
 * "UNKNOWN_STATUS" for values outside pmkit_status. */
PMKIT_EXPORT const char* pmkit_status_name(int status);

/* The name of a format ("auto", "binary", "json", "text"); a static string,
 * NULL for values outside pmkit_format. */
PMKIT_EXPORT const char* pmkit_format_name(int format);

/* Releases a buffer or error message returned by the library. NULL is a
 * no-op. */
PMKIT_EXPORT void pmkit_free(void* buffer);

/* Detects the format of a serialized message: JSON when the first
 * non-whitespace byte is '{'; text format when the bytes are valid UTF-8
 * without control characters other than whitespace; binary otherwise.
 * Empty input is binary (the empty message). Sets *format_out. */
PMKIT_EXPORT int pmkit_detect_format(const void* data, size_t size,
                                     int* format_out, char** error);

/* A parsed pmkit.v1.Postmortem. Immutable; see "Thread safety". */
typedef struct pmkit_postmortem pmkit_postmortem;

/* Parses a pmkit.v1.Postmortem from `data` in `format` (AUTO detects it).
 * Unknown fields (from a newer schema) are kept and written back by binary
 * serialization. On success *out receives a handle to free with
 * pmkit_postmortem_free(). */
PMKIT_EXPORT int pmkit_postmortem_parse(const void* data, size_t size,
                                        int format, pmkit_postmortem** out,
                                        char** error);

/* Releases a postmortem handle. NULL is a no-op. */
PMKIT_EXPORT void pmkit_postmortem_free(pmkit_postmortem* postmortem);

/* Serializes a postmortem in `format` (not AUTO) into a new buffer
 * (*out, *out_size). JSON output uses the proto3 field names (lowerCamelCase)
 * and omits fields at their default values; text output is the protobuf text
 * format. JSON and text cannot carry unknown fields: they are dropped (use
 * pmkit_postmortem_unknown_field_count to find out). */
PMKIT_EXPORT int pmkit_postmortem_serialize(const pmkit_postmortem* postmortem,
                                            int format, char** out,
                                            size_t* out_size, char** error);

/* The number of unknown fields (from a newer schema) anywhere in the
 * postmortem; 0 when the document uses only fields this library knows. A
 * conversion to JSON or text loses exactly these. */
PMKIT_EXPORT size_t
pmkit_postmortem_unknown_field_count(const pmkit_postmortem* postmortem);

/* Renders a postmortem as a Markdown report (UTF-8), with times shown in the
 * document's display_time_zone. */
PMKIT_EXPORT int pmkit_postmortem_render_markdown(
    const pmkit_postmortem* postmortem, char** out, size_t* out_size,
    char** error);

/* Converts a serialized postmortem from `in_format` (AUTO detects it) to
 * `out_format`. Equivalent to parse + serialize + free. */
PMKIT_EXPORT int pmkit_convert(const void* data, size_t size, int in_format,
                               int out_format, char** out, size_t* out_size,
                               char** error);

/* Renders a serialized postmortem as Markdown. Equivalent to parse +
 * render_markdown + free. */
PMKIT_EXPORT int pmkit_render_markdown(const void* data, size_t size,
                                       int in_format, char** out,
                                       size_t* out_size, char** error);

/* ------------------------------------------------------------------------
 * Action items: state machine, due dates, follow-through reports
 * ------------------------------------------------------------------------
 * The engine behind these functions is described in docs/actions.md. Its
 * messages are in pmkit/v1/actions.proto: pmkit.v1.ActionOptions (the
 * configuration), pmkit.v1.TransitionTable, pmkit.v1.ActionStatusReport and
 * pmkit.v1.FollowThroughReport. Times are Unix seconds (UTC) as `long long`.
 *
 * Refusals of the state machine are errors with a message that says why:
 * PMKIT_FAILED_PRECONDITION when the transition is not in the table, a guard
 * refuses (no owner, no note, no evidence...), the item's history contradicts
 * itself or the event is older than the history; PMKIT_ALREADY_EXISTS when
 * the event id is already in the history with different content;
 * PMKIT_INVALID_ARGUMENT for a missing target state or actor. Applying an
 * event whose id is already in the history with the same content succeeds
 * and changes nothing (*applied is set to 0).
 */

/* A compiled actions engine: transition table, tracker mappings, due-date
 * policy and follow-up policy. Immutable; share it between threads freely
 * (only pmkit_actions_free must not race with its uses). Every function
 * below accepts NULL for the engine and then uses the built-in defaults. */
typedef struct pmkit_actions pmkit_actions;

/* Compiles a serialized pmkit.v1.ActionOptions (`format`; AUTO detects it).
 * NULL/0 options give the defaults. Errors: PMKIT_INVALID_ARGUMENT for
 * unparsable options or an invalid table (unknown state or guard, a pair
 * listed twice, a self-transition), negative windows or limits. On success
 * *out receives a handle to release with pmkit_actions_free(). */
PMKIT_EXPORT int pmkit_actions_new(const void* options, size_t options_size,
                                   int format, pmkit_actions** out,
                                   char** error);

/* Releases an engine. NULL is a no-op. */
PMKIT_EXPORT void pmkit_actions_free(pmkit_actions* actions);

/* The engine's transition table as a serialized pmkit.v1.TransitionTable in
 * `out_format` (not AUTO), so tools can render or check it. */
PMKIT_EXPORT int pmkit_actions_transition_table(const pmkit_actions* actions,
                                                int out_format, char** out,
                                                size_t* out_size,
                                                char** error);

/* Applies a transition (a serialized pmkit.v1.StateTransition: to_state,
 * actor, note, evidence, optional time and event_id) to a serialized
 * pmkit.v1.ActionItem and returns the updated item in `out_format`.
 * `in_format` applies to both inputs (AUTO detects each). An unset event
 * time takes `now_unix_seconds`. `applied` may be NULL; otherwise it is set
 * to 1 when the history grew and to 0 when the event was a repeat. */
PMKIT_EXPORT int pmkit_action_item_transition(
    const pmkit_actions* actions, const void* item, size_t item_size,
    const void* event, size_t event_size, int in_format,
    long long now_unix_seconds, int out_format, int* applied, char** out,
    size_t* out_size, char** error);

/* As pmkit_action_item_transition, for the item with id `item_id` (a
 * NUL-terminated UTF-8 string) of a serialized pmkit.v1.Postmortem; returns
 * the updated postmortem. PMKIT_NOT_FOUND when there is no such item. */
PMKIT_EXPORT int pmkit_postmortem_transition(
    const pmkit_actions* actions, const void* postmortem,
    size_t postmortem_size, const char* item_id, const void* event,
    size_t event_size, int in_format, long long now_unix_seconds,
    int out_format, int* applied, char** out, size_t* out_size, char** error);

/* Evaluates every action item of a serialized postmortem at
 * `now_unix_seconds`: effective due time, overdue, due soon, unowned,
 * stalled, next reminder, and history findings. Returns a serialized
 * pmkit.v1.ActionStatusReport in `out_format`. */
PMKIT_EXPORT int pmkit_actions_evaluate(const pmkit_actions* actions,
                                        const void* postmortem, size_t size,
                                        int in_format,
                                        long long now_unix_seconds,
                                        int out_format, char** out,
                                        size_t* out_size, char** error);

/* The follow-through report over `count` serialized postmortems
 * (postmortems[i] of sizes[i] bytes, each in `in_format`) at
 * `now_unix_seconds`, as a serialized pmkit.v1.FollowThroughReport in
 * `out_format`. An unparsable postmortem fails the call with a message that
 * names its index. count 0 gives an empty report. */
PMKIT_EXPORT int pmkit_actions_report(const pmkit_actions* actions,
                                      const void* const* postmortems,
                                      const size_t* sizes, size_t count,
                                      int in_format, long long now_unix_seconds,
                                      int out_format, char** out,
                                      size_t* out_size, char** error);

/* Renders a serialized pmkit.v1.FollowThroughReport (`kind` 0) or
 * pmkit.v1.ActionStatusReport (`kind` 1) as Markdown. */
#define PMKIT_ACTIONS_FOLLOW_THROUGH_REPORT 0
#define PMKIT_ACTIONS_STATUS_REPORT 1
PMKIT_EXPORT int pmkit_actions_render_markdown(const void* report,
                                               size_t size, int format,
                                               int kind, char** out,
                                               size_t* out_size,
                                               char** error);

/* Maps a tracker's status string (e.g. tracker "jira", status "In
 * Progress"; case-insensitive) to an action-item state, the
 * pmkit.v1.ActionItemState number, in *state_out. PMKIT_NOT_FOUND for an
 * unknown tracker or status. Built-in: jira, github, linear, servicenow;
 * ActionOptions.tracker_mappings add or replace trackers. */
PMKIT_EXPORT int pmkit_actions_map_tracker_status(const pmkit_actions* actions,
                                                  const char* tracker,
                                                  const char* status,
                                                  int* state_out,
                                                  char** error);

/* ------------------------------------------------------------------------
 * Timeline merging
 * ------------------------------------------------------------------------
 * Merges events from many sources (Slack exports, PagerDuty log entries,
 * Alertmanager webhook payloads, syslog/application lines, CSV, JSON Lines)
 * into one pmkit.v1.MergedTimeline: ordered by corrected time, ties broken
 * by source priority (higher first), then source name, then position;
 * duplicates folded with the provenance of every original kept; clock
 * offsets applied (and estimated on request); lifecycle metrics and gaps in
 * the report. See docs/timeline.md.
 *
 * Importer names (`input_format`): "jsonl", "csv", "slack", "pagerduty",
 * "alertmanager", "syslog", or "auto"/NULL to detect from the content.
 * Malformed records do not fail a call: they are listed, with their 1-based
 * line, in MergeReport.import_issues / TimelineEventBatch.issues, unless
 * the merge options (or `stop_on_error`) ask to stop, in which case the call
 * fails with PMKIT_INVALID_ARGUMENT naming the source and line. */

/* A merger: sources and their records, held in memory until finished. Not
 * thread-safe: one thread at a time may use a merger handle (different
 * handles are independent). */
typedef struct pmkit_timeline_merger pmkit_timeline_merger;

/* Creates a merger. `options` is a serialized pmkit.v1.MergeOptions in
 * `options_format` (AUTO detects it); NULL with size 0 means the defaults.
 * Invalid options (a negative window, a similarity outside 0..1) give
 * PMKIT_INVALID_ARGUMENT. On success *out receives a handle to free with
 * pmkit_timeline_merger_free(). */
PMKIT_EXPORT int pmkit_timeline_merger_new(const void* options,
                                           size_t options_size,
                                           int options_format,
                                           pmkit_timeline_merger** out,
                                           char** error);

/* Releases a merger. NULL is a no-op. */
PMKIT_EXPORT void pmkit_timeline_merger_free(pmkit_timeline_merger* merger);

/* Adds a source described by a serialized pmkit.v1.TimelineSource (its name
 * must be non-empty and unique within the merger; at most
 * PMKIT_MAX_TIMELINE_SOURCES sources). Sets *index_out (when not NULL) to the
 * source's index, used by pmkit_timeline_merger_add_events. */
PMKIT_EXPORT int pmkit_timeline_merger_add_source(pmkit_timeline_merger* merger,
                                                  const void* source,
                                                  size_t source_size,
                                                  int source_format,
                                                  int* index_out,
                                                  char** error);

/* Imports `data` (an export in `input_format`; NULL or "auto" uses the
 * source's declared format, else detects it) and appends its records to
 * source `source_index`. May be called several times per source, up to
 * PMKIT_MAX_TIMELINE_RECORDS records in all (a call that would pass it fails
 * and adds nothing). The bytes are not retained. Time zone and year for naive timestamps come from the
 * source's TimelineSource. */
PMKIT_EXPORT int pmkit_timeline_merger_add_events(pmkit_timeline_merger* merger,
                                                  int source_index,
                                                  const void* data,
                                                  size_t size,
                                                  const char* input_format,
                                                  char** error);

/* Merges everything added so far and writes the pmkit.v1.MergedTimeline in
 * `out_format` (not AUTO) to a new buffer. The merger stays usable: more
 * sources or events may be added and finish called again. */
PMKIT_EXPORT int pmkit_timeline_merger_finish(pmkit_timeline_merger* merger,
                                              int out_format, char** out,
                                              size_t* out_size, char** error);

/* Imports one export without merging: writes a pmkit.v1.TimelineEventBatch
 * (events in source order, ids "<name>#<line>", and the issues) in
 * `out_format`. `source` is an optional serialized pmkit.v1.TimelineSource
 * (name, kind, time_zone, year, clock_offset; NULL/0 = a source named
 * "input"). With `stop_on_error` non-zero the first malformed record fails
 * the call. Thread-safe. */
PMKIT_EXPORT int pmkit_timeline_import(const void* data, size_t size,
                                       const char* input_format,
                                       const void* source, size_t source_size,
                                       int source_format, int stop_on_error,
                                       int out_format, char** out,
                                       size_t* out_size, char** error);

/* ------------------------------------------------------------------------
 * Validation: a rule catalog and an organisation's policy, checking the
 * content of postmortems. Findings are data: a document with problems gives
 * PMKIT_OK and a pmkit.v1.Report listing them; a non-OK status means the
 * engine could not run (bad policy, malformed document or options).
 * ------------------------------------------------------------------------ */

/* A compiled validation policy. Immutable: one validator may be used by any
 * number of threads at once; only pmkit_validator_free() must not race with
 * other uses of the same handle. */
typedef struct pmkit_validator pmkit_validator;

/* Compiles a pmkit.v1.Policy given as serialized bytes in `format` (AUTO
 * detects it) into a validator. NULL/0 policy bytes mean the default policy
 * shipped with the library; fields a policy leaves unset take the default
 * policy's values. Errors: PMKIT_INVALID_ARGUMENT for a malformed policy or
 * one the engine refuses (an override naming an unknown rule, duplicate
 * severity levels, a negative window), with the reason in *error. On success
 * *out receives a handle to release with pmkit_validator_free(). */
PMKIT_EXPORT int pmkit_validator_new(const void* policy, size_t policy_size,
                                     int format, pmkit_validator** out,
                                     char** error);

/* Releases a validator. NULL is a no-op. */
PMKIT_EXPORT void pmkit_validator_free(pmkit_validator* validator);

/* Validates a serialized pmkit.v1.Postmortem (`in_format`, AUTO detects it)
 * and writes the pmkit.v1.Report in `out_format` (not AUTO) into a new
 * buffer (*out, *out_size). `options` is an optional serialized
 * pmkit.v1.ValidationOptions in any format (NULL/0 = defaults: all
 * severities, the document named by its id). Findings are in document order,
 * each with rule_id, severity, path (elements and text), message and
 * suggestion. Thread-safe. */
PMKIT_EXPORT int pmkit_validator_validate(
    const pmkit_validator* validator, const void* data, size_t size,
    int in_format, const void* options, size_t options_size, int out_format,
    char** out, size_t* out_size, char** error);

/* The policy in effect (the given one completed with the defaults), as a
 * serialized pmkit.v1.Policy in `out_format` (not AUTO). */
PMKIT_EXPORT int pmkit_validator_policy(const pmkit_validator* validator,
                                        int out_format, char** out,
                                        size_t* out_size, char** error);

/* The rule catalog as a serialized pmkit.v1.RuleCatalog in `out_format`
 * (not AUTO). With a validator, severity and enabled reflect its policy;
 * with NULL, the built-in defaults. */
PMKIT_EXPORT int pmkit_validator_rules(const pmkit_validator* validator,
                                       int out_format, char** out,
                                       size_t* out_size, char** error);

/* ------------------------------------------------------------------------
 * Blame-language detection
 *
 * A detector is compiled once from pmkit's default lexicon plus options (a
 * serialized pmkit.v1.BlameOptions: extra words and rules, person names,
 * allow-phrases, disabled categories, hints) and then scans any number of
 * texts or postmortems. Findings come back as a serialized pmkit.v1.Report
 * (in document order; each Finding has rule_id "blame.<category>", category,
 * span = UTF-8 byte offsets into the scanned text or field, excerpt, cue,
 * message = explanation, suggestion, confidence and, for postmortems, the
 * field path). Texts that are not well-formed UTF-8 fail with
 * PMKIT_INVALID_ARGUMENT and the byte offset in the error message.
 *
 * Thread safety: a detector is immutable; any number of threads may scan
 * with one detector at once. pmkit_blame_detector_free must not race with
 * scans on the same detector.
 * ------------------------------------------------------------------------ */

/* An opaque, immutable compiled blame detector. */
typedef struct pmkit_blame_detector pmkit_blame_detector;

/* What the bytes given to pmkit_blame_detector_scan_text are. */
typedef enum pmkit_blame_text_kind {
  /* Plain text. */
  PMKIT_BLAME_TEXT_PLAIN = 0,
  /* Markdown: code, link targets, HTML tags and URLs are skipped. */
  PMKIT_BLAME_TEXT_MARKDOWN = 1
} pmkit_blame_text_kind;

/* Compiles a detector. `options` is a serialized pmkit.v1.BlameOptions in
 * `options_format` (AUTO detects it); NULL with size 0 means the defaults.
 * On success *out owns the detector (release it with
 * pmkit_blame_detector_free). Errors: INVALID_ARGUMENT for malformed options
 * or a bad pattern (the message names the rule and pattern). */
PMKIT_EXPORT int pmkit_blame_detector_new(const void* options,
                                          size_t options_size,
                                          int options_format,
                                          pmkit_blame_detector** out,
                                          char** error);

/* Releases a detector. NULL is a no-op. */
PMKIT_EXPORT void pmkit_blame_detector_free(pmkit_blame_detector* detector);

/* Scans `size` bytes of UTF-8 text (`kind`: a pmkit_blame_text_kind) and
 * writes a pmkit.v1.Report in `out_format` (BINARY, JSON or TEXT) to a
 * library-owned buffer (*out, *out_size; release with pmkit_free). A text
 * without blameful language yields an empty report and PMKIT_OK. Errors:
 * INVALID_ARGUMENT (NULL detector, bad kind or format, invalid UTF-8),
 * RESOURCE_EXHAUSTED (text over 256 MiB). */
PMKIT_EXPORT int pmkit_blame_detector_scan_text(
    const pmkit_blame_detector* detector, const char* text, size_t size,
    int kind, int out_format, char** out, size_t* out_size, char** error);

/* Parses a serialized postmortem (`in_format`, AUTO detects it) and scans
 * every free-text field, with the document's people as known persons. The
 * report's findings carry field paths; spans are byte offsets into the
 * field's text; Report.document is the postmortem's id. */
PMKIT_EXPORT int pmkit_blame_detector_scan_postmortem(
    const pmkit_blame_detector* detector, const void* data, size_t size,
    int in_format, int out_format, char** out, size_t* out_size,
    char** error);

/* Returns the version of the lexicon the detector was compiled from (a
 * static-lifetime string owned by the detector), or "" for NULL. */
PMKIT_EXPORT const char* pmkit_blame_detector_lexicon_version(
    const pmkit_blame_detector* detector);

#ifdef __cplusplus
} /* extern "C" */
#endif

#endif /* PMKIT_H_ */

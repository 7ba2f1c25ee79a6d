#!/usr/bin/env bash
# End-to-end tests of `pmkit validate` and `pmkit rules`.
#
# Environment: PMKIT_CLI (required), PMKIT_SOURCE_DIR (optional).
# Prints "N passed, M failed"; exits nonzero if any check failed.
set -euo pipefail

source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
count_lines() { [[ "$(wc -l <"$1")" -eq "$2" ]]; }

SAMPLE="$PMKIT_SOURCE_DIR/examples/sample/postmortem.textproto"
POLICY="$PMKIT_SOURCE_DIR/examples/validate/strict_policy.textproto"

cat >bad.textproto <<'PM'
id: "pm-bad"
status: DOCUMENT_STATUS_PUBLISHED
severity { level: "SEV1" }
summary: "TBD"
action_items { id: "AI-1" title: "Be more careful" }
PM
cat >draft.textproto <<'PM'
id: "pm-draft"
status: DOCUMENT_STATUS_DRAFT
summary: "Checkout failed."
PM

# --- Help and usage --------------------------------------------------------
check "validate --help" exits 0 "$PMKIT" validate --help
check "validate help text" contains last.out "Usage: pmkit validate"
check "help validate" exits 0 "$PMKIT" help validate
check "rules --help" exits 0 "$PMKIT" rules --help
check "main help lists validate" exits 0 "$PMKIT" help
check "main help names validate" contains last.out "validate"
check "validate without FILE" exits 2 "$PMKIT" validate
check "unknown option" exits 2 "$PMKIT" validate --bogus "$SAMPLE"
check "unknown format" exits 2 "$PMKIT" validate --format xml "$SAMPLE"
check "unknown min severity" exits 2 "$PMKIT" validate --min-severity fatal "$SAMPLE"

# --- The sample: no errors -------------------------------------------------
check "sample exits 0" exits 0 "$PMKIT" validate "$SAMPLE"
check "sample summary line" contains last.out "0 error(s)"
check "sample warns about late items" contains last.out "action_item.due.too_late"
check "sample json" exits 0 "$PMKIT" validate --format json "$SAMPLE"
check "sample json is one line" count_lines last.out 1
check "sample json has rule ids" contains last.out '"ruleId":"action_item.due.too_late"'
check "sample sarif" exits 0 "$PMKIT" validate --format sarif "$SAMPLE"
check "sarif version" contains last.out '"version": "2.1.0"'
check "sarif names the file" contains last.out "postmortem.textproto"

# --- Errors exit 1 ---------------------------------------------------------
check "bad exits 1" exits 1 "$PMKIT" validate bad.textproto
check "bad names the rule" contains last.out "error action_item.owner.missing at action_items[0].owner_id"
check "bad flags the placeholder" contains last.out "hygiene.placeholder at summary"
check "bad flags care" contains last.out "action_item.depends_on_care"
check "bad has suggestions" contains last.out "suggestion:"
check "min-severity error hides warnings" exits 1 "$PMKIT" validate --min-severity error bad.textproto
check "no warnings shown" lacks last.out ": warning "
check "two files, one bad" exits 1 "$PMKIT" validate "$SAMPLE" bad.textproto
check "two files, two summaries" contains last.out "bad.textproto: "
check "draft exits 0" exits 0 "$PMKIT" validate draft.textproto
check "json of two files" exits 1 "$PMKIT" validate --format json draft.textproto bad.textproto
check "json lines" count_lines last.out 2
check "stdin" exits 1 "$PMKIT" validate - <bad.textproto
check "stdin is named" contains last.out "<stdin>:"

# --- Policies --------------------------------------------------------------
check "strict policy on the sample" exits 1 "$PMKIT" validate --policy "$POLICY" "$SAMPLE"
check "strict policy requires cost_center" lacks last.out "policy.custom_field.missing"
check "strict policy makes late items errors" contains last.out "error action_item.due.too_late"
check "strict policy disables zone_missing" lacks last.out "time.source.zone_missing"
check "print default policy" exits 0 "$PMKIT" validate --print-policy
check "default policy has SEV4" contains last.out 'id: "SEV4"'
check "print strict policy" exits 0 "$PMKIT" validate --print-policy --policy "$POLICY"
check "strict policy keeps defaults" contains last.out 'id: "SEV1"'
echo 'rule_overrides { rule_id: "no.such.rule" enabled: false }' >unknown.textproto
check "unknown rule in policy exits 2" exits 2 "$PMKIT" validate --policy unknown.textproto "$SAMPLE"
check "unknown rule is named" contains last.err "no.such.rule"
echo '{ broken' >broken.json
check "malformed policy exits 2" exits 2 "$PMKIT" validate --policy broken.json "$SAMPLE"
check "missing policy exits 2" exits 2 "$PMKIT" validate --policy nope.textproto "$SAMPLE"

# --- Input errors ----------------------------------------------------------
check "missing file exits 2" exits 2 "$PMKIT" validate nope.textproto
check "missing file is named" contains last.err "nope.textproto"
printf 'title: "x"\nno_such_field: 1\n' >malformed.textproto
check "malformed file exits 2" exits 2 "$PMKIT" validate malformed.textproto
check "malformed names the field" contains last.err "no_such_field"

# --- Length-delimited streams ----------------------------------------------
"$PMKIT" convert bad.textproto -o bad.binpb
"$PMKIT" convert draft.textproto -o draft.binpb
size_of() { wc -c <"$1"; }
varint() {  # Prints the varint of $1 as raw bytes.
  local n=$1
  while ((n >= 128)); do
    printf "\\x$(printf %02x $(((n & 127) | 128)))"
    n=$((n >> 7))
  done
  printf "\\x$(printf %02x "$n")"
}
{ varint "$(size_of draft.binpb)"; cat draft.binpb; varint "$(size_of bad.binpb)"; cat bad.binpb; } >stream.bin
check "stream exits 1" exits 1 "$PMKIT" validate --delimited stream.bin
check "stream names documents" contains last.out "stream.bin#1: "
check "stream validates the first" contains last.out "stream.bin#0: 0 error(s)"
check "stream as json" exits 1 "$PMKIT" validate --delimited --format json stream.bin
check "stream json lines" count_lines last.out 2
head -c 5 stream.bin >short.bin
check "truncated stream exits 2" exits 2 "$PMKIT" validate --delimited short.bin
check "truncated stream says so" contains last.err "truncated"
printf '\xff\xff\xff\xff\x0f' >huge.bin
check "oversized length exits 2" exits 2 "$PMKIT" validate --delimited huge.bin
check "empty stream exits 0" exits 0 "$PMKIT" validate --delimited /dev/null
check "stream from stdin" exits 1 "$PMKIT" validate --delimited - <stream.bin
check "delimited with --from json" exits 2 "$PMKIT" validate --delimited --from json stream.bin

# Several threads, several batches (64 messages each): reports keep the
# stream's order; a bad message ends the stream after every report before it.
for _ in $(seq 75); do cat stream.bin; done >long.bin
check "long stream, one thread" exits 1 "$PMKIT" validate --delimited --jobs 1 long.bin
copy last.out long1.out
check "long stream, three threads" exits 1 "$PMKIT" validate --delimited --jobs 3 long.bin
check "threads keep the order" same last.out long1.out
check "every document reported" contains last.out "long.bin#149: "
{ cat long.bin; varint 3; printf 'zzz'; cat stream.bin; } >badmid.bin
check "bad message mid-stream exits 2" exits 2 "$PMKIT" validate --delimited --jobs 2 badmid.bin
check "bad message is named" contains last.err "badmid.bin#150"
check "reports before it are kept" contains last.out "badmid.bin#149: "
check "none after it" lacks last.out "badmid.bin#151"
{ cat long.bin; head -c 20 stream.bin; } >cut.bin
check "truncated after batches exits 2" exits 2 "$PMKIT" validate --delimited --jobs 2 cut.bin
check "truncated after batches keeps reports" contains last.out "cut.bin#149: "
# Threads that load their first time zone at once (the sample has a display
# zone): the same reports as one thread (and, under ThreadSanitizer, no race).
"$PMKIT" convert "$SAMPLE" -o sample.binpb
{ for _ in $(seq 70); do varint "$(size_of sample.binpb)"; cat sample.binpb; done; } >samples.bin
check "sample stream, one thread" exits 0 "$PMKIT" validate --delimited --jobs 1 samples.bin
copy last.out samples1.out
check "sample stream, four threads" exits 0 "$PMKIT" validate --delimited --jobs 4 samples.bin
check "four threads report as one" same last.out samples1.out
check "every sample reported" contains last.out "samples.bin#69: 0 error(s)"
# A stream cut where a batch ends: the first batch's reports, then the error.
{ for _ in $(seq 32); do cat stream.bin; done; printf '\x80'; } >edge.bin
check "cut at a batch's end exits 2" exits 2 "$PMKIT" validate --delimited --jobs 2 edge.bin
check "cut at a batch's end is named" contains last.err "edge.bin#64: truncated length prefix"
check "cut at a batch's end keeps reports" contains last.out "edge.bin#63: "
{ for _ in $(seq 32); do cat stream.bin; done; varint 3; printf 'zzz'; cat long.bin; } >edgebad.bin
check "bad first message of a batch exits 2" exits 2 "$PMKIT" validate --delimited --jobs 3 edgebad.bin
check "bad first message of a batch is named" contains last.err "edgebad.bin#64"
check "bad first message of a batch keeps reports" contains last.out "edgebad.bin#63: "
check "nothing after the bad first message" lacks last.out "edgebad.bin#65"
# Length prefixes that do not fit: an error, never a silent end of stream.
{ cat stream.bin; printf '\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff'; } >overlong.bin
check "overlong length prefix exits 2" exits 2 "$PMKIT" validate --delimited overlong.bin
check "overlong length prefix is named" contains last.err "overlong.bin#2: malformed length prefix"
check "overlong length prefix keeps reports" contains last.out "overlong.bin#1: "
{ cat stream.bin; printf '\x80\x80\x80\x80\x80\x01'; } >wide.bin
check "length past 32 bits exits 2" exits 2 "$PMKIT" validate --delimited wide.bin
check "length past 32 bits is refused" contains last.err "wide.bin#2: message of 34359738368 bytes"
# A pipe that delivers the stream in pieces reads like the file.
check "stream from stdin, whole" exits 1 "$PMKIT" validate --delimited --jobs 2 - <long.bin
copy last.out whole.out
check "stream from a pipe, in pieces" exits 1 sh -c \
  "{ head -c 100 long.bin; sleep 0.2; tail -c +101 long.bin; } | \"$PMKIT\" validate --delimited --jobs 2 -"
check "pieces read like the whole" same last.out whole.out
check "--jobs 0 is refused" exits 2 "$PMKIT" validate --delimited --jobs 0 stream.bin
check "--jobs x is refused" exits 2 "$PMKIT" validate --delimited --jobs x stream.bin

# --- rules -----------------------------------------------------------------
check "rules" exits 0 "$PMKIT" rules
check "rules lists ids" contains last.out "action_item.owner.missing"
check "rules lists severities" contains last.out "error"
check "rules one rule" exits 0 "$PMKIT" rules analysis.human_error
check "rule rationale" contains last.out "Why:"
check "rules json" exits 0 "$PMKIT" rules --format json
check "rules json ids" contains last.out '"id": "hygiene.placeholder"'
check "unknown rule exits 2" exits 2 "$PMKIT" rules no.such.rule
check "rules bad format" exits 2 "$PMKIT" rules --format sarif

echo "$passed passed, $failed failed"
[[ "$failed" -eq 0 ]]

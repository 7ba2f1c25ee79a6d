#!/usr/bin/env bash
# End-to-end tests of "pmkit actions": status, transition, report, table.
#
# Environment:
#   PMKIT_CLI         path to the pmkit binary (required)
#   PMKIT_SOURCE_DIR  the source tree, for examples/sample (optional)
#
# Each check is `check NAME COMMAND...`: it passes when COMMAND exits 0.
# The helpers below (exits, contains, ...) are such commands. At the end the
# script prints "N passed, M failed" and exits nonzero if any check failed.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

SAMPLE="$PMKIT_SOURCE_DIR/examples/sample/postmortem.textproto"
cp "$SAMPLE" sample.textproto

# --- help and usage --------------------------------------------------------
check "actions --help" exits 0 "$PMKIT" actions --help
check "help mentions subcommands" contains last.out "transition INPUT"
check "help actions" exits 0 "$PMKIT" help actions
check "main help lists actions" exits 0 "$PMKIT" help
check "main help lists actions (text)" contains last.out "actions"
check "no subcommand" exits 2 "$PMKIT" actions
check "unknown subcommand" exits 2 "$PMKIT" actions frobnicate
check "unknown option" exits 2 "$PMKIT" actions status sample.textproto --bogus
check "status needs an input" exits 2 "$PMKIT" actions status
check "bad --now" exits 2 "$PMKIT" actions status sample.textproto --now yesterday
check "bad --now message" contains last.err "RFC 3339"
check "bad --format" exits 2 "$PMKIT" actions report sample.textproto --format yaml
check "missing input file" exits 2 "$PMKIT" actions report nope.textproto
check "malformed input" exits 2 feed /dev/null "$PMKIT" actions status - --from json

# --- status -----------------------------------------------------------------
check "status early: nothing late" exits 0 "$PMKIT" actions status sample.textproto --now 2024-04-01
check "status early: table" contains last.out "| AI-5 | open | P2 | marcus | 2024-06-14 16:00 UTC | — |"
check "status late: findings exit 1" exits 1 "$PMKIT" actions status sample.textproto --now 2024-07-01T00:00:00Z
check "status late: AI-2 overdue" contains last.out "| AI-2 | in_progress | P1 | jose | 2024-05-31 16:00 UTC | overdue, stalled |"
check "status json" exits 1 "$PMKIT" actions status sample.textproto --now @1719792000 --format json
check "status json has items" contains last.out '"itemId": "AI-8"'
check "status json overdue" contains last.out '"overdue": true'

# --- transition ---------------------------------------------------------------
check "transition needs --to" exits 2 "$PMKIT" actions transition sample.textproto --item AI-5 --actor marcus
check "transition bad state" exits 2 "$PMKIT" actions transition sample.textproto --item AI-5 --to finished --actor marcus
check "transition unknown item" exits 2 "$PMKIT" actions transition sample.textproto --item AI-99 --to done --actor marcus --note x
check "transition start" exits 0 "$PMKIT" actions transition sample.textproto --item AI-5 --to in_progress --actor marcus --at 2024-07-02 --event-id sync-1 -o started.textproto
check "transition start says so" contains last.err "AI-5: now in_progress"
check "transition recorded" contains started.textproto 'event_id: "sync-1"'
check "input untouched" same sample.textproto "$SAMPLE"
check "transition repeat is a no-op" exits 0 "$PMKIT" actions transition started.textproto --item AI-5 --to in_progress --actor marcus --at 2024-07-02 --event-id sync-1 -o again.textproto
check "repeat says so" contains last.err "already applied"
check "repeat same bytes" same started.textproto again.textproto
check "illegal transition refused" exits 1 "$PMKIT" actions transition started.textproto --item AI-5 --to verified --actor marcus -o x.textproto
check "illegal says why" contains last.err "not an allowed transition"
check "guard refused" exits 1 "$PMKIT" actions transition started.textproto --item AI-5 --to blocked --actor marcus -o x.textproto
check "guard says why" contains last.err "blocks"
check "refusal writes nothing" exits 1 test -e x.textproto
check "no in-place without --force" exits 2 "$PMKIT" actions transition started.textproto --item AI-5 --to done --actor marcus --note shipped -o started.textproto
check "in place with --force" exits 0 "$PMKIT" actions transition started.textproto --item AI-5 --to done --actor marcus --note shipped --at 2024-07-03 -o started.textproto --force
check "done recorded" contains started.textproto "to_state: ACTION_ITEM_STATE_DONE"
check "output format from name" exits 0 "$PMKIT" actions transition started.textproto --item AI-5 --to verified --actor priya --evidence https://grafana.example/d/1 --at 2024-07-04 -o verified.json
check "json output" starts_with verified.json "{"
check "no temp files" no_temp_files "$WORK"

# --- report -----------------------------------------------------------------
check "report one" exits 0 "$PMKIT" actions report sample.textproto --now 2024-07-01
check "report counts" contains last.out "8 action items in 1 postmortem."
check "report completion" contains last.out "| Completion rate (done or verified, won't-do excluded) | 42.9% |"
check "report by team" contains last.out "| Security Engineering | 1 | 1 |"
check "report many" exits 0 "$PMKIT" actions report sample.textproto verified.json --now 2024-07-05 --format text
check "report many counts" contains last.out "postmortem_count: 2"
check "report many verified" contains last.out "state: ACTION_ITEM_STATE_VERIFIED"
check "report to file" exits 0 "$PMKIT" actions report sample.textproto --now 2024-07-01 -o report.md
check "report file" contains report.md "## Action item follow-through"

# --- options and table ------------------------------------------------------
cat >options.textproto <<'EOF2'
policy { due_windows { window { seconds: 86400 } } }
tracker_mappings { tracker: "trello" statuses { status: "Done" state: ACTION_ITEM_STATE_DONE } }
EOF2
printf 'table { rules { from_state: ACTION_ITEM_STATE_OPEN to_state: ACTION_ITEM_STATE_OPEN } }\n' >bad_options.textproto
check "table" exits 0 "$PMKIT" actions table
check "table rows" contains last.out "| done | verified | verify | evidence, verifier |"
check "table json" exits 0 "$PMKIT" actions table --format json
check "table json rules" contains last.out '"rules"'
check "options accepted" exits 0 "$PMKIT" actions report sample.textproto --options options.textproto --now 2024-07-01
check "bad options refused" exits 2 "$PMKIT" actions report sample.textproto --options bad_options.textproto
check "bad options say why" contains last.err "bad_options.textproto: table.rules[0]"

echo "$passed passed, $failed failed"
if [[ "$failed" -ne 0 ]]; then
  exit 1
fi

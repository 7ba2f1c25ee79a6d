#!/usr/bin/env bash
# End-to-end tests of `pmkit lint`. Environment: PMKIT_CLI (required),
# PMKIT_SOURCE_DIR (optional). Prints "N passed, M failed".
set -euo pipefail

source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

# This suite runs a command, then checks its outcome in several steps.
status_is() { [[ "$status" == "$1" ]]; }
out_has() { contains last.out "$1"; }
err_has() { contains last.err "$1"; }

printf 'The deploy failed to complete.\nThe client should retry.\n' >clean.txt
printf 'Status.\n\nThen Oliver pushed the wrong config.\n' >blame.txt
printf '# Notes\n\n```\nthe intern broke it\n```\n\n- Engineers must be more careful.\n' >notes.md
printf 'bad \xff byte\n' >bad.txt

run "$PMKIT" lint --help
check "help" status_is 0
check "help text" out_has "--format"
run "$PMKIT" help lint
check "help lint" status_is 0

run "$PMKIT" lint clean.txt
check "clean exits 0" status_is 0
check "clean summary" out_has "0 findings in 1 file"

run "$PMKIT" lint blame.txt
check "findings exit 1" status_is 1
check "human line:col" out_has "blame.txt:3:6: actor_as_cause"
check "human suggestion" out_has "suggestion:"

run "$PMKIT" lint notes.md
check "markdown exit 1" status_is 1
check "markdown skips code" bash -c '! grep -q "intern" last.out'
check "markdown finds remediation" out_has "person_focused_remediation"

run "$PMKIT" lint --format json blame.txt clean.txt
check "json exit 1" status_is 1
check "json report" out_has '"ruleId":"blame.actor_as_cause"'
check "json document" out_has '"document":"clean.txt"'
check "json parses" python3 -c 'import json,sys; r=json.load(open("last.out")); assert len(r)==2'

run "$PMKIT" lint --format sarif blame.txt
check "sarif exit 1" status_is 1
check "sarif valid" python3 -c '
import json
log = json.load(open("last.out"))
assert log["version"] == "2.1.0"
run = log["runs"][0]
assert run["tool"]["driver"]["name"] == "pmkit"
ids = {r["id"] for r in run["tool"]["driver"]["rules"]}
res = run["results"][0]
assert res["ruleId"] in ids
region = res["locations"][0]["physicalLocation"]["region"]
assert region["startLine"] == 3 and region["startColumn"] == 6, region
'

printf 'id: "pm-x"\nanalysis { trigger: "Plain human error." }\n' >pm.textproto
run "$PMKIT" lint pm.textproto
check "postmortem exit 1" status_is 1
check "postmortem path" out_has "analysis.trigger"
run "$PMKIT" lint "$PMKIT_SOURCE_DIR/examples/sample/postmortem.textproto"
check "sample is blameless" status_is 0

run "$PMKIT" lint --people Quill - <<<"Quill pushed the bad tag."
check "stdin + people" status_is 1
check "stdin finding" out_has "actor_as_cause"

printf 'allow_phrases: "human error"\n' >opts.textproto
run "$PMKIT" lint --options opts.textproto --as postmortem pm.textproto
check "options allow" status_is 0

run "$PMKIT" lint bad.txt
check "invalid utf-8 exit 2" status_is 2
check "invalid utf-8 message" err_has "invalid UTF-8 at byte 4"
run "$PMKIT" lint missing.txt
check "missing file exit 2" status_is 2
run "$PMKIT" lint
check "no files exit 2" status_is 2
run "$PMKIT" lint --format xml blame.txt
check "bad format exit 2" status_is 2
run "$PMKIT" lint --bogus blame.txt
check "unknown option exit 2" status_is 2
printf 'lexicon { rules { id: "r" patterns: "<x>" } }\n' >badopts.textproto
run "$PMKIT" lint --options badopts.textproto blame.txt
check "bad options exit 2" status_is 2
printf '\x00\x01garbage' >garbage.binpb
run "$PMKIT" lint garbage.binpb
check "garbage postmortem exit 2" status_is 2

run "$PMKIT" lint --print-lexicon
check "print lexicon" out_has "version:"

finish

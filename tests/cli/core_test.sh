#!/usr/bin/env bash
# End-to-end tests of the pmkit command-line program.
#
# Environment:
#   PMKIT_CLI         path to the pmkit binary (required)
#   PMKIT_SOURCE_DIR  the source tree, for examples/sample (optional)
#
# Each check is `check NAME COMMAND...`: it passes when COMMAND exits 0.
# The helpers below (exits, contains, ...) are such commands. At the end the
# script prints "N passed, M failed" and exits nonzero if any check failed.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

TITLE="Checkout outage: expired TLS certificate"
cat >small.textproto <<'EOF'
id: "pm-cli-1"
title: "Checkout outage: expired TLS certificate"
status: DOCUMENT_STATUS_PUBLISHED
severity { level: "SEV2" rank: 2 }
summary: "The checkout TLS certificate expired; payments failed for 42 minutes."
tags: "payments"
tags: "tls"
custom_fields { key: "zeta" value { string_value: "last" } }
custom_fields { key: "alpha" value { int_value: 7 } }
custom_fields { key: "mid" value { bool_value: true } }
timeline {
  id: "e1"
  time { time { seconds: 1709388309 } precision: TIME_PRECISION_SECOND }
  kind: EVENT_KIND_ALERT
  text: "Alert: checkout error rate above 5%"
  milestone: MILESTONE_DETECTED
}
timeline {
  id: "e2"
  time { time { seconds: 1709390829 } }
  kind: EVENT_KIND_ACTION
  text: "Certificate renewed"
}
EOF

# --- Help and usage --------------------------------------------------------
check "pmkit --help exits 0" exits 0 "$PMKIT" --help
check "pmkit --help prints Usage" contains last.out "Usage"
check "pmkit help exits 0" exits 0 "$PMKIT" help
check "pmkit help prints Usage" contains last.out "Usage"
check "pmkit help convert exits 0" exits 0 "$PMKIT" help convert
check "pmkit help convert prints Usage" contains last.out "Usage: pmkit convert"
check "pmkit help render exits 0" exits 0 "$PMKIT" help render
check "pmkit help render prints Usage" contains last.out "Usage: pmkit render"
check "pmkit convert --help exits 0" exits 0 "$PMKIT" convert --help
check "pmkit convert --help prints Usage" contains last.out "Usage: pmkit convert"
check "pmkit convert -h exits 0" exits 0 "$PMKIT" convert -h
check "pmkit render --help exits 0" exits 0 "$PMKIT" render --help
check "pmkit render --help prints Usage" contains last.out "Usage: pmkit render"
check "pmkit version exits 0" exits 0 "$PMKIT" version
check "pmkit version prints the version" contains last.out "pmkit "

check "no arguments exits 2" exits 2 "$PMKIT"
check "no arguments prints usage to stderr" contains last.err "Usage"
check "unknown command exits 2" exits 2 "$PMKIT" frobnicate
check "unknown command is named" contains last.err "frobnicate"
check "help for an unknown command exits 2" exits 2 "$PMKIT" help frobnicate
check "unknown convert option exits 2" exits 2 "$PMKIT" convert --bogus small.textproto
check "unknown option is named" contains last.err "--bogus"
check "unknown render option exits 2" exits 2 "$PMKIT" render small.textproto --bogus
check "option missing its value exits 2" exits 2 "$PMKIT" convert small.textproto --to
check "flag given a value exits 2" exits 2 "$PMKIT" convert small.textproto --force=yes
check "convert without INPUT exits 2" exits 2 "$PMKIT" convert
check "convert with two INPUTs exits 2" exits 2 "$PMKIT" convert small.textproto small.textproto
check "render without INPUT exits 2" exits 2 "$PMKIT" render
check "unknown --to format exits 2" exits 2 "$PMKIT" convert small.textproto --to yaml
check "unknown --from format exits 2" exits 2 "$PMKIT" convert small.textproto --from yaml

# --- Round trip text -> json -> binary -> text -----------------------------
check "text to binary" exits 0 "$PMKIT" convert small.textproto -o rt1.binpb
check "text to json" exits 0 "$PMKIT" convert small.textproto -o rt.json
check "json to binary" exits 0 "$PMKIT" convert rt.json -o rt2.binpb
check "binary to text" exits 0 "$PMKIT" convert rt2.binpb -o rt.textproto
check "text to binary again" exits 0 "$PMKIT" convert rt.textproto -o rt3.binpb
check "round trip via json keeps the binary" same rt1.binpb rt2.binpb
check "round trip via text keeps the binary" same rt1.binpb rt3.binpb
check "binary output is not empty" test -s rt1.binpb
check "json to json is stable" exits 0 "$PMKIT" convert rt.json -o rt2.json
check "json output is deterministic" same rt.json rt2.json

# --- Output format from the output file's extension ------------------------
check "json extension gives json" starts_with rt.json "{"
check "json output holds the title" contains rt.json "\"title\": \"$TITLE\""
check "textproto extension gives text" contains rt.textproto "title: \"$TITLE\""
check "--to binary to stdout" exits 0 "$PMKIT" convert small.textproto --to binary
copy last.out stdout.bin
check "binpb extension gives binary" same rt1.binpb stdout.bin
check "bin extension gives binary" exits 0 "$PMKIT" convert small.textproto -o ext.bin
check "bin extension output" same rt1.binpb ext.bin
check "txtpb extension gives text" exits 0 "$PMKIT" convert rt1.binpb -o ext.txtpb
check "txtpb extension output" same rt.textproto ext.txtpb
check "--output long form" exits 0 "$PMKIT" convert small.textproto --output=long.json
check "--output long form writes json" same rt.json long.json
check "--to overrides the extension" exits 0 "$PMKIT" convert small.textproto --to text -o over.json
check "--to overrides the extension (content)" same rt.textproto over.json
check "default output is json on stdout" exits 0 "$PMKIT" convert small.textproto
check "default output is the json" same rt.json last.out
check "--from text on a .json-named file" exits 0 "$PMKIT" convert rt.textproto --from text --to binary
check "--from text output" same rt1.binpb last.out
copy small.textproto mislabelled.json
check "file extension sets the input format" exits 2 "$PMKIT" convert mislabelled.json
check "mislabelled input reports json" contains last.err "json:"
copy small.textproto noext
check "content detection without an extension" exits 0 "$PMKIT" convert noext --to binary
check "content detection output" same rt1.binpb last.out

# --- --compact -------------------------------------------------------------
check "compact json" exits 0 "$PMKIT" convert small.textproto --to json --compact
copy last.out compact.json
check "compact json is one line" lines_at_most compact.json 1
check "compact json holds the title" contains compact.json "$TITLE"
check "compact json is json" starts_with compact.json "{"
check "pretty json is several lines" test "$(line_count rt.json)" -gt 1
check "compact json parses back" exits 0 "$PMKIT" convert compact.json --to binary -o compact.binpb
check "compact json round trip" same rt1.binpb compact.binpb
check "compact text" exits 0 "$PMKIT" convert small.textproto --to text --compact
copy last.out compact.textproto
check "compact text is one line" lines_at_most compact.textproto 1
check "compact text parses back" exits 0 "$PMKIT" convert compact.textproto --to binary -o compact2.binpb
check "compact text round trip" same rt1.binpb compact2.binpb

# --- Standard input --------------------------------------------------------
check "stdin text (detected)" exits 0 feed small.textproto "$PMKIT" convert - --to binary -o stdin1.binpb
check "stdin text output" same rt1.binpb stdin1.binpb
check "stdin json (detected)" exits 0 feed rt.json "$PMKIT" convert - -o stdin2.binpb
check "stdin json output" same rt1.binpb stdin2.binpb
check "stdin binary with --from" exits 0 feed rt1.binpb "$PMKIT" convert - --from binary --to text
check "stdin binary output" same rt.textproto last.out
check "render from stdin" exits 0 feed small.textproto "$PMKIT" render -
check "render from stdin holds the title" contains last.out "$TITLE"
check "stdin errors name <stdin>" exits 2 feed small.textproto "$PMKIT" convert - --from json
check "stdin error message" contains last.err "<stdin>"

# --- render ----------------------------------------------------------------
check "render to a file" exits 0 "$PMKIT" render small.textproto -o report.md
check "render writes nothing to stdout with -o" test ! -s last.out
check "report holds the title" contains report.md "$TITLE"
check "report starts with the title heading" starts_with report.md "# $TITLE"
check "report has a timeline" contains report.md "## Timeline"
check "report has the events" contains report.md "Certificate renewed"
check "render of json equals render of text" exits 0 "$PMKIT" render rt.json -o report2.md
check "render is format independent" same report.md report2.md
check "render of binary" exits 0 "$PMKIT" render rt1.binpb -o report3.md
check "render of binary is the same" same report.md report3.md
check "render --time-zone UTC" exits 0 "$PMKIT" render small.textproto --time-zone UTC
check "render --time-zone Europe/Berlin" exits 0 "$PMKIT" render small.textproto --time-zone Europe/Berlin
check "bogus --time-zone exits 2" exits 2 "$PMKIT" render small.textproto --time-zone Not/AZone
check "bogus --time-zone writes no report" test ! -s last.out
check "bogus --time-zone writes no file" exits 2 "$PMKIT" render small.textproto --time-zone Not/AZone -o tz.md
check "bogus --time-zone leaves no output file" test ! -e tz.md

# --- Input errors ----------------------------------------------------------
check "missing input exits 2" exits 2 "$PMKIT" convert does-not-exist.json
check "missing input is named" contains last.err "does-not-exist.json"
check "missing input for render exits 2" exits 2 "$PMKIT" render does-not-exist.textproto
check "missing input for render is named" contains last.err "does-not-exist.textproto"
check "directory input exits 2" exits 2 "$PMKIT" convert . --to json

printf '{"title": "x",, }' >bad.json
printf 'title: "x"\nno_such_field: 3\n' >bad.textproto
printf '\x12\x0aabc' >bad.binpb
check "malformed json exits 2" exits 2 "$PMKIT" convert bad.json --to binary
check "malformed json says json:" contains last.err "json:"
check "malformed json names the file" contains last.err "bad.json"
check "malformed text exits 2" exits 2 "$PMKIT" convert bad.textproto --to binary
check "malformed text says text:" contains last.err "text:"
check "malformed text names the field" contains last.err "no_such_field"
check "malformed binary exits 2" exits 2 "$PMKIT" convert bad.binpb --to json
check "malformed binary says binary:" contains last.err "binary:"
printf 'title: "bad \xff\xfe bytes"\n' >badutf8.textproto
check "invalid UTF-8 in text exits 2" exits 2 "$PMKIT" convert badutf8.textproto --to binary
check "invalid UTF-8 in text says text:" contains last.err "text:"
check "invalid UTF-8 in text names UTF-8" contains last.err "UTF-8"
check "malformed json for render exits 2" exits 2 "$PMKIT" render bad.json
check "render of malformed json says json:" contains last.err "json:"
check "malformed input writes no output" exits 2 "$PMKIT" convert bad.json -o never.binpb
check "malformed input leaves no output file" test ! -e never.binpb

# --- Refusing to overwrite the input ---------------------------------------
copy rt.json a.json
copy a.json a.json.orig
check "convert onto its input is refused" fails "$PMKIT" convert a.json -o a.json
check "refusal says why" contains last.err "--force"
check "refused input is unchanged" same a.json a.json.orig
check "another spelling of the input is refused" fails "$PMKIT" convert a.json -o ./a.json
check "input unchanged after ./ spelling" same a.json a.json.orig
ln -s a.json link.json
check "a symlink to the input is refused" fails "$PMKIT" convert link.json -o a.json
check "input unchanged after symlink" same a.json a.json.orig
check "render onto its input is refused" fails "$PMKIT" render a.json -o a.json
check "input unchanged after render" same a.json a.json.orig
check "no temp files after refusals" no_temp_files "$WORK"
check "--force allows overwriting the input" exits 0 "$PMKIT" convert a.json -o a.json --force
check "forced json-to-json rewrite is identical" same a.json a.json.orig
check "--force to another format" exits 0 "$PMKIT" convert a.json --to text -o a.json --force
check "forced rewrite changed the format" contains a.json "title: \"$TITLE\""
check "stdin to stdout is never refused" exits 0 feed rt.json "$PMKIT" convert - -o -

# --- Atomic output ---------------------------------------------------------
mkdir atomic
check "convert into a directory" exits 0 "$PMKIT" convert small.textproto -o atomic/out.json
check "no temp files after success" no_temp_files "$WORK/atomic"
check "replace an existing output" exits 0 "$PMKIT" convert small.textproto -o atomic/out.json --compact
check "replaced output is complete" same atomic/out.json compact.json
check "no temp files after replacement" no_temp_files "$WORK/atomic"
mkdir atomic/target-is-dir
check "output onto a directory fails" fails "$PMKIT" convert small.textproto -o atomic/target-is-dir
check "no temp files after a failed rename" no_temp_files "$WORK/atomic"
# Devices and FIFOs are written to, never replaced by a file (-o /dev/null
# must keep /dev/null a device; a FIFO tests the same path without risking
# the machine's /dev/null); a symbolic link keeps pointing at its file.
mkfifo atomic/pipe
cat atomic/pipe > atomic/from-pipe.json &
reader=$!
check "output into a FIFO" exits 0 "$PMKIT" convert small.textproto -o atomic/pipe --compact
wait "$reader"
check "the FIFO is still a FIFO" test -p atomic/pipe
check "the FIFO's reader got the output" same atomic/from-pipe.json compact.json
rm atomic/pipe atomic/from-pipe.json
ln -s out.json atomic/link.json
check "output through a symbolic link" exits 0 "$PMKIT" convert small.textproto -o atomic/link.json
check "the link is still a link" test -L atomic/link.json
check "the linked file was replaced" contains atomic/out.json '"title"'
check "no temp files after writing through a link" no_temp_files "$WORK/atomic"
rm atomic/link.json
check "output in a missing directory fails" exits 2 "$PMKIT" convert small.textproto -o atomic/missing/out.json
check "no temp files after a failed create" no_temp_files "$WORK/atomic"
check "failed input leaves no temp files" exits 2 "$PMKIT" convert bad.json -o atomic/bad.binpb
check "no temp files after an input error" no_temp_files "$WORK/atomic"
check "failed input leaves no output" test ! -e atomic/bad.binpb
check "render into a directory" exits 0 "$PMKIT" render small.textproto -o atomic/report.md
check "no temp files after render" no_temp_files "$WORK/atomic"
check "new files get normal permissions" test -r atomic/report.md
if [[ "$(umask)" == "0022" || "$(umask)" == "022" ]]; then
  check "new files are 0644 under umask 022" test "$(stat -c %a atomic/report.md)" = 644
fi
check "no temp files anywhere" no_temp_files "$WORK"

# --- Unknown fields (from a newer schema) ----------------------------------
copy rt1.binpb unknown.binpb
printf '\xb8\x3e\x01' >>unknown.binpb
check "unknown field to json is refused with 1" exits 1 "$PMKIT" convert unknown.binpb --to json
check "refusal mentions unknown fields" contains last.err "unknown"
check "refusal suggests --allow-data-loss" contains last.err "--allow-data-loss"
check "refused conversion writes nothing" test ! -s last.out
check "unknown field to text is refused with 1" exits 1 "$PMKIT" convert unknown.binpb --to text
check "refusal to a file" exits 1 "$PMKIT" convert unknown.binpb -o unknown.json
check "refusal leaves no output file" test ! -e unknown.json
check "default json output is refused too" exits 1 "$PMKIT" convert unknown.binpb
check "--allow-data-loss to json exits 0" exits 0 "$PMKIT" convert unknown.binpb --to json --allow-data-loss
check "lossy json holds the title" contains last.out "$TITLE"
check "lossy json equals json of the known fields" same rt.json last.out
check "--allow-data-loss to text exits 0" exits 0 "$PMKIT" convert unknown.binpb -o lossy.textproto --allow-data-loss
check "lossy text equals text of the known fields" same rt.textproto lossy.textproto
check "binary keeps unknown fields" exits 0 "$PMKIT" convert unknown.binpb --to binary -o kept.binpb
check "binary output keeps the bytes" same unknown.binpb kept.binpb
check "binary to stdout keeps unknown fields" exits 0 "$PMKIT" convert unknown.binpb --from binary --to binary
check "binary stdout keeps the bytes" same unknown.binpb last.out
check "render with unknown fields exits 0" exits 0 "$PMKIT" render unknown.binpb
check "render with unknown fields holds the title" contains last.out "$TITLE"

# --- Limits ------------------------------------------------------------------
# A 1 GiB sparse file: refused at the 64 MiB limit while reading, so the
# check passes quickly and without the memory a full read would take.
truncate -s 1G huge.textproto
check "1 GiB input is refused" exits 2 "$PMKIT" convert huge.textproto --to json
check "refusal names the limit" contains last.err "larger than the limit of 67108864 bytes"
check "1 GiB input on stdin is refused" exits 2 sh -c "\"$PMKIT\" render - < huge.textproto"
rm -f huge.textproto

# --- The bundled sample ----------------------------------------------------
SAMPLE="$PMKIT_SOURCE_DIR/examples/sample/postmortem.textproto"
if [[ -f "$SAMPLE" ]]; then
  SAMPLE_TITLE="$(sed -n 's/^title: "\([^"\\]*\)"$/\1/p' "$SAMPLE" | head -n 1)"
  check "render the sample" exits 0 "$PMKIT" render "$SAMPLE" -o sample.md
  if [[ -n "$SAMPLE_TITLE" ]]; then
    check "sample report holds its title" contains sample.md "$SAMPLE_TITLE"
  fi
  check "sample report has a timeline" contains sample.md "## Timeline"
  check "sample to binary" exits 0 "$PMKIT" convert "$SAMPLE" -o sample.binpb
  check "sample to json" exits 0 "$PMKIT" convert sample.binpb -o sample.json
  check "sample json to binary" exits 0 "$PMKIT" convert sample.json -o sample2.binpb
  check "sample round trip" same sample.binpb sample2.binpb
  check "sample convert left no temp files" no_temp_files "$WORK"
else
  echo "note: $SAMPLE not found; skipping the sample checks"
fi

echo "$passed passed, $failed failed"
if [[ "$failed" -ne 0 ]]; then
  exit 1
fi

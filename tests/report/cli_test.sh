#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# cli_test.sh AUREPORT_EXT WORKDIR: aureport-ext's command line and inputs:
# option errors (message naming the option and value, exit 1 as aureport),
# unreadable inputs, malformed input (FILE:LINE and a count on stderr, good
# events still counted), a piped stdin (a regular file on stdin is not read,
# as aureport), --input-logs through an auditd.conf, a directory with a
# rotated set, -ts/-te, --contid scoping, --failed/--success, exit status 1
# for a detailed report without events (as aureport), and the csv/json forms.
# Exit 0 if every check passes, 1 otherwise, 2 on usage.
set -u
# shellcheck source=SCRIPTDIR/../lib/check.sh
. "$(dirname "$0")/../lib/check.sh"
report=${1:?usage: cli_test.sh AUREPORT_EXT WORKDIR}
work=${2:?usage: cli_test.sh AUREPORT_EXT WORKDIR}
data=$(cd "$(dirname "$0")/../data" && pwd)
demo="$data/demo/audit.log"
export LC_ALL=C TZ=UTC
rm -rf "$work" && mkdir -p "$work"
CHECK_STDOUT=$work/out
CHECK_STDERR=$work/err

# expect_error STATUS PATTERN ARGS...: exit STATUS and stderr matching PATTERN.
expect_error() {
  local want=$1 pattern=$2; shift 2
  check_status "$* -> exit $want" "$want" "$pattern" -- "$report" "$@"
}
# row_value ID COLUMN_INDEX: a value of the text container report on stdin
# (index 0 = events).
row_value() { awk -v id="$1" -v i="$2" '$2 == id && /^[0-9]+\. / { print $(8 + i) }'; }
events_of() { "$report" "$@" 2>/dev/null </dev/null | row_value total 0; }

# Option errors.
expect_error 1 "unknown option '--bogus'" --bogus
expect_error 1 "contid.*'x'" --contid x -if "$demo"
expect_error 1 "^aureport-ext: -ts: .*13/45/2023" -ts 13/45/2023 -if "$demo"
expect_error 1 "only one of --csv, --json, --html" --csv --json -if "$demo"
expect_error 1 "only one report kind" -x -f -if "$demo"
expect_error 1 "exclude each other" --failed --success -if "$demo"
expect_error 1 "record-numbers" --record-numbers bogus -if "$demo"
expect_error 1 "-if: missing value" -if
expect_error 1 "cannot read '$work/missing.log'" -if "$work/missing.log"
expect_error 1 "html: cannot write" --html /nonexistent-dir/x.html -if "$demo"

# Malformed input: located message, count, good events kept.
"$report" -if "$data/bad/malformed-lines.log" >"$work/out" 2>"$work/err" </dev/null
rc=$?
good=$(row_value total 0 <"$work/out")
if [ "$rc" = 0 ] && grep -q "4 malformed-record (first at $data/bad/malformed-lines.log:3" "$work/err" \
   && grep -q "input problem" "$work/err" && [ "$good" = 2 ]; then
  ok "malformed lines: counted and located, 2 good events kept"
else
  fail "malformed lines: exit $rc, total $good, stderr: $(head -2 "$work/err")"
fi
"$report" --debug -if "$data/bad/malformed-lines.log" 2>&1 >/dev/null | grep -c 'malformed-lines.log:[0-9]*: malformed-record' >"$work/n"
[ "$(cat "$work/n")" = 4 ] && ok "--debug lists each of the 4 bad lines" \
  || fail "--debug listed $(cat "$work/n") bad lines, want 4"

# The same events from -if, stdin, --input-logs and a directory.
want=$(events_of -if "$demo")
[ -n "$want" ] && [ "$want" -gt 0 ] && ok "-if: $want events" || fail "-if: no total row"
got=$(cat "$demo" | "$report" 2>/dev/null | row_value total 0)
[ "$got" = "$want" ] && ok "piped stdin: $got events" || fail "piped stdin: $got events, want $want"
# A regular file on stdin is not read (aureport's is_pipe()): auditd.conf's
# log_file is, and here it does not exist.
printf 'log_file = %s\n' "$work/none/audit.log" >"$work/none.conf"
"$report" --auditd-conf "$work/none.conf" <"$demo" >/dev/null 2>"$work/err"
rc=$?
[ "$rc" = 1 ] && grep -q "cannot read '$work/none/audit.log'" "$work/err" \
  && ok "file on stdin: not read, auditd.conf's log_file is" \
  || fail "file on stdin: exit $rc, stderr: $(head -2 "$work/err")"
mkdir -p "$work/logs"
head -n 400 "$demo" >"$work/logs/audit.log.1"
tail -n +401 "$demo" >"$work/logs/audit.log"
printf 'log_file = %s\n' "$work/logs/audit.log" >"$work/auditd.conf"
got=$(events_of --input-logs --auditd-conf "$work/auditd.conf")
[ "$got" = "$want" ] && ok "--input-logs (rotated pair via auditd.conf): $got events" \
  || fail "--input-logs: $got events, want $want"
got=$(events_of -if "$work/logs")
[ "$got" = "$want" ] && ok "-if DIR (audit.log.1 then audit.log): $got events" \
  || fail "-if DIR: $got events, want $want"
"$report" -t -if "$work/logs" >"$work/out" 2>&1
[ "$(grep -c "^$work/logs/audit.log[.1]*: " "$work/out")" = 2 ] && ok "-t: one line per rotated file" \
  || fail "-t: $(cat "$work/out")"

# -ts/-te: the last half of the demo's time range selects fewer events.
first=$(sed -n '1s/.*msg=audit(\([0-9]*\)\..*/\1/p' "$demo")
last=$(sed -n '$s/.*msg=audit(\([0-9]*\)\..*/\1/p' "$demo")
got=$(events_of -ts "$(date -d "@$first" +%m/%d/%Y)" "$(date -d "@$first" +%H:%M:%S)" \
                -te "$(date -d "@$last" +%m/%d/%Y)" "$(date -d "@$last" +%H:%M:%S)" -if "$demo")
[ "$got" = "$want" ] && ok "-ts/-te spanning the log: $got events" || fail "-ts/-te spanning: $got, want $want"
got=$(events_of -ts "$(date -d "@$((last + 1))" +%m/%d/%Y)" "$(date -d "@$((last + 1))" +%H:%M:%S)" -if "$demo")
[ "$got" = 0 ] && ok "-ts after the log: 0 events" || fail "-ts after the log: $got events"

# --contid scoping: the selected container and its nested one, no host row.
"$report" --contid 1001 -if "$demo" >"$work/out" 2>&1
ids=$(grep -E '^[0-9]+\. ' "$work/out" | awk '{print $2}' | tr '\n' ' ')
[ "$ids" = "1001 1003 total " ] && ok "--contid 1001 rows: $ids" || fail "--contid 1001 rows: '$ids'"
"$report" --contid 1001 --contid-exact -if "$demo" >"$work/out" 2>&1
ids=$(grep -E '^[0-9]+\. ' "$work/out" | awk '{print $2}' | tr '\n' ' ')
[ "$ids" = "1001 total " ] && ok "--contid 1001 --contid-exact rows: $ids" || fail "--contid-exact rows: '$ids'"

# --failed + --success = all events with a known outcome.
failed=$(events_of --failed -if "$demo"); success=$(events_of --success -if "$demo")
unset_n=$("$report" -e -if "$demo" 2>/dev/null | grep -cE ' unset$')
[ $((failed + success + unset_n)) = "$want" ] && [ "$failed" -gt 0 ] \
  && ok "--failed $failed + --success $success + unset $unset_n = $want" \
  || fail "--failed $failed + --success $success + unset $unset_n != $want"

# Detailed report without events: aureport's message and exit 1.
expect_error 1 "" -a -if "$demo"
grep -q '<no events of interest were found>' "$work/out" && ok "-a without AVCs prints aureport's note" \
  || fail "-a without AVCs: $(cat "$work/out")"

# csv and json: same rows, ids as strings.
"$report" --csv -if "$demo" >"$work/out.csv" 2>/dev/null
grep -q '^1001,-,' "$work/out.csv" && grep -q '^contid,parents,first-seen' "$work/out.csv" \
  && ok "csv: header and container rows" || fail "csv: $(head -3 "$work/out.csv")"
"$report" --json -if "$demo" >"$work/out.json" 2>/dev/null
grep -q '"contid":"1001","parents":"-"' "$work/out.json" && grep -q '"events":7' "$work/out.json" \
  && ok "json: ids as strings, counts as numbers" || fail "json: $(head -c 300 "$work/out.json")"
if command -v python3 >/dev/null; then
  python3 -m json.tool "$work/out.json" >/dev/null && ok "json parses (python3 -m json.tool)" \
    || fail "json does not parse"
fi

finish cli_test

#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# cli_test.sh AUSEARCH_EXT DATA_DIR: checks ausearch-ext's command
# line as a user runs it: ausearch's spellings, --contid errors, exit status
# and "<no matches>", stdin, --just-one, json. DATA_DIR is tests/data (the
# demo sample is used). Prints one line per check; exit 0 if all pass.
set -u
# shellcheck source=SCRIPTDIR/../lib/check.sh
. "$(dirname "$0")/../lib/check.sh"
ext=${1:?usage: cli_test.sh AUSEARCH_EXT DATA_DIR}
data=${2:?usage: cli_test.sh AUSEARCH_EXT DATA_DIR}
log="$data/demo/audit.log"
[ -x "$ext" ] || { echo "'$ext' is not an executable" >&2; exit 2; }
[ -f "$log" ] || { echo "'$log' is missing" >&2; exit 2; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# check_status runs the program with its output in $work/out and $work/err;
# the `check`s after it look at that output.
CHECK_STDOUT=$work/out
CHECK_STDERR=$work/err

event_count() { grep -c '^----$' "$work/out"; }

check_status "single-dash -if and --contid" 0 '' -- "$ext" -if "$log" --contid 1001
check "default format has the ---- layout" grep -q '^time->' "$work/out"
want_events=$(grep -P '^--contid 1001\t' "$data/demo/expected.txt" | cut -f2 | wc -w)
check "--contid 1001 selects the expected number of events" \
  test "$(event_count)" = "$want_events"

check_status "-i names container records" 0 '' -- "$ext" -i -if "$log" --contid 1001
check "-i prints CONTAINER_ID" grep -q '^type=CONTAINER_ID msg=audit(' "$work/out"

check_status "bad --contid value is named" 1 "'web'" -- "$ext" -if "$log" --contid web
check_status "no match: <no matches>, status 1" 1 '^<no matches>$' -- "$ext" -if "$log" --contid 999999
check_status "raw, no match: status 1" 1 '' -- "$ext" -r -if "$log" --contid 999999
check "raw, no match: no <no matches>" bash -c "! grep -q 'no matches' '$work/err'"

check_status "-ts with date and time, -te keyword" 0 '' -- "$ext" -if "$log" -ts 01/01/2004 00:00:00 -te now --contid 1001
check_status "-ts in the future selects nothing" 1 'no matches' -- "$ext" -if "$log" -ts 01/01/2099 --contid 1001
check_status "-ts bad date is named" 1 '13/45/2023' -- "$ext" -if "$log" -ts 13/45/2023
check_status "-ul -1 (negative value)" 0 '' -- "$ext" -if "$log" -ul -1 --just-one
check_status "-k without its argument" 1 'argument is required for -k' -- "$ext" -if "$log" -k
check_status "-r with -i conflicts" 1 'conflicting' -- "$ext" -if "$log" -r -i
check_status "unknown option" 1 'unrecognised|unknown' -- "$ext" -if "$log" --no-such-option
check_status "-m unknown type is named" 1 'NOT_A_TYPE' -- "$ext" -if "$log" -m NOT_A_TYPE
check_status "-m CONTAINER_OP" 0 '' -- "$ext" -if "$log" -m CONTAINER_OP -r
check "-m CONTAINER_OP output has container ops" grep -q 'op=set' "$work/out"
check_status "missing input file is named" 1 'no-such-file' -- "$ext" -if "$work/no-such-file"
check_status "--record-numbers bad value" 1 'record-numbers' -- "$ext" -if "$log" --record-numbers 1,2,3

check_status "--just-one" 0 '' -- "$ext" -if "$log" --contid 1001 --just-one
check "--just-one prints one event" test "$(event_count)" = 1

check_status "--format json" 0 '' -- "$ext" -if "$log" --contid 1001 --format json
check "json: one valid object per line, ids as strings" python3 -c '
import json, sys
lines = open(sys.argv[1]).read().splitlines()
assert lines, "no output"
for line in lines:
    event = json.loads(line)
    ids = [i for c in [event["containers"]["subject"] or []] for i in c]
    assert all(isinstance(i, str) for i in ids), ids
' "$work/out"

stdin_equals_file() {
  cat "$log" | "$ext" -r --contid 1001 >"$work/stdin.out" 2>/dev/null &&
    "$ext" -r --contid 1001 -if "$log" >"$work/file.out" 2>/dev/null &&
    cmp -s "$work/stdin.out" "$work/file.out"
}
check "piped stdin equals -if" stdin_equals_file

# Filters against the real ausearch on the real (container-free) base log:
# both must select the same events and output the same text. Values are
# taken from the log itself.
base="$data/base/workload.enriched.log"
if command -v ausearch >/dev/null && [ -f "$base" ]; then
  ids() { event_keys | sort -u; }
  pid=$(grep -o ' pid=[0-9]*' "$base" | sed -n 5p | cut -d= -f2)
  ppid=$(grep -o 'ppid=[0-9]*' "$base" | sed -n 3p | cut -d= -f2)
  serial=$(grep -o 'audit([0-9.]*:[0-9]*' "$base" | sed -n 40p | cut -d: -f2)
  auid=$(grep -o ' auid=[0-9]*' "$base" | sort | uniq -c | sort -n | tail -1 | cut -d= -f2)
  middle=$(grep -o 'audit([0-9]*' "$base" | sed -n 200p | cut -c7-)
  when=$(date -d "@$middle" +'%m/%d/%y %H:%M:%S')
  while IFS= read -r args; do
    # shellcheck disable=SC2086  # word lists on purpose
    ours=$("$ext" -r -if "$base" $args 2>/dev/null </dev/null | ids)
    # shellcheck disable=SC2086
    theirs=$(ausearch -r -if "$base" $args 2>/dev/null </dev/null | ids)
    check_same "same events as ausearch ($(echo "$theirs" | sed '/^$/d' | wc -l)): $args" \
      <(echo "$theirs") <(echo "$ours")
  done <<EOF2
-k contid
-m EXECVE
-m DAEMON_START,SYSCALL
-m 1300
-ui 0
-ua $auid
-ul $auid
-ul -1
-ue 0
-gi 0
-sc execve
-sv no
-sv yes
-x bash
-w -x /usr/bin/ls
-c ls
-p $pid
-pp $ppid
-a $serial
--session -1
-e -2
-ts $when
-te $when
-k contid -sv no -ul $auid
EOF2
  for format in raw default interpret csv text; do
    check_same "--format $format output equals ausearch's" \
      <(ausearch -if "$base" --format "$format" 2>/dev/null </dev/null) \
      <("$ext" -if "$base" --format "$format" 2>/dev/null </dev/null)
  done
else
  note "skip comparisons with ausearch (ausearch or $base missing)"
fi

check_status "-v" 0 '' -- "$ext" -v
check "-v prints the version" grep -q '^ausearch-ext version' "$work/out"
check_status "-h" 0 '' -- "$ext" -h
check "-h lists --contid" grep -q -- '--contid' "$work/out"

finish ausearch_cli_test

#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# bad_input_test.sh AUSEARCH_EXT SCRATCH_DIR: feeds every malformed log of
# tests/data/bad (plus a 1 MiB-line log made in SCRATCH_DIR, and a missing
# file) to `AUSEARCH_EXT --raw --contid unset -if LOG` and requires, per
# LOG.expect (see make_bad_inputs.sh):
#  - no crash: the exit status is not a signal;
#  - a message on stderr naming LOG:LINE of the first bad line and the count
#    of bad lines;
#  - every good event of the file still in the output.
set -u
# shellcheck source=SCRIPTDIR/../lib/check.sh
. "$(dirname "$0")/../lib/check.sh"
ext=${1:?usage: bad_input_test.sh AUSEARCH_EXT SCRATCH_DIR}
scratch=${2:?usage: bad_input_test.sh AUSEARCH_EXT SCRATCH_DIR}
bad_dir=$(cd "$(dirname "$0")/../data/bad" && pwd)

rm -rf "$scratch"; mkdir -p "$scratch"
"$bad_dir/make_bad_inputs.sh" "$scratch/big" --big
logs=("$bad_dir"/*.log "$scratch/big/one-mebibyte-line.log")

for log in "${logs[@]}"; do
  name=$(basename "$log")
  # shellcheck disable=SC1090  # problem_line, problems, good
  problem_line=0 problems=0 good=""
  while IFS='=' read -r key value; do
    case "$key" in problem_line) problem_line=$value ;; problems) problems=$value ;; good) good=$value ;; esac
  done <"$log.expect"
  out=$scratch/$name.out err=$scratch/$name.err
  "$ext" --raw --contid unset -if "$log" >"$out" 2>"$err" </dev/null
  rc=$?
  check "$name: not killed by a signal (exit $rc)" test "$rc" -le 128 || continue
  if [ "$problems" -gt 0 ]; then
    check "$name: stderr names $log:$problem_line" grep -qF "$log:$problem_line" "$err" \
      || head -c 300 "$err" | detail
    check "$name: stderr gives the count $problems" grep -qw "$problems" "$err" \
      || head -c 300 "$err" | detail
  fi
  for id in $good; do
    check "$name: good event $id is in the output" grep -qF "msg=audit($id)" "$out"
  done
  if [ -z "$good" ]; then
    check_eq "$name: exit status with nothing to find" "$rc" 1
  fi
  note "done $name (exit $rc, $(wc -l <"$err") stderr lines)"
done

missing="$scratch/no-such-file.log"
"$ext" --raw --contid unset -if "$missing" >/dev/null 2>"$scratch/missing.err" </dev/null
rc=$?
check "missing file: not killed by a signal (exit $rc)" test "$rc" -le 128
check "missing file: exit status not 0" test "$rc" != 0
check "missing file: stderr names $missing" grep -qF "$missing" "$scratch/missing.err"

finish bad_input_test

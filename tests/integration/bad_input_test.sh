#!/bin/bash
# bad_input_test.sh AUSEARCH_EXT SCRATCH_DIR: feeds every malformed log of
# tests/data/bad (plus a 1 MiB-line log made in SCRATCH_DIR, and a missing
# file) to `AUSEARCH_EXT --raw --contid unset -if LOG` and requires, per
# LOG.expect (see make_bad_inputs.sh):
#  - no crash: the exit status is not a signal;
#  - a message on stderr naming LOG:LINE of the first bad line and the count
#    of bad lines;
#  - every good event of the file still in the output.
set -u
ext=${1:?usage: bad_input_test.sh AUSEARCH_EXT SCRATCH_DIR}
scratch=${2:?usage: bad_input_test.sh AUSEARCH_EXT SCRATCH_DIR}
bad_dir=$(cd "$(dirname "$0")/../data/bad" && pwd)
failures=0
fail() { echo "FAIL $*"; failures=$((failures + 1)); }

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
  "$ext" --raw --contid unset -if "$log" >"$scratch/$name.out" 2>"$scratch/$name.err" </dev/null
  rc=$?
  if [ "$rc" -gt 128 ]; then fail "$name: killed by signal $((rc - 128))"; continue; fi
  if [ "$problems" -gt 0 ]; then
    grep -qF "$log:$problem_line" "$scratch/$name.err" \
      || fail "$name: stderr does not name $log:$problem_line: $(head -c 300 "$scratch/$name.err")"
    grep -qw "$problems" "$scratch/$name.err" \
      || fail "$name: stderr does not give the count $problems: $(head -c 300 "$scratch/$name.err")"
  fi
  for id in $good; do
    grep -qF "msg=audit($id)" "$scratch/$name.out" || fail "$name: good event $id is missing from the output"
  done
  if [ -z "$good" ] && [ "$rc" != 1 ]; then fail "$name: exit status $rc with nothing to find, expected 1"; fi
  echo "done $name (exit $rc, $(wc -l <"$scratch/$name.err") stderr lines)"
done

missing="$scratch/no-such-file.log"
"$ext" --raw --contid unset -if "$missing" >/dev/null 2>"$scratch/missing.err" </dev/null
rc=$?
[ "$rc" -gt 128 ] && fail "missing file: killed by signal $((rc - 128))"
[ "$rc" = 0 ] && fail "missing file: exit status 0"
grep -qF "$missing" "$scratch/missing.err" || fail "missing file: stderr does not name $missing"

echo "$failures failures"
[ "$failures" = 0 ]

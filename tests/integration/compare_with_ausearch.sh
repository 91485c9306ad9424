#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# compare_with_ausearch.sh AUSEARCH_EXT SCRATCH_DIR
#
# Records workload.sh under the real auditd (auditd_session.sh), once with
# log_format RAW and once ENRICHED, then runs the real ausearch and
# AUSEARCH_EXT with the same options on each log and requires
#   1. the same events (the set of msg=audit(...) ids in --raw output), and
#   2. the same stdout, byte for byte, and the same exit status
# for every option set x output format below.
#
# Normalisation: none. Both programs run in the same environment (same TZ,
# locale, NSS databases) on the same file, so nothing in their output is
# environment-dependent relative to each other.
#
# Exit status: 0 all equal; 1 a difference (each one is printed with a diff);
# 2 usage; 77 skipped (not root, or another auditd owns the kernel side).
set -u
# shellcheck source=SCRIPTDIR/../lib/check.sh
. "$(dirname "$0")/../lib/check.sh"

ext=${1:-}
scratch=${2:-}
if [ -z "$ext" ] || [ -z "$scratch" ]; then
  echo "usage: compare_with_ausearch.sh AUSEARCH_EXT SCRATCH_DIR" >&2; exit 2
fi
[ -x "$ext" ] || { echo "compare: '$ext' is not an executable" >&2; exit 2; }
command -v ausearch >/dev/null || skip_all "ausearch is not installed"
here=$(cd "$(dirname "$0")" && pwd)

# Option sets, one per line; empty line = no criteria (ausearch prints all).
option_sets=(
  ""
  "-k contid_exec"
  "-k contid_watch"
  "-k contid_enoent"
  "-k contid_kill"
  "-m USER"
  "-m LOGIN,CONFIG_CHANGE"
  "-m SYSCALL"
  "-sv no"
  "-sv yes"
  "-ua 4242"
  "-x /usr/bin/true"
  "-k no_such_key"
)
output_formats=(
  "--raw"
  ""
  "-i"
  "--format csv"
  "--format text"
)

# Event keys of --raw output: "[node/]sec.msec:serial", one per line, sorted.
event_ids() { event_keys "$1" | sort -u; }

compare_one() {  # LOG LABEL OPTIONS FORMAT
  local log=$1 label=$2 opts=$3 fmt=$4
  local name
  name=$(echo "$label ${opts:-all} ${fmt:-default}" | tr -c 'A-Za-z0-9_.-' '_')
  local ref="$scratch/out/$name.ausearch" got="$scratch/out/$name.ext"
  # shellcheck disable=SC2086  # option strings are word lists on purpose
  ausearch $opts $fmt -if "$log" >"$ref.stdout" 2>"$ref.stderr" </dev/null
  local ref_rc=$?
  # shellcheck disable=SC2086
  "$ext" $opts $fmt -if "$log" >"$got.stdout" 2>"$got.stderr" </dev/null
  local got_rc=$?
  local what="[$label] options '${opts:-<none>}' format '${fmt:-default}'"
  if [ "$got_rc" -gt 128 ]; then
    fail "$what: ausearch-ext died with signal $((got_rc - 128))"; return
  fi
  if [ "$fmt" = "--raw" ]; then
    if ! diff <(event_ids "$ref.stdout") <(event_ids "$got.stdout") >"$got.events.diff"; then
      fail "$what: different events (< ausearch, > ausearch-ext):"
      head -20 "$got.events.diff" | detail
      return
    fi
  fi
  if [ "$ref_rc" != "$got_rc" ]; then
    fail "$what: exit status ausearch=$ref_rc ausearch-ext=$got_rc"
    sed 's/^/ausearch-ext stderr: /' "$got.stderr" | head -5 | detail
    return
  fi
  if ! cmp -s "$ref.stdout" "$got.stdout"; then
    fail "$what: stdout differs ($(wc -l <"$ref.stdout") vs $(wc -l <"$got.stdout") lines; < ausearch, > ausearch-ext):"
    diff "$ref.stdout" "$got.stdout" | head -20 | cut -c1-300 | detail
    return
  fi
  ok "$what ($(wc -l <"$ref.stdout") lines, exit $ref_rc)"
}

rm -rf "$scratch"
mkdir -p "$scratch/out"
for log_format in RAW ENRICHED; do
  session="$scratch/$log_format"
  mkdir -p "$session/work/watched"
  "$here/compare_rules.sh" "$session/work" >"$session/rules"
  "$here/auditd_session.sh" --out "$session" --format "$log_format" --rules "$session/rules" \
    -- "$here/workload.sh" "$session/work"
  status=$?
  [ "$status" = 77 ] && skip_all "auditd_session.sh refused to run (its SKIP message is above)"
  [ "$status" = 0 ] || bail_out "the $log_format session failed (status $status)"
  log="$session/audit.log"
  # The log must hold what the workload did, or the comparison proves little.
  for needle in 'key="contid_exec"' 'key="contid_watch"' 'key="contid_enoent"' \
                'type=OBJ_PID' 'hello from the contid workload' 'syscall=272'; do
    grep -q "$needle" "$log" || bail_out "$log_format log lacks '$needle'"
  done
  note "$log_format log: $(wc -l <"$log") records"
  for opts in "${option_sets[@]}"; do
    for fmt in "${output_formats[@]}"; do
      compare_one "$log" "$log_format" "$opts" "$fmt"
    done
  done
done

finish compare_with_ausearch

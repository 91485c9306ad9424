#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# run_search_bench.sh BUILD_DIR [MEGABYTES]: times ausearch against
# ausearch-ext on the same generated ENRICHED log (default ~100 MB), in one
# run:
#   raw:        ausearch --raw -k bench_target    vs  ausearch-ext --raw --contid 1008
#   interpret:  ausearch -i -k bench_target       vs  ausearch-ext -i --contid 1008
# Every event carrying container 1008 (or its nested child 11008) has key bench_target (make_bench_log),
# so both sides select about the same events; the counts are printed. Prints
# wall time and peak RSS (/usr/bin/time: Debian package `time`) of each and
# the ratios. Exits 0 unless something could not run.
set -u
build=${1:?usage: run_search_bench.sh BUILD_DIR [MEGABYTES]}
megabytes=${2:-100}
build=$(cd "$build" && pwd)
generator="$build/tests/bench/make_bench_log"
ext="$build/ausearch-ext/ausearch-ext"
target_id=1008
key=bench_target
for tool in "$generator" "$ext"; do
  [ -x "$tool" ] || { echo "run_search_bench: $tool is missing; build first" >&2; exit 2; }
done
command -v ausearch >/dev/null || { echo "run_search_bench: ausearch is not installed (package auditd)" >&2; exit 2; }
[ -x /usr/bin/time ] || { echo "run_search_bench: /usr/bin/time is missing (apt-get install time)" >&2; exit 2; }

work="$build/tests/bench/work"
mkdir -p "$work"
log="$work/bench.log"
echo "generating ~${megabytes} MB log: $("$generator" "$log" "$megabytes" "$target_id")"
echo "log: $log ($(du -m "$log" | cut -f1) MB, $(wc -l <"$log") lines)"

# run NAME COMMAND...: runs once, stdout to $work/NAME.out; sets SECONDS_,
# RSS_KB and EVENTS (distinct msg=audit ids / ---- separators in the output).
run() {
  local name=$1; shift
  /usr/bin/time -f '%e %M' -o "$work/$name.time" "$@" -if "$log" >"$work/$name.out" 2>"$work/$name.err" </dev/null
  local rc=$?
  [ "$rc" -le 1 ] || { echo "run_search_bench: '$*' failed (exit $rc):" >&2; head -5 "$work/$name.err" >&2; exit 1; }
  read -r SECONDS_ RSS_KB <"$work/$name.time"
  if grep -q '^----' "$work/$name.out"; then
    EVENTS=$(grep -c '^----' "$work/$name.out")
  else
    EVENTS=$(sed -n 's/.* msg=audit(\([^)]*\)).*/\1/p' "$work/$name.out" | uniq | wc -l)
  fi
}

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.1f", a / b; else print "inf" }'; }

report() {  # MODE: compares the two runs just made
  printf '%-10s %-12s %8s s %8s MB %8s events\n' "$1" ausearch "$ref_s" "$((ref_kb / 1024))" "$ref_events"
  printf '%-10s %-12s %8s s %8s MB %8s events\n' "$1" ausearch-ext "$SECONDS_" "$((RSS_KB / 1024))" "$EVENTS"
  printf '%-10s speed ratio %sx, memory ratio (ext/ausearch) %s\n' "$1" \
    "$(ratio "$ref_s" "$SECONDS_")" "$(ratio "$RSS_KB" "$ref_kb")"
}

run ausearch_raw ausearch --raw -k "$key"
ref_s=$SECONDS_ ref_kb=$RSS_KB ref_events=$EVENTS
run ext_raw "$ext" --raw --contid "$target_id"
report raw

run ausearch_interpret ausearch -i -k "$key"
ref_s=$SECONDS_ ref_kb=$RSS_KB ref_events=$EVENTS
run ext_interpret "$ext" -i --contid "$target_id"
report interpret

# Wall-clock seconds depend on what else the machine runs; instruction counts
# (valgrind's callgrind) do not. Count both tools' instructions on the first
# 10 MB of the same log (whole lines) and print that ratio too.
if command -v valgrind >/dev/null; then
  slice="$work/slice.log"
  head -c 10000000 "$log" | head -n -1 >"$slice"
  instructions() {
    valgrind --tool=callgrind --callgrind-out-file=/dev/null "$@" -if "$slice" 2>&1 >/dev/null </dev/null |
      sed -n 's/.*refs: *\([0-9,]*\).*/\1/p' | tr -d ,
  }
  for mode in raw interpret; do
    flag=--raw; [ "$mode" = interpret ] && flag=-i
    ref_ir=$(instructions ausearch "$flag" -k "$key")
    ext_ir=$(instructions "$ext" "$flag" --contid "$target_id")
    printf '%-10s instructions on 10 MB: ausearch %s, ausearch-ext %s, ratio %sx\n' \
      "$mode" "$ref_ir" "$ext_ir" "$(ratio "$ref_ir" "$ext_ir")"
  done
fi

rm -f "$log"
exit 0

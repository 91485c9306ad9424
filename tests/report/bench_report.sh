#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# bench_report.sh BUILD_DIR [MEGABYTES]: aureport-ext's per-container
# summary against `aureport --summary` on the same generated ENRICHED log
# (tests/bench/make_bench_log, default ~100 MB), in one run. Prints wall
# seconds and peak RSS of each (/usr/bin/time, Debian package `time`), the
# events each counted, and the speed ratio aureport / aureport-ext.
# Goal: aureport-ext at least 10 times as fast as aureport (ratio >= 10). Exit 0 when both ran (the ratio is a figure,
# not a pass/fail: the machine may be loaded), 2 if something is missing.
set -u
build=${1:?usage: bench_report.sh BUILD_DIR [MEGABYTES]}
megabytes=${2:-100}
build=$(cd "$build" && pwd)
generator="$build/tests/bench/make_bench_log"
report="$build/aureport-ext/aureport-ext"
for tool in "$generator" "$report"; do
  [ -x "$tool" ] || { echo "bench_report: $tool is missing; build first" >&2; exit 2; }
done
command -v aureport >/dev/null || { echo "bench_report: aureport is not installed (package auditd)" >&2; exit 2; }
[ -x /usr/bin/time ] || { echo "bench_report: /usr/bin/time is missing (apt-get install time)" >&2; exit 2; }
export LC_ALL=C

work="$build/tests/report/bench"
mkdir -p "$work"
log="$work/bench.log"
echo "generating ~${megabytes} MB log: $("$generator" "$log" "$megabytes" 1008)"
echo "log: $log ($(du -m "$log" | cut -f1) MB, $(wc -l <"$log") lines)"

# run NAME COMMAND...: stdout to $work/NAME.out; sets SECS and RSS_KB.
run() {
  local name=$1; shift
  /usr/bin/time -f '%e %M' -o "$work/$name.time" "$@" -if "$log" >"$work/$name.out" 2>"$work/$name.err" </dev/null
  local rc=$?
  [ "$rc" = 0 ] || { echo "bench_report: '$*' failed (exit $rc):" >&2; head -5 "$work/$name.err" >&2; exit 1; }
  read -r SECS RSS_KB <"$work/$name.time"
}

run aureport aureport --summary
ref_secs=$SECS ref_rss=$RSS_KB
ref_events=$(sed -n 's/^Number of events: //p' "$work/aureport.out")
run aureport-ext "$report" --summary
ext_secs=$SECS ext_rss=$RSS_KB
ext_events=$(sed -n 's/^Number of events: //p' "$work/aureport-ext.out")
ext_containers=$(sed -n 's/^Number of containers: //p' "$work/aureport-ext.out")

printf 'aureport --summary       %8.2f s  %7d KB  %s events\n' "$ref_secs" "$ref_rss" "$ref_events"
printf 'aureport-ext --summary   %8.2f s  %7d KB  %s events, %s containers\n' \
  "$ext_secs" "$ext_rss" "$ext_events" "$ext_containers"
echo "(aureport counts each CONTAINER_OP apart from its SYSCALL, so it reports more events)"
awk -v a="$ref_secs" -v b="$ext_secs" 'BEGIN {
  if (b <= 0) b = 0.01
  r = a / b
  printf "speed ratio aureport / aureport-ext: %.1fx (goal >= 10x: %s)\n", r, (r >= 10 ? "met" : "NOT met")
}'

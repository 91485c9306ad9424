#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# compare_with_aureport.sh AUREPORT_EXT WORKDIR: the host-only report kinds
# of aureport-ext against the real aureport (Debian audit 3.0.9) on real
# auditd logs, byte for byte:
#  - tests/data/base/workload.enriched.log (recorded by auditd, committed);
#  - when root and no other audit daemon runs: a fresh log recorded now by
#    tests/integration/auditd_session.sh (RAW format) running workload.sh
#    (otherwise that part is reported as skipped and the rest still runs).
# Kinds -x -f -u -s -k -p -e -a -t, each plain and --summary, with and
# without -i, and with --failed / --success (aureport has no -t --summary);
# standard output is compared (aureport-ext's stderr may carry input
# diagnostics of the shared reader, e.g. "late-record").
# Then the container report's totals row against aureport --summary's
# "Number of events / failed syscalls / executables / users".
#
# Exit 0 all equal, 1 a difference, 2 usage.
set -u
# shellcheck source=SCRIPTDIR/../lib/check.sh
. "$(dirname "$0")/../lib/check.sh"
report=${1:?usage: compare_with_aureport.sh AUREPORT_EXT WORKDIR}
work=${2:?usage: compare_with_aureport.sh AUREPORT_EXT WORKDIR}
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
[ -x "$report" ] || { echo "compare_with_aureport: '$report' is not an executable" >&2; exit 2; }
command -v aureport >/dev/null || skip_all "aureport is not installed"
export LC_ALL=C TZ=UTC
rm -rf "$work" && mkdir -p "$work"

compare_log() {  # compare_log NAME LOG
  local name=$1 log=$2 k s i f
  for k in x f u s k p e a t; do
    for s in "" --summary; do
      [ "$k$s" = "t--summary" ] && continue
      for i in "" -i; do
        for f in "" --failed --success; do
          # shellcheck disable=SC2086  # empty options vanish on purpose
          check_same "$name: -$k $s $i $f (< aureport, > aureport-ext)" \
            <(aureport -$k $s $i $f -if "$log" 2>/dev/null) \
            <("$report" -$k $s $i $f -if "$log" 2>/dev/null) 8
        done
      done
    done
  done
  # Container report totals against aureport's summary numbers.
  local summary totals
  summary=$(aureport --summary -if "$log" 2>/dev/null)
  totals=$("$report" -if "$log" 2>/dev/null | grep -E '^[0-9]+\. total ')
  read -r _ _ _ _ _ _ _ events failed _ exes auids _ <<<"$totals"
  for pair in "events:Number of events" "failed:Number of failed syscalls" \
              "exes:Number of executables" "auids:Number of users"; do
    local var=${pair%%:*} label=${pair#*:} ours theirs
    ours=${!var}
    theirs=$(sed -n "s/^$label: //p" <<<"$summary")
    if [ -n "$ours" ] && [ "$ours" = "$theirs" ]; then
      ok "$name: totals ${pair%%:*} = $ours ($label)"
    else
      fail "$name: totals ${pair%%:*} = '$ours', aureport '$label: $theirs'"
    fi
  done
}

compare_log committed "$repo/tests/data/base/workload.enriched.log"

# The same log as auditd writes it when the kernel knows who stopped it
# (auditd was sent SIGTERM by a task with auid 0): "auid=0 uid=0 ses=... pid=N"
# instead of "auid=-1 uid=-1 ses=-1 pid=-1". aureport -u leaves this event out
# (its parse_daemon1 looks for " uid=" only after pid=); which form a live
# recording gets depends on who runs the test, so both are checked here on
# every machine.
sed '/type=DAEMON_END/{s/auid=-1 uid=-1 ses=-1 pid=-1 subj=? res=success/auid=0 uid=0 ses=4294967295 pid=28 res=success/;s/AUID="unset" UID="unset"/AUID="root" UID="root"/}' \
  "$repo/tests/data/base/workload.enriched.log" >"$work/known-sender.log"
if grep -q 'type=DAEMON_END.* auid=0 uid=0 ses=4294967295 pid=28 ' "$work/known-sender.log"; then
  compare_log known-sender "$work/known-sender.log"
else
  fail "known-sender: the committed log's DAEMON_END did not have the expected form"
fi

# A fresh recording, when this machine allows it.
mkdir -p "$work/live/work/watched"
"$repo/tests/integration/compare_rules.sh" "$work/live/work" >"$work/live/rules"
"$repo/tests/integration/auditd_session.sh" --out "$work/live/session" --format RAW \
  --rules "$work/live/rules" -- "$repo/tests/integration/workload.sh" "$work/live/work" \
  >"$work/live/session.out" 2>&1
rc=$?
if [ "$rc" = 0 ]; then
  compare_log live "$work/live/session/audit.log"
elif [ "$rc" = 77 ]; then
  note "skip live recording: $(tail -1 "$work/live/session.out")"
else
  fail "live recording: auditd_session.sh exit $rc"
  tail -5 "$work/live/session.out" | detail
fi

finish compare_with_aureport

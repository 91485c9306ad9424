#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# kernel_support_note_test.sh AUSEARCH_EXT AUREPORT_EXT AUDISP_CONTID SCRATCH
#
# On a kernel without the audit container id (no /proc/self/audit_containerid),
# ausearch-ext and aureport-ext say so once on stderr when the input has no
# container record, and audisp-contid says so in --check, at start and in its
# state report. Where the running kernel has the support, none of them may say
# it. An input with container records never gets the note. Which of the two
# is asserted depends on this kernel, read here the same way the tools do not
# (the proc file), so the test passes on stock and patched kernels alike.
set -u
# shellcheck source=SCRIPTDIR/../lib/check.sh
. "$(dirname "$0")/../lib/check.sh"
search=${1:?usage}; report=${2:?usage}; plugin=${3:?usage}; scratch=${4:?usage}
repo=$(cd "$(dirname "$0")/../.." && pwd)
host_log=$repo/tests/data/base/workload.enriched.log
container_log=$repo/tests/data/demo/audit.log
note_text='has no audit container id support'
if [ -e /proc/self/audit_containerid ]; then want=0; kernel="with container ids"
else want=1; kernel="without container ids"; fi

expect() {  # LABEL WANT(0|1) FILE
  local n
  n=$(grep -c -- "$note_text" "$3")
  if [ "$n" = "$2" ]; then
    ok "$1: $n note line(s)"
  else
    fail "$1: $n note line(s), expected $2 on this kernel ($kernel):"
    head -5 "$3" | detail
  fi
}

rm -rf "$scratch"; mkdir -p "$scratch/routes"
"$search" -if "$host_log" -k contid_exec >/dev/null 2>"$scratch/s1"
expect "ausearch-ext, host-only log" "$want" "$scratch/s1"
"$search" -if "$host_log" --contid 5 --raw >/dev/null 2>"$scratch/s2"
expect "ausearch-ext --contid (selective read), host-only log" "$want" "$scratch/s2"
"$search" -if "$container_log" -k no-such-key >/dev/null 2>"$scratch/s3"
expect "ausearch-ext, log with container records" 0 "$scratch/s3"
"$search" -if "$container_log" --contid 999 --raw >/dev/null 2>"$scratch/s4"
expect "ausearch-ext --contid of an absent id, log with container records" 0 "$scratch/s4"
"$report" -if "$host_log" >/dev/null 2>"$scratch/r1"
expect "aureport-ext, host-only log" "$want" "$scratch/r1"
"$report" -if "$container_log" >/dev/null 2>"$scratch/r2"
expect "aureport-ext, log with container records" 0 "$scratch/r2"

cat >"$scratch/audisp-contid.conf" <<CONF
routes_dir = $scratch/routes
state_file = $scratch/state
spill_dir = $scratch/spill
CONF
printf 'contid = unset\nsink = file\npath = %s/host.log\n' "$scratch" >"$scratch/routes/host.conf"
"$plugin" --check -c "$scratch/audisp-contid.conf" >"$scratch/p1" 2>&1
expect "audisp-contid --check" "$want" "$scratch/p1"
# At start (stderr when not under auditd) and in the SIGUSR1 state report,
# written once the input ends (the plugin reports a pending SIGUSR1 at exit).
mkfifo "$scratch/in"
"$plugin" -c "$scratch/audisp-contid.conf" <"$scratch/in" >/dev/null 2>"$scratch/p2" &
pid=$!
exec 7>"$scratch/in"
# Signals are safe once the plugin logged its routes (its signal mask is set
# before); bounded wait for that line.
for _ in $(seq 1 400); do
  grep -q 'routes: kept' "$scratch/p2" 2>/dev/null && break
  kill -0 "$pid" 2>/dev/null || break
  sleep 0.05
done
kill -USR1 "$pid"
exec 7>&-
wait "$pid"
expect "audisp-contid at start" "$want" "$scratch/p2"
if grep -q "^kernel_container_ids = $([ "$want" = 1 ] && echo no || echo yes)" "$scratch/state" 2>/dev/null; then
  ok "audisp-contid state report: $(grep -o '^kernel_container_ids = [a-z]*' "$scratch/state")"
else
  fail "audisp-contid state report: $(grep '^kernel_container_ids' "$scratch/state" 2>&1)"
fi
finish kernel_support_note

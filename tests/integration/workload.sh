#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# workload.sh WORKDIR: the activity the integration tests record under
# auditd_session.sh. It tags its own process tree with loginuid 4242 so the
# rules (compare_rules.sh) record this tree only, not the rest of the
# machine. Expected failures (missing files) are part of the workload.
#
# Produces: execs (key contid_exec), writes/reads of WORKDIR/watched (key
# contid_watch), failed opens with ENOENT (key contid_enoent), a process tree
# in new pid+mount namespaces and one in a new network namespace, a kill of
# another process (OBJ_PID, key contid_kill) and a user message (USER).
set -u
work=${1:?usage: workload.sh WORKDIR}
readonly TAG_AUID=4242

echo "$TAG_AUID" > /proc/self/loginuid || { echo "workload: cannot set loginuid" >&2; exit 1; }

/bin/true
/bin/echo "plain exec" >/dev/null
ls "$work" >/dev/null

echo "data" > "$work/watched/file1"
cat "$work/watched/file1" >/dev/null
chmod 0600 "$work/watched/file1"

cat "$work/missing1" 2>/dev/null
ls "$work/missing2" 2>/dev/null

AUDIT_WORK="$work" unshare -p -f --mount-proc sh -c '/bin/true; cat $AUDIT_WORK/missing-in-pidns 2>/dev/null; sh -c "ls / >/dev/null"; exit 0' \
  || { echo "workload: unshare -p failed" >&2; exit 1; }
unshare -n sh -c 'ip link >/dev/null 2>&1; /bin/true' \
  || { echo "workload: unshare -n failed" >&2; exit 1; }

sleep 600 &
victim=$!
kill -TERM "$victim"
wait "$victim" 2>/dev/null

auditctl -m "hello from the contid workload" || { echo "workload: auditctl -m failed" >&2; exit 1; }
exit 0

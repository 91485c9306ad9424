#!/bin/bash
# session_restore_test.sh SCRATCH_DIR: auditd_session.sh must leave the audit
# state as it found it (no rules, auditing disabled, no audit daemon) when the
# workload fails and when the session is interrupted by SIGTERM, and must
# still keep the log it wrote.
set -u
scratch=${1:?usage: session_restore_test.sh SCRATCH_DIR}
here=$(cd "$(dirname "$0")" && pwd)
failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }

audit_status() { auditctl -s 2>/dev/null | awk -v k="$1" '$1 == k { print $2; exit }'; }

check_restored() {  # LABEL SESSION_DIR
  local label=$1 dir=$2
  [ "$(audit_status enabled)" = 0 ] || fail "$label: auditing still enabled ($(audit_status enabled))"
  [ "$(audit_status pid)" = 0 ] || fail "$label: an audit daemon is still registered (pid $(audit_status pid))"
  auditctl -l | grep -q '^No rules' || fail "$label: rules left loaded: $(auditctl -l | head -3)"
  grep -q 'type=DAEMON_START' "$dir/audit.log" || fail "$label: log has no DAEMON_START"
  grep -q 'type=DAEMON_END' "$dir/audit.log" || fail "$label: log has no DAEMON_END (auditd not stopped cleanly)"
}

rm -rf "$scratch"; mkdir -p "$scratch"
echo "-a always,exit -F arch=b64 -S execve -F auid=4243 -k restore_test" >"$scratch/rules"

# 1. A failing workload: status 1, state restored, its records kept.
"$here/auditd_session.sh" --out "$scratch/failing" --format RAW --rules "$scratch/rules" \
  -- bash -c 'echo 4243 > /proc/self/loginuid; /bin/true; exit 5'
status=$?
[ "$status" = 77 ] && exit 77
[ "$status" = 1 ] || fail "failing workload: harness exit status $status, expected 1"
check_restored "failing workload" "$scratch/failing"
grep -q 'key="restore_test"' "$scratch/failing/audit.log" || fail "failing workload: its exec was not logged"

# 2. SIGTERM to the harness while the workload runs: status 3, restored.
"$here/auditd_session.sh" --out "$scratch/interrupted" --format ENRICHED --rules "$scratch/rules" \
  -- bash -c 'kill -TERM $PPID; exit 0'
status=$?
[ "$status" = 3 ] || fail "interrupted session: harness exit status $status, expected 3"
check_restored "interrupted session" "$scratch/interrupted"

# 3. The node= option is honoured (used for the node= sample variants).
"$here/auditd_session.sh" --out "$scratch/node" --format RAW --node testnode -- /bin/true
status=$?
[ "$status" = 0 ] || fail "node session: harness exit status $status"
grep -q '^node=testnode type=DAEMON_START' "$scratch/node/audit.log" || fail "node session: no node= prefix"
check_restored "node session" "$scratch/node"

echo "$failures failures"
[ "$failures" = 0 ]

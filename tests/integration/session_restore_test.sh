#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# session_restore_test.sh SCRATCH_DIR: auditd_session.sh must leave the audit
# state as it found it (no rules, auditing disabled, no audit daemon) when the
# workload fails and when the session is interrupted by SIGTERM, and must
# still keep the log it wrote.
set -u
# shellcheck source=SCRIPTDIR/../lib/check.sh
. "$(dirname "$0")/../lib/check.sh"
scratch=${1:?usage: session_restore_test.sh SCRATCH_DIR}
here=$(cd "$(dirname "$0")" && pwd)

audit_status() { auditctl -s 2>/dev/null | awk -v k="$1" '$1 == k { print $2; exit }'; }
rules_empty() { auditctl -l | grep -q '^No rules'; }

check_restored() {  # LABEL SESSION_DIR
  local label=$1 dir=$2
  check_eq "$label: auditing disabled (enabled)" "$(audit_status enabled)" 0
  check_eq "$label: no audit daemon registered (pid)" "$(audit_status pid)" 0
  check "$label: no rules left loaded" rules_empty || auditctl -l | head -3 | detail
  check "$label: log has DAEMON_START" grep -q 'type=DAEMON_START' "$dir/audit.log"
  check "$label: log has DAEMON_END (auditd stopped cleanly)" grep -q 'type=DAEMON_END' "$dir/audit.log"
}

rm -rf "$scratch"; mkdir -p "$scratch"
echo "-a always,exit -F arch=b64 -S execve -F auid=4243 -k restore_test" >"$scratch/rules"

# 1. A failing workload: status 1, state restored, its records kept.
"$here/auditd_session.sh" --out "$scratch/failing" --format RAW --rules "$scratch/rules" \
  -- bash -c 'echo 4243 > /proc/self/loginuid; /bin/true; exit 5'
status=$?
[ "$status" = 77 ] && skip_all "auditd_session.sh refused to run (its SKIP message is above)"
check_eq "failing workload: harness exit status" "$status" 1
check_restored "failing workload" "$scratch/failing"
check "failing workload: its exec was logged" grep -q 'key="restore_test"' "$scratch/failing/audit.log"

# 2. SIGTERM to the harness while the workload runs: status 3, restored.
"$here/auditd_session.sh" --out "$scratch/interrupted" --format ENRICHED --rules "$scratch/rules" \
  -- bash -c 'kill -TERM $PPID; exit 0'
status=$?
check_eq "interrupted session: harness exit status" "$status" 3
check_restored "interrupted session" "$scratch/interrupted"

# 3. The node= option is honoured (used for the node= sample variants).
"$here/auditd_session.sh" --out "$scratch/node" --format RAW --node testnode -- /bin/true
status=$?
check_eq "node session: harness exit status" "$status" 0
check "node session: node= prefix" grep -q '^node=testnode type=DAEMON_START' "$scratch/node/audit.log"
check_restored "node session" "$scratch/node"

finish session_restore_test

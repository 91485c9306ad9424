#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# auditd_session.sh: run a workload under the real Debian auditd with a
# temporary configuration, on this machine's kernel, and keep the log.
#
#   auditd_session.sh --out DIR [--format RAW|ENRICHED] [--rules FILE]
#                     [--plugins DIR] [--node NAME] [--ready-timeout SEC]
#                     -- WORKLOAD [ARGS...]
#
# What it does, in order:
#  1. refuses to run (exit 77, "skipped") if not root, if another audit
#     daemon is running or registered, if audit is locked (enabled=2), or if
#     audit rules are already loaded (it would have to delete them);
#  2. serialises with other sessions on /run/lock/audit-contid-auditd.lock
#     (ctest may run tests in parallel; the kernel has one audit daemon);
#  3. writes DIR/auditd.conf (log_file DIR/audit.log, flush = sync,
#     log_format as asked, plugin_dir = --plugins DIR or an empty
#     DIR/plugins.d, name_format = user + name when --node is given) and
#     starts `auditd -n -c DIR`;
#  4. waits (bounded polling) until the kernel reports auditd's pid and the
#     log holds DAEMON_START, then loads --rules with auditctl -R;
#  5. runs WORKLOAD with AUDITD_SESSION_DIR and AUDITD_SESSION_LOG exported;
#  6. sends a USER marker (auditctl -m) and waits until it is in the log, so
#     every record of the workload has been written;
#  7. ALWAYS (trap on exit, INT, TERM): auditctl -D, SIGTERM to auditd and
#     wait for it to exit (SIGKILL after a bound), auditctl -e 0.
#
# Exit status: 0 done; 1 the workload failed (log kept); 2 usage; 3 the
# session could not be set up or torn down; 77 refused (see 1.).
# Messages go to stderr prefixed "auditd_session:".

set -u

readonly SKIP=77
readonly LOCK_FILE=/run/lock/audit-contid-auditd.lock
out_dir=""
log_format=ENRICHED
rules_file=""
plugins_dir=""
node_name=""
ready_timeout=20
auditd_pid=""
session_started=0

# shellcheck source=SCRIPTDIR/../lib/auditd.sh
. "$(dirname "$0")/../lib/auditd.sh"
say() { echo "auditd_session: $*" >&2; }
usage() {
  sed -n '2,10p' "$0" | sed 's/^# \{0,1\}//' >&2
  exit 2
}

while [ $# -gt 0 ]; do
  case "$1" in
    --out) out_dir="${2:-}"; shift 2 ;;
    --format) log_format="${2:-}"; shift 2 ;;
    --rules) rules_file="${2:-}"; shift 2 ;;
    --plugins) plugins_dir="${2:-}"; shift 2 ;;
    --node) node_name="${2:-}"; shift 2 ;;
    --ready-timeout) ready_timeout="${2:-}"; shift 2 ;;
    --) shift; break ;;
    -h|--help) usage ;;
    *) say "unknown option '$1'"; usage ;;
  esac
done
[ -n "$out_dir" ] || { say "--out DIR is required"; usage; }
[ $# -gt 0 ] || { say "no workload command after --"; usage; }
case "$log_format" in RAW|ENRICHED) ;; *) say "--format must be RAW or ENRICHED, not '$log_format'"; exit 2 ;; esac
case "$ready_timeout" in ''|*[!0-9]*) say "--ready-timeout must be whole seconds"; exit 2 ;; esac
[ -z "$rules_file" ] || [ -r "$rules_file" ] || { say "rules file '$rules_file' is not readable"; exit 2; }
[ -z "$plugins_dir" ] || [ -d "$plugins_dir" ] || { say "plugins dir '$plugins_dir' is not a directory"; exit 2; }

# --- 1. refuse when it is not ours to touch ---------------------------------
if [ "$(id -u)" != 0 ]; then
  say "SKIP: needs root (auditd and auditctl need CAP_AUDIT_CONTROL)"; exit $SKIP
fi
for tool in auditd auditctl flock; do
  command -v "$tool" >/dev/null || { say "SKIP: '$tool' is not installed"; exit $SKIP; }
done

exec 9>"$LOCK_FILE" || { say "cannot open lock file $LOCK_FILE"; exit 3; }
if ! flock -w 600 9; then
  say "SKIP: another audit session held $LOCK_FILE for 600 s"; exit $SKIP
fi

# Prints the value of KEY from `auditctl -s` ("pid 123" lines).
audit_status() { auditctl -s 2>/dev/null | awk -v k="$1" '$1 == k { print $2; exit }'; }

if other=$(pgrep -x auditd); then
  say "SKIP: an auditd is already running (pid $(echo $other)); not touching it"; exit $SKIP
fi
registered=$(audit_status pid)
if [ -n "$registered" ] && [ "$registered" != 0 ]; then
  say "SKIP: an audit daemon (pid $registered) is registered with the kernel; not touching it"; exit $SKIP
fi
if [ "$(audit_status enabled)" = 2 ]; then
  say "SKIP: audit configuration is locked (enabled 2)"; exit $SKIP
fi
if auditctl -l 2>/dev/null | grep -qv '^No rules'; then
  say "SKIP: audit rules are already loaded; refusing to delete them"; exit $SKIP
fi

# --- 7. teardown, always ----------------------------------------------------
teardown() {
  local status=$?
  trap - EXIT INT TERM
  if [ "$session_started" = 1 ]; then
    auditctl -D >/dev/null 2>&1 || say "warning: auditctl -D failed"
    stop_auditd_pid "$auditd_pid" || status=3
    auditctl -e 0 >/dev/null 2>&1 || { say "error: auditctl -e 0 failed"; status=3; }
  fi
  exit "$status"
}
trap teardown EXIT
trap 'say "interrupted"; exit 3' INT TERM

# --- 3. configuration and start ----------------------------------------------
mkdir -p "$out_dir" || { say "cannot create $out_dir"; exit 3; }
out_dir=$(cd "$out_dir" && pwd)
if [ -z "$plugins_dir" ]; then
  plugins_dir="$out_dir/plugins.d"
  mkdir -p "$plugins_dir"
fi
log_file="$out_dir/audit.log"
rm -f "$log_file" "$log_file".[0-9]*
{
  echo "# written by auditd_session.sh"
  echo "local_events = yes"
  echo "write_logs = yes"
  echo "log_file = $log_file"
  echo "log_group = root"
  echo "log_format = $log_format"
  echo "flush = SYNC"
  echo "max_log_file = 100"
  echo "max_log_file_action = IGNORE"
  echo "num_logs = 1"
  echo "space_left = 2"
  echo "space_left_action = IGNORE"
  echo "admin_space_left = 1"
  echo "admin_space_left_action = IGNORE"
  echo "disk_full_action = IGNORE"
  echo "disk_error_action = SYSLOG"
  if [ -n "$node_name" ]; then
    echo "name_format = USER"
    echo "name = $node_name"
  else
    echo "name_format = NONE"
  fi
  echo "q_depth = 2000"
  echo "overflow_action = SYSLOG"
  echo "max_restarts = 10"
  echo "plugin_dir = $plugins_dir"
  echo "end_of_event_timeout = 2"
} >"$out_dir/auditd.conf"
chmod 0640 "$out_dir/auditd.conf"

session_started=1
auditd -n -c "$out_dir" >"$out_dir/auditd.stdout" 2>"$out_dir/auditd.stderr" &
auditd_pid=$!

# --- 4. wait until ready (bounded polling: auditd gives no readiness fd) ----
ready=0
for _ in $(seq 1 $((ready_timeout * 20))); do
  if ! kill -0 "$auditd_pid" 2>/dev/null; then
    say "auditd exited during start-up; its stderr:"; cat "$out_dir/auditd.stderr" >&2
    auditd_pid=""; exit 3
  fi
  if [ "$(audit_status pid)" = "$auditd_pid" ] && grep -q 'type=DAEMON_START' "$log_file" 2>/dev/null; then
    ready=1; break
  fi
  sleep 0.05
done
[ "$ready" = 1 ] || { say "auditd (pid $auditd_pid) not ready after ${ready_timeout}s"; exit 3; }

if [ -n "$rules_file" ]; then
  if ! auditctl -R "$rules_file" >"$out_dir/auditctl-R.out" 2>&1; then
    say "loading rules from $rules_file failed:"; cat "$out_dir/auditctl-R.out" >&2; exit 3
  fi
fi

# --- 5. workload --------------------------------------------------------------
export AUDITD_SESSION_DIR="$out_dir" AUDITD_SESSION_LOG="$log_file"
"$@"
workload_status=$?
[ "$workload_status" = 0 ] || say "workload '$*' exited with status $workload_status"

# --- 6. everything written: a marker through the same kernel queue ----------
marker="auditd_session end $$ $RANDOM"
auditctl -m "$marker" || { say "auditctl -m failed"; exit 3; }
flushed=0
for _ in $(seq 1 $((ready_timeout * 20))); do
  if grep -qF "$marker" "$log_file"; then flushed=1; break; fi
  sleep 0.05
done
[ "$flushed" = 1 ] || { say "end marker not in $log_file after ${ready_timeout}s"; exit 3; }

[ "$workload_status" = 0 ] || exit 1
exit 0

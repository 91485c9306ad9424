# SPDX-License-Identifier: GPL-2.0-or-later
# shellcheck shell=bash
# auditd.sh: stopping a test's own auditd. Source it.
#
# stop_auditd_pid PID  sends SIGTERM to PID (an auditd this script started,
#                      never one found by name) and waits, bounded, for it to
#                      exit: whichever ends first, auditd or a 30 s timer (so
#                      no sleep stands in for the exit). If the timer wins,
#                      auditd is killed with SIGKILL and the status is 1.
#                      Returns 0 when PID is empty or already gone.
stop_auditd_pid() {
  local pid=$1 timer status=0
  [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null || return 0
  kill -TERM "$pid"
  # auditd writes DAEMON_END and flushes its log before it exits.
  sleep 30 &
  timer=$!
  wait -n "$pid" "$timer" 2>/dev/null
  if kill -0 "$timer" 2>/dev/null; then
    kill "$timer" 2>/dev/null
  else
    echo "auditd (pid $pid) ignored SIGTERM for 30 s; killing it" >&2
    kill -KILL "$pid" 2>/dev/null
    status=1
  fi
  wait "$pid" "$timer" 2>/dev/null
  return "$status"
}

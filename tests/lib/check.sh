# SPDX-License-Identifier: GPL-2.0-or-later
# shellcheck shell=bash
# check.sh: the plumbing of the bash tests. Source it, report every check
# through it, and end the script with `finish`:
#
#   . "$(dirname "$0")/../lib/check.sh"
#   check "ls finds the log" test -f "$log"
#   check_eq "events of 1001" "$got" "$want"
#   finish "my_test"          # the script's last command: its exit status
#
# Output is TAP-like: "ok N - NAME" or "not ok N - NAME" per check, the
# details of a failure on "#" lines below it, notes as "# ...", and at the
# end the plan "1..N" and "# NAME: P passed, F failed".
#
# ok/fail            report a check decided by the script itself
# check              a command's success
# check_eq           two strings
# check_same         two files (or <(...) outputs), with a diff on failure
# check_status       a command's exit status and a pattern on its stderr
# detail, note       lines of explanation
# skip_all           exit 77 (ctest's SKIP_RETURN_CODE)
# bail_out           a failure after which nothing can be checked: exit 1
# finish             the closing line; status 1 if a check failed or none ran
# event_keys         the event keys of audit records (tests/lib/auditlog.py)
#
# The check* functions return the check's result, so that a failure can be
# followed by details: `check NAME CMD... || detail <"$err"`. ok and fail
# return 0 (they are safe under set -e; the check* functions are not).

CHECK_LIB_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
check_passed=0
check_failed=0

# ok NAME...: a check that passed.
ok() {
  check_passed=$((check_passed + 1))
  echo "ok $((check_passed + check_failed)) - $*"
}

# fail NAME...: a check that failed.
fail() {
  check_failed=$((check_failed + 1))
  echo "not ok $((check_passed + check_failed)) - $*"
}

# detail: standard input as "#" lines (under a failure, say).
detail() { sed 's/^/#     /'; }

# note TEXT...: a line that is not a check.
note() { echo "# $*"; }

# check NAME COMMAND...: passes when COMMAND succeeds.
check() {
  local name=$1
  shift
  if "$@"; then ok "$name"; else fail "$name"; return 1; fi
}

# check_eq NAME GOT WANT: passes when the strings are equal.
check_eq() {
  if [ "$2" = "$3" ]; then
    ok "$1"
  else
    fail "$1"
    printf 'got:  %s\nwant: %s\n' "$2" "$3" | detail
    return 1
  fi
}

# check_same NAME WANT_FILE GOT_FILE [LINES]: passes when the two files are
# equal, byte for byte; else shows the first LINES (20) lines of their diff
# ("<" WANT, ">" GOT), each cut at 300 characters. The files may be <(...).
check_same() {
  local name=$1 want=$2 got=$3 lines=${4:-20} diff_out
  if diff_out=$(diff -- "$want" "$got" 2>&1); then
    ok "$name"
  else
    fail "$name"
    head -n "$lines" <<<"$diff_out" | cut -c1-300 | detail
    return 1
  fi
}

# check_status NAME STATUS STDERR_ERE -- COMMAND...: runs COMMAND with stdin
# from /dev/null, stdout to $CHECK_STDOUT and stderr to $CHECK_STDERR (files
# the script names); passes when it exits with STATUS and, unless
# STDERR_ERE is empty, its stderr matches the extended regex STDERR_ERE.
check_status() {
  local name=$1 want=$2 ere=$3 rc
  shift 4
  "$@" >"${CHECK_STDOUT:?set CHECK_STDOUT}" 2>"${CHECK_STDERR:?set CHECK_STDERR}" </dev/null
  rc=$?
  if [ "$rc" != "$want" ]; then
    fail "$name: exit status $rc, expected $want"
    head -3 "$CHECK_STDERR" | sed 's/^/stderr: /' | detail
    return 1
  elif [ -n "$ere" ] && ! grep -Eq -e "$ere" "$CHECK_STDERR"; then
    fail "$name: stderr lacks /$ere/"
    head -3 "$CHECK_STDERR" | sed 's/^/stderr: /' | detail
    return 1
  else
    ok "$name"
  fi
}

# skip_all REASON...: the test cannot run here.
skip_all() {
  echo "1..0 # SKIP $*"
  exit 77
}

# bail_out REASON...: a failure that ends the test.
bail_out() {
  fail "$@"
  finish "${0##*/}"
  exit 1
}

# finish [NAME]: the plan and the counts; status 0 when every check passed
# and at least one ran.
finish() {
  local name=${1:-${0##*/}}
  echo "1..$((check_passed + check_failed))"
  echo "# $name: $check_passed passed, $check_failed failed"
  [ "$check_failed" = 0 ] && [ "$check_passed" -gt 0 ]
}

# event_keys [FILE...]: the event key ("[NODE/]SEC.MS:SERIAL") of every
# audit record of the FILEs or stdin, each once, in order of appearance.
event_keys() { python3 "$CHECK_LIB_DIR/auditlog.py" keys "$@"; }

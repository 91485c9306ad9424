#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# make_bad_inputs.sh OUT_DIR [--big]: writes the malformed audit logs that
# bad_input_test.sh feeds to ausearch-ext. Each LOG comes with LOG.expect:
#   problem_line=N   1-based line of the first bad line (0: none)
#   problems=N       how many bad lines the file has
#   good=ID ...      events ([sec.msec:serial]) that must still be found
# Deterministic. --big also writes the 1 MiB-line log (not committed: size).
set -u
out=${1:?usage: make_bad_inputs.sh OUT_DIR [--big]}
mkdir -p "$out"

good_event() {  # SERIAL: a real-shaped exec event (SYSCALL + PROCTITLE)
  printf 'type=SYSCALL msg=audit(1795477400.%03d:%d): arch=c000003e syscall=59 success=yes exit=0 a0=1 a1=2 a2=3 a3=4 items=2 ppid=1 pid=%d auid=4242 uid=0 gid=0 euid=0 suid=0 fsuid=0 egid=0 sgid=0 fsgid=0 tty=(none) ses=4 comm="true" exe="/usr/bin/true" key="bad_input"\n' "$(( $1 % 1000 ))" "$1" "$1"
  printf 'type=PROCTITLE msg=audit(1795477400.%03d:%d): proctitle="/bin/true"\n' "$(( $1 % 1000 ))" "$1"
}
expect() {  # FILE LINE COUNT GOOD...
  local file=$1 line=$2 count=$3; shift 3
  printf 'problem_line=%s\nproblems=%s\ngood=%s\n' "$line" "$count" "$*" >"$out/$file.expect"
}

# Malformed lines between good events: lines 3-6 are bad.
{
  good_event 101
  echo 'this is not an audit record'
  echo 'type=SYSCALL msg=audit(abc.def:xyz): arch=c000003e syscall=59'
  echo 'type=SYSCALL msg=audit(1795477400.102:102 arch=c000003e syscall=59'
  echo 'type= msg=audit(1795477400.103:103): '
  good_event 104
} >"$out/malformed-lines.log"
expect malformed-lines.log 3 4 1795477400.101:101 1795477400.104:104

# The last line is cut in the middle (no newline at the end).
{
  good_event 201
  good_event 202 | head -c 60
} >"$out/truncated-last-line.log"
expect truncated-last-line.log 3 1 1795477400.201:201

# Binary garbage (every byte value, NULs included) between good events.
{
  good_event 301
  for i in $(seq 0 255); do printf "\\x$(printf %02x "$(( (i * 37 + 11) % 256 ))")"; done
  printf '\n'
  good_event 302
} >"$out/binary-garbage.log"
# The garbage holds newline bytes, so it spans several lines; count them.
garbage_lines=$(( $(wc -l <"$out/binary-garbage.log") - 4 ))
expect binary-garbage.log 3 "$garbage_lines" 1795477400.301:301 1795477400.302:302

# Container ids past 2^64-1 in a CONTAINER_ID and a CONTAINER_OP.
{
  good_event 401
  echo 'type=UNKNOWN[1340] msg=audit(1795477400.402:402): record=1 contid=18446744073709551616'
  echo 'type=SYSCALL msg=audit(1795477400.402:402): arch=c000003e syscall=59 success=yes exit=0 a0=1 a1=2 a2=3 a3=4 items=2 ppid=1 pid=402 auid=4242 uid=0 gid=0 euid=0 suid=0 fsuid=0 egid=0 sgid=0 fsgid=0 tty=(none) ses=4 comm="true" exe="/usr/bin/true" key="bad_input" record=1'
  echo 'type=UNKNOWN[1020] msg=audit(1795477400.403:403): op=set opid=77 contid=99999999999999999999999 old-contid=-1'
  good_event 404
} >"$out/huge-contid.log"
expect huge-contid.log 3 2 1795477400.401:401 1795477400.404:404

: >"$out/empty.log"
expect empty.log 0 0

if [ "${2:-}" = --big ]; then
  {
    good_event 501
    printf 'type=USER msg=audit(1795477400.502:502): pid=1 uid=0 auid=0 ses=1 msg='"'"'text='
    head -c $((1024 * 1024)) /dev/zero | tr '\0' 'x'
    printf "'"'\n'
    good_event 503
  } >"$out/one-mebibyte-line.log"
  expect one-mebibyte-line.log 3 1 1795477400.501:501 1795477400.503:503
fi

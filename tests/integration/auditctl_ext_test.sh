#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# auditctl_ext_test.sh AUDITCTL_EXT SCRATCH: auditctl-ext against the real
# auditctl on this machine's kernel.
#  1. For every rule of rules/containers.rules, with its contid fields taken
#     out, the rule auditctl-ext builds with libaudit (--libaudit) is the rule
#     auditctl loads: `auditctl -l` lists the two the same.
#  2. Lines without contid go to auditctl itself: auditctl-ext -R of such a
#     file loads what auditctl -R loads, and auditctl-ext -l lists as auditctl -l.
#  3. The shipped file with its contid rules: on a kernel without the audit
#     container id it is refused with file:line and the reason (nothing loaded);
#     on a kernel with it, every rule loads and is listed back with contid=.
#  4. Bad lines: a bad contid value and an unknown field are refused with
#     file:line, exit 1.
# Needs root, no audit daemon and no rules loaded (else 77); restores
# `auditctl -D` always. Serialised with the auditd tests by the same lock.
set -u
# shellcheck source=SCRIPTDIR/../lib/check.sh
. "$(dirname "$0")/../lib/check.sh"
ext=${1:?usage: auditctl_ext_test.sh AUDITCTL_EXT SCRATCH}
scratch=${2:?usage}
repo=$(cd "$(dirname "$0")/../.." && pwd)
rules=$repo/rules/containers.rules
[ "$(id -u)" = 0 ] || skip_all "needs root"
command -v auditctl >/dev/null || skip_all "auditctl is not installed"
exec 9>/run/lock/audit-contid-auditd.lock && flock -w 600 9 || skip_all "lock busy"
if pgrep -x auditd >/dev/null; then skip_all "an auditd is running"; fi
if ! auditctl -l 2>/dev/null | grep -q '^No rules'; then
  skip_all "audit rules are loaded (or auditctl cannot list them); not touching them"
fi
trap 'auditctl -D >/dev/null 2>&1' EXIT
rm -rf "$scratch"; mkdir -p "$scratch"

# 1. the libaudit builder = auditctl, rule by rule
n=0
while read -r line; do
  n=$((n + 1))
  stripped=$(sed -E 's/ -F contid!?=[^ ]*//g' <<<"$line")
  # shellcheck disable=SC2086  # a rule line is a word list
  auditctl $stripped >"$scratch/a.err" 2>&1; a_rc=$?
  auditctl -l >"$scratch/a.list"; auditctl -D >/dev/null
  # shellcheck disable=SC2086
  "$ext" --libaudit $stripped >"$scratch/b.err" 2>&1; b_rc=$?
  auditctl -l >"$scratch/b.list"; auditctl -D >/dev/null
  if [ "$a_rc" = 0 ] && [ "$b_rc" = 0 ] && cmp -s "$scratch/a.list" "$scratch/b.list"; then
    ok "rule $n built by libaudit as auditctl loads it: $(cat "$scratch/a.list")"
  else
    fail "rule $n: auditctl exit $a_rc [$(cat "$scratch/a.list" "$scratch/a.err")], auditctl-ext exit $b_rc [$(cat "$scratch/b.list" "$scratch/b.err")]"
  fi
done < <(grep -E '^-a ' "$rules")
[ "$n" -gt 5 ] || fail "only $n rules read from $rules"

# 2. lines without contid: auditctl itself
grep -E '^-a ' "$rules" | sed -E 's/ -F contid!?=[^ ]*//g' | sort -u >"$scratch/plain.rules"
auditctl -R "$scratch/plain.rules" >/dev/null 2>&1; auditctl -l >"$scratch/plain-a.list"; auditctl -D >/dev/null
"$ext" -R "$scratch/plain.rules" >/dev/null 2>&1; r=$?
"$ext" -l >"$scratch/plain-b.list"; auditctl -l >"$scratch/plain-c.list"; auditctl -D >/dev/null
if [ "$r" = 0 ] && cmp -s "$scratch/plain-a.list" "$scratch/plain-b.list" &&
   cmp -s "$scratch/plain-a.list" "$scratch/plain-c.list"; then
  ok "-R and -l of $(wc -l <"$scratch/plain.rules") contid-free rules as auditctl's"
else
  fail "-R/-l of contid-free rules differ from auditctl (exit $r):"
  diff "$scratch/plain-a.list" "$scratch/plain-b.list" | head -5 | detail
fi

# 3. the shipped file, contid and all
"$ext" -R "$rules" >"$scratch/ship.out" 2>&1; r=$?
if [ -e /proc/self/audit_containerid ]; then
  "$ext" -l >"$scratch/ship.list"
  want=$(grep -cE '^-a ' "$rules"); got=$(grep -c 'contid' "$scratch/ship.list")
  if [ "$r" = 0 ] && [ "$got" = "$(grep -cE '^-a .*contid' "$rules")" ] &&
     [ "$(grep -c '^-a' "$scratch/ship.list")" = "$want" ]; then
    ok "containers.rules loaded and listed with contid= on this kernel"
  else
    fail "containers.rules on a kernel with container ids: exit $r, $got contid rules listed"
  fi
else
  first=$(grep -nE '^-a .*contid' "$rules" | head -1 | cut -d: -f1)
  if [ "$r" = 1 ] && grep -q "containers.rules:$first: .*no audit container id support" "$scratch/ship.out" &&
     auditctl -l | grep -q '^No rules'; then
    ok "containers.rules refused at line $first on a kernel without container ids, nothing loaded"
  else
    fail "containers.rules on a stock kernel: exit $r, output [$(cat "$scratch/ship.out")], loaded [$(auditctl -l)]"
  fi
fi
auditctl -D >/dev/null

# 4. bad lines
printf '%s\n' '-a always,exit -F arch=b64 -S openat -F contid=abc -k bad' >"$scratch/bad1.rules"
printf '%s\n' '-a always,exit -F arch=b64 -S openat -F nosuchfield=1 -F contid=5 -k bad' >"$scratch/bad2.rules"
"$ext" -R "$scratch/bad1.rules" >"$scratch/bad1.out" 2>&1; r1=$?
"$ext" -R "$scratch/bad2.rules" >"$scratch/bad2.out" 2>&1; r2=$?
if [ "$r1" = 1 ] && grep -q 'bad1.rules:1: .*contid=abc.*decimal u64' "$scratch/bad1.out"; then
  ok "bad contid value refused with file:line"
else fail "bad contid value: exit $r1 [$(cat "$scratch/bad1.out")]"; fi
if [ "$r2" = 1 ] && grep -q 'bad2.rules:1: .*nosuchfield' "$scratch/bad2.out"; then
  ok "unknown field refused by libaudit with file:line"
else fail "unknown field: exit $r2 [$(cat "$scratch/bad2.out")]"; fi
auditctl -l | grep -q '^No rules' && ok "nothing left loaded" || fail "rules left: $(auditctl -l)"

finish auditctl_ext

#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# The main job on the embedded sample: list the containers in an audit log,
# then search the events of one of them (nested containers included).
#   scripts/demo.sh BUILD_DIR [LOG]
set -euo pipefail
build=$1
top=$(cd "$(dirname "$0")/.." && pwd)
log=${2:-$top/kernel/recordings/guest-auditd.log}
search=$build/ausearch-ext/ausearch-ext
report=$build/aureport-ext/aureport-ext

echo "== containers in $log"
if [ -x "$report" ]; then
  "$report" -if "$log"
else
  # Without aureport-ext: events per acting container chain (innermost id
  # first), from the JSON output; "subject" is an array of ids, or null.
  "$search" -if "$log" --contid any --format json | grep -o '"subject":\[[^]]*\]' | sort | uniq -c
fi

# The outermost container of the demo: the one whose id appears as the root of a chain.
id=$("$search" -if "$log" --contid any --format json | grep -o '"contid":"[0-9]*"' | head -1 | grep -o '[0-9]\+' || true)
if [ -z "$id" ]; then
  echo "demo: no container records found in $log" >&2
  exit 1
fi
echo
echo "== ausearch-ext -if $log --contid $id -i"
"$search" -if "$log" --contid "$id" -i

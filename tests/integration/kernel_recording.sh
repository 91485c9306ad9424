#!/usr/bin/env bash
# kernel_recording.sh AUSEARCH_EXT LOG: the auditd log recorded in the
# patched kernel's guest (kernel/recordings/) is a regression case. For every
# container id it carries, ausearch-ext --contid ID must select exactly the
# events whose CONTAINER_ID records name ID (as the container or an
# ancestor), computed here independently with awk from the log text.
set -euo pipefail
ext=$1
log=$2

# serials whose CONTAINER_ID (1340) contid list names $1 anywhere
expected() {
  awk -v id="$1" '
    /^(node=[^ ]* )?type=(UNKNOWN\[1340\]|CONTAINER_ID) / {
      match($0, /msg=audit\([0-9.]*:[0-9]*\)/); stamp = substr($0, RSTART, RLENGTH)
      sub(/.*:/, "", stamp); sub(/\)/, "", stamp)
      match($0, / contid=[^ ]*/); list = substr($0, RSTART + 8, RLENGTH - 8)
      n = split(list, items, ",")
      for (i = 1; i <= n; i++) { item = items[i]; sub(/^\^/, "", item); if (item == id) print stamp }
    }' "$log" | sort -n | uniq
}

selected() {
  "$ext" -if "$log" --contid "$1" --raw 2>/dev/null |
    sed -n 's/.*msg=audit([0-9.]*:\([0-9]*\)).*/\1/p' | sort -n | uniq
}

ids=$(grep -oE ' contid=[0-9^,]+' "$log" | tr ',^=' '   ' | tr ' ' '\n' | grep -E '^[0-9]+$' | sort -un)
[ -n "$ids" ] || { echo "kernel_recording: no container ids in $log" >&2; exit 1; }
failed=0 checked=0
for id in $ids; do
  checked=$((checked + 1))
  if ! diff <(expected "$id") <(selected "$id") >/dev/null; then
    echo "FAIL --contid $id: expected [$(expected "$id" | tr '\n' ' ')] got [$(selected "$id" | tr '\n' ' ')]"
    failed=$((failed + 1))
  fi
done
# The 10 registrations that stock auditd logged as "msg=lost" are reported, with a count.
problems=$("$ext" -if "$log" --contid any --raw 2>&1 >/dev/null | grep -c 'msg=lost' || true)
if [ "$problems" -lt 1 ]; then echo "FAIL: the msg=lost lines were not reported"; failed=$((failed + 1)); fi
echo "kernel recording: $((checked - failed)) passed, $failed failed ($checked container ids)"
[ "$failed" -eq 0 ]

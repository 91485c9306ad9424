#!/usr/bin/env bash
# kernel_recording.sh AUSEARCH_EXT LOG: the auditd log recorded in the
# patched kernel's guest (kernel/recordings/) is a regression case. For every
# container id it carries, ausearch-ext --contid ID must select exactly the
# events whose CONTAINER_ID records name ID (as the container or an
# ancestor), computed here independently with awk from the log text.
set -euo pipefail
ext=$1
log=$2

# The registrations kept beside the log (audisp-contid's registrations route):
# ausearch-ext puts their CONTAINER_OP records back into the log's events.
registrations=$(dirname "$log")/contid-registrations.log
[ -f "$registrations" ] || registrations=""

# serials whose CONTAINER_ID (1340) contid list names $1 anywhere, or whose
# kept CONTAINER_OP (1020) names it as contid or in old-contid
expected() {
  awk -v id="$1" '
    function names(field,    list, n, i, item) {
      if (!match($0, " " field "=[^ ]*")) return 0
      list = substr($0, RSTART + length(field) + 2, RLENGTH - length(field) - 2)
      n = split(list, items, ",")
      for (i = 1; i <= n; i++) { item = items[i]; sub(/^\^/, "", item); if (item == id) return 1 }
      return 0
    }
    function serial(    stamp) {
      match($0, /msg=audit\([0-9.]*:[0-9]*\)/); stamp = substr($0, RSTART, RLENGTH)
      sub(/.*:/, "", stamp); sub(/\)/, "", stamp)
      return stamp
    }
    /^(node=[^ ]* )?type=(UNKNOWN\[1340\]|CONTAINER_ID) / { if (names("contid")) print serial() }
    /^(node=[^ ]* )?type=(UNKNOWN\[1020\]|CONTAINER_OP) msg=audit/ {
      if (names("contid") || names("old-contid")) print serial()
    }' "$log" $registrations | sort -n | uniq
}

selected() {
  "$ext" -if "$log" --contid "$1" --raw 2>/dev/null |
    sed -n 's/.*msg=audit([0-9.]*:\([0-9]*\)).*/\1/p' | sort -n | uniq
}

ids=$(grep -hoE ' contid=[0-9^,]+' "$log" $registrations | tr ',^=' '   ' | tr ' ' '\n' |
      grep -E '^[0-9]+$' | sort -un)
[ -n "$ids" ] || { echo "kernel_recording: no container ids in $log" >&2; exit 1; }
failed=0 checked=0
for id in $ids; do
  checked=$((checked + 1))
  if ! diff <(expected "$id") <(selected "$id") >/dev/null; then
    echo "FAIL --contid $id: expected [$(expected "$id" | tr '\n' ' ')] got [$(selected "$id" | tr '\n' ' ')]"
    failed=$((failed + 1))
  fi
done
# The registrations that stock auditd logged as "msg=lost": restored without a
# word when the registrations file is beside the log; else one line counts them.
lost=$(grep -c '^type=UNKNOWN\[1020\] msg=lost$' "$log" || true)
said=$("$ext" -if "$log" --contid any --raw 2>&1 >/dev/null | grep -c 'msg=lost' || true)
checked=$((checked + 1))
if [ -n "$registrations" ] && [ "$said" != 0 ]; then
  echo "FAIL: msg=lost reported although $registrations keeps the registrations"
  failed=$((failed + 1))
elif [ -z "$registrations" ] && [ "$lost" -gt 0 ] && [ "$said" != 1 ]; then
  echo "FAIL: $lost msg=lost lines reported in $said lines, expected 1"
  failed=$((failed + 1))
fi
echo "kernel recording: $((checked - failed)) passed, $failed failed ($(echo $ids | wc -w) container ids)"
[ "$failed" -eq 0 ]

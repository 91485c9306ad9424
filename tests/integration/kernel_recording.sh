#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# kernel_recording.sh AUSEARCH_EXT LOG: the auditd log recorded in the
# patched kernel's guest (kernel/recordings/) is a regression case. For every
# container id it carries, ausearch-ext --contid ID must select exactly the
# events whose CONTAINER_ID records name ID (as the container or an
# ancestor), computed here independently with awk from the log text.
set -euo pipefail
# shellcheck source=SCRIPTDIR/../lib/check.sh
. "$(dirname "$0")/../lib/check.sh"
ext=$1
log=$2

# The registrations kept beside the log (audisp-contid's registrations route):
# ausearch-ext puts their CONTAINER_OP records back into the log's events.
registrations=$(dirname "$log")/contid-registrations.log
[ -f "$registrations" ] || registrations=""

# event keys of the CONTAINER_ID (1340) records whose contid list names $1
# anywhere, and of the kept CONTAINER_OP (1020) records that name it as
# contid or in old-contid
expected() {
  awk -v id="$1" '
    function names(field,    list, n, i, item) {
      if (!match($0, " " field "=[^ ]*")) return 0
      list = substr($0, RSTART + length(field) + 2, RLENGTH - length(field) - 2)
      n = split(list, items, ",")
      for (i = 1; i <= n; i++) { item = items[i]; sub(/^\^/, "", item); if (item == id) return 1 }
      return 0
    }
    /^(node=[^ ]* )?type=(UNKNOWN\[1340\]|CONTAINER_ID) / { if (names("contid")) print }
    /^(node=[^ ]* )?type=(UNKNOWN\[1020\]|CONTAINER_OP) msg=audit/ {
      if (names("contid") || names("old-contid")) print
    }' "$log" $registrations | event_keys | sort -u
}

selected() {
  "$ext" -if "$log" --contid "$1" --raw 2>/dev/null | event_keys | sort -u
}

ids=$(grep -hoE ' contid=[0-9^,]+' "$log" $registrations | tr ',^=' '   ' | tr ' ' '\n' |
      grep -E '^[0-9]+$' | sort -un)
[ -n "$ids" ] || { echo "kernel_recording: no container ids in $log" >&2; exit 1; }
for id in $ids; do
  if diff <(expected "$id") <(selected "$id") >/dev/null; then
    ok "--contid $id: $(expected "$id" | wc -l) events"
  else
    fail "--contid $id: expected [$(expected "$id" | tr '\n' ' ')] got [$(selected "$id" | tr '\n' ' ')]"
  fi
done
# The registrations that stock auditd logged as "msg=lost": restored without a
# word when the registrations file is beside the log; else one line counts them.
lost=$(grep -c '^type=UNKNOWN\[1020\] msg=lost$' "$log" || true)
said=$("$ext" -if "$log" --contid any --raw 2>&1 >/dev/null | grep -c 'msg=lost' || true)
if [ -n "$registrations" ] && [ "$said" != 0 ]; then
  fail "msg=lost reported although $registrations keeps the registrations"
elif [ -z "$registrations" ] && [ "$lost" -gt 0 ] && [ "$said" != 1 ]; then
  fail "$lost msg=lost lines reported in $said lines, expected 1"
else
  ok "msg=lost: $lost in the log, reported in $said lines"
fi
note "$(echo $ids | wc -w) container ids"
finish kernel_recording

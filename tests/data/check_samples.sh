#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# check_samples.sh AUSEARCH_EXT [DATA_DIR]: for every sample DATA_DIR/*/
# expected.txt, runs `AUSEARCH_EXT --raw ARGS -if LOG` on each form of the
# sample's log (audit.log ENRICHED, audit.raw.log, audit.named.log) and
# requires exactly the events expected.txt lists for ARGS, and ausearch's exit
# status (0 with matches, 1 without). Prints one line per check; exit 0 if
# all pass, 1 otherwise.
set -u
# shellcheck source=SCRIPTDIR/../lib/check.sh
. "$(dirname "$0")/../lib/check.sh"
ext=${1:?usage: check_samples.sh AUSEARCH_EXT [DATA_DIR]}
data=${2:-$(cd "$(dirname "$0")" && pwd)}
[ -x "$ext" ] || { echo "check_samples: '$ext' is not an executable" >&2; exit 2; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# For each form of each sample: every line of expected.txt run first (output
# in $work/N.out, N.err, N.rc), then the event keys of all outputs taken in
# one run of auditlog.py (into N.out.keys), then compared line by line.
for expected in "$data"/*/expected.txt; do
  sample_dir=$(dirname "$expected")
  sample=$(basename "$sample_dir")
  for form in audit.log audit.raw.log audit.named.log; do
    log="$sample_dir/$form"
    [ -f "$log" ] || { fail "$sample: $form is missing"; continue; }
    rm -f "$work"/*
    cases=()
    while IFS=$'\t' read -r args want; do
      case "$args" in ''|'#'*) continue ;; esac
      n=${#cases[@]}
      cases+=("$args"$'\t'"$want")
      # shellcheck disable=SC2086  # args is a word list on purpose
      "$ext" --raw $args -if "$log" >"$work/$n.out" 2>"$work/$n.err" </dev/null
      echo $? >"$work/$n.rc"
    done <"$expected"
    [ ${#cases[@]} -gt 0 ] || continue
    # Event keys "[node/]sec.msec:serial" per output.
    event_keys --with-filename "$work"/*.out | awk -F'\t' '{ print $2 > ($1 ".keys") }'
    for n in "${!cases[@]}"; do
      IFS=$'\t' read -r args want <<<"${cases[$n]}"
      rc=$(cat "$work/$n.rc")
      got=$(sort -u "$work/$n.out.keys" 2>/dev/null)
      want_sorted=$(printf '%s\n' $want | sed '/^$/d' | sort -u)
      want_rc=0; [ -z "$want_sorted" ] && want_rc=1
      label="$sample/$form: $args"
      if [ "$rc" -gt 128 ]; then
        fail "$label: killed by signal $((rc - 128))"
      elif [ "$got" != "$want_sorted" ]; then
        fail "$label: events differ (< expected, > ausearch-ext):"
        { diff <(echo "$want_sorted") <(echo "$got") | grep '^[<>]' | head -10
          head -3 "$work/$n.err" | sed 's/^/stderr: /'; } | detail
      elif [ "$rc" != "$want_rc" ]; then
        fail "$label: exit status $rc, expected $want_rc"
      else
        ok "$label ($(echo "$want_sorted" | sed '/^$/d' | wc -l) events)"
      fi
    done
  done
done
finish check_samples

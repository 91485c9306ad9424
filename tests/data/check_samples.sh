#!/bin/bash
# check_samples.sh AUSEARCH_EXT [DATA_DIR]: for every sample DATA_DIR/*/
# expected.txt, runs `AUSEARCH_EXT --raw ARGS -if LOG` on each form of the
# sample's log (audit.log ENRICHED, audit.raw.log, audit.named.log) and
# requires exactly the events expected.txt lists for ARGS, and ausearch's exit
# status (0 with matches, 1 without). Prints one line per check; exit 0 if
# all pass, 1 otherwise.
set -u
ext=${1:?usage: check_samples.sh AUSEARCH_EXT [DATA_DIR]}
data=${2:-$(cd "$(dirname "$0")" && pwd)}
[ -x "$ext" ] || { echo "check_samples: '$ext' is not an executable" >&2; exit 2; }
checks=0
failures=0
stdout_file=$(mktemp)
stderr_file=$(mktemp)
trap 'rm -f "$stdout_file" "$stderr_file"' EXIT

# Event ids of --raw output as "[node/]sec.msec:serial", sorted, one a line.
event_ids() {
  sed -n 's/^\(node=\([^ ]*\) \)\{0,1\}type=[^ ]* msg=audit(\([0-9.]*:[0-9]*\)).*/\2\/\3/p' \
    | sed 's|^/||' | sort -u
}

for expected in "$data"/*/expected.txt; do
  sample_dir=$(dirname "$expected")
  sample=$(basename "$sample_dir")
  for form in audit.log audit.raw.log audit.named.log; do
    log="$sample_dir/$form"
    [ -f "$log" ] || { echo "FAIL $sample: $form is missing"; failures=$((failures + 1)); continue; }
    while IFS=$'\t' read -r args want; do
      case "$args" in ''|'#'*) continue ;; esac
      checks=$((checks + 1))
      # shellcheck disable=SC2086  # args is a word list on purpose
      "$ext" --raw $args -if "$log" >"$stdout_file" 2>"$stderr_file" </dev/null
      rc=$?
      got=$(event_ids <"$stdout_file")
      want_sorted=$(printf '%s\n' $want | sed '/^$/d' | sort -u)
      want_rc=0; [ -z "$want_sorted" ] && want_rc=1
      label="$sample/$form: $args"
      if [ "$rc" -gt 128 ]; then
        echo "FAIL $label: killed by signal $((rc - 128))"; failures=$((failures + 1))
      elif [ "$got" != "$want_sorted" ]; then
        echo "FAIL $label: events differ (< expected, > ausearch-ext):"
        diff <(echo "$want_sorted") <(echo "$got") | grep '^[<>]' | head -10 | sed 's/^/    /'
        head -3 "$stderr_file" | sed 's/^/    stderr: /'
        failures=$((failures + 1))
      elif [ "$rc" != "$want_rc" ]; then
        echo "FAIL $label: exit status $rc, expected $want_rc"; failures=$((failures + 1))
      else
        echo "ok   $label ($(echo "$want_sorted" | sed '/^$/d' | wc -l) events)"
      fi
    done <"$expected"
  done
done
echo "$checks checks, $failures failed"
[ "$checks" -gt 0 ] && [ "$failures" = 0 ]

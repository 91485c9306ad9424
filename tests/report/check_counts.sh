#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# check_counts.sh AUREPORT_EXT AUSEARCH_EXT [DATA_DIR]: every count of
# aureport-ext's container report, checked against the events ausearch-ext
# selects, on every sample of tests/data (each form: ENRICHED, RAW, named).
#
# Per row (container id, "host", "total") the selection is:
#   id    --contid ID            (and with --contid-exact, aureport-ext --contid-exact)
#   host  --contid unset
#   total --contid any  plus  --contid unset (disjoint)
# and the columns are compared with:
#   events            the events selected
#   failed-syscalls   ... -m SYSCALL -sv no
#   execs             ... -sc execve -sv yes  +  -sc execveat -sv yes
#   connects          ... -sc connect
#   avc-denials       ... -m AVC,USER_AVC (the samples hold no granted AVCs)
#   exes, auids, uids distinct exe= / auid= / uid= values of the selected
#                     events' subject records (SYSCALL and USER lines)
# failed-registrations is checked for the total row against
#   --contid any -m CONTAINER_OP -sv no (one operation per event).
# The RAW and named forms, and --contid-exact, are checked for events only.
# Prints one line per check; exit 0 if all pass, 1 otherwise, 2 on usage.
set -u
# shellcheck source=SCRIPTDIR/../lib/check.sh
. "$(dirname "$0")/../lib/check.sh"
report=${1:?usage: check_counts.sh AUREPORT_EXT AUSEARCH_EXT [DATA_DIR]}
search=${2:?usage: check_counts.sh AUREPORT_EXT AUSEARCH_EXT [DATA_DIR]}
data=${3:-$(cd "$(dirname "$0")/../data" && pwd)}
for tool in "$report" "$search"; do
  [ -x "$tool" ] || { echo "check_counts: '$tool' is not an executable" >&2; exit 2; }
done

# Raw records of the events ausearch-ext selects with "$@" on $log.
selected() { "$search" --raw "$@" -if "$log" 2>/dev/null </dev/null; }
# Number of events ausearch-ext selects with "$@": its default format starts
# every event with "----" (two events may share a key, so keys are not
# counted).
selected_events() { "$search" "$@" -if "$log" 2>/dev/null </dev/null | grep -c '^----'; }
# Distinct values of field $1 in SYSCALL and USER-range subject records.
distinct_field() {
  grep -E '^(node=[^ ]* )?type=(SYSCALL|USER[A-Z_]*|LOGIN|DAEMON_[A-Z]*|UNKNOWN\[2[0-9]{3}\]) ' \
    | sed 's/\x1d.*//' | grep -o " $1=[^ ']*" | sort -u | wc -l
}
count_for() {  # count_for COLUMN SELECTION...
  local column=$1; shift
  case "$column" in
    events) selected_events "$@" ;;
    failed-syscalls) selected_events "$@" -m SYSCALL -sv no ;;
    execs) echo $(( $(selected_events "$@" -sc execve -sv yes) +
                    $(selected_events "$@" -sc execveat -sv yes) )) ;;
    connects) selected_events "$@" -sc connect ;;
    avc-denials) selected_events "$@" -m AVC,USER_AVC ;;
    exes) selected "$@" | distinct_field exe ;;
    auids) selected "$@" | distinct_field auid ;;
    uids) selected "$@" | distinct_field uid ;;
  esac
}
check_count() {  # check_count LABEL GOT WANT
  if [ "$2" = "$3" ]; then
    ok "$1 = $2"
  else
    fail "$1: aureport-ext says $2, ausearch-ext selects $3"
  fi
}

# Columns of a text row: "N. ID PARENTS D T D T events failed execs exes auids uids files connects avc failedreg"
columns=(events failed-syscalls execs exes auids uids files-written connects avc-denials failed-registrations)
for sample_dir in "$data"/*/; do
  sample=$(basename "$sample_dir")
  for form in audit.log audit.raw.log audit.named.log; do
    log="$sample_dir$form"
    [ -f "$log" ] || continue
    for exact in "" --contid-exact; do
      rows=$("$report" $exact -if "$log" 2>/dev/null </dev/null | sed -n '/^# contid/,$p' | grep -E '^[0-9]+\. ')
      if [ -z "$rows" ]; then
        check_count "$sample/$form $exact: report has rows" "no" "yes"; continue
      fi
      while read -r _ id _parents _ _ _ _ rest; do
        read -r -a values <<<"$rest"
        case "$id" in
          host) selections=("--contid unset") ;;
          total) selections=("--contid any" "--contid unset") ;;
          *) selections=("--contid $id $exact") ;;
        esac
        [ "$id" = total ] && [ -n "$exact" ] && continue  # same as without
        # Every column on the ENRICHED form without --contid-exact; events
        # alone on the other forms and in exact mode.
        indexes="0 1 2 3 4 5 7 8"
        [ "$form" = audit.log ] && [ -z "$exact" ] || indexes=0
        for i in $indexes; do
          column=${columns[$i]}
          want=0
          for sel in "${selections[@]}"; do
            # shellcheck disable=SC2086  # sel is a word list on purpose
            n=$(count_for "$column" $sel)
            case "$column" in
              exes|auids|uids) [ "$n" -gt "$want" ] && want=$n ;;  # total: the union, see below
              *) want=$((want + n)) ;;
            esac
          done
          if [ "$id" = total ] && { [ "$column" = exes ] || [ "$column" = auids ] || [ "$column" = uids ]; }; then
            want=$( { selected --contid any; selected --contid unset; } | distinct_field "${column%s}" )
          fi
          check_count "$sample/$form $exact row $id $column" "${values[$i]}" "$want"
        done
        if [ "$id" = total ]; then
          want=$(selected_events --contid any -m CONTAINER_OP -sv no)
          check_count "$sample/$form row total failed-registrations" "${values[9]}" "$want"
        fi
      done <<<"$rows"
    done
  done
done
finish check_counts

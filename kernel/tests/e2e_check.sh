#!/bin/bash
# End-to-end check on the patched kernel: records a fresh run of kernel/tests/e2e.sh with
# audisp-contid as auditd's plugin in the guest (or checks DIR, a finished recording), then:
#  1. every container id of the scenario (1001..1008) is in the log's CONTAINER_ID records;
#  2. for every id, ausearch-ext --contid ID on the log selects exactly the events whose
#     CONTAINER_ID names ID (tests/integration/kernel_recording.sh, an awk oracle);
#  3. the plugin's stream (what auditd handed its plugins) is the log plus EOE records and
#     with the text of CONTAINER_OP where the log has "msg=lost";
#  4. each per-container file c-ID.log of audisp-contid equals, byte for byte,
#     ausearch-ext --contid ID --raw on that stream, and unset.log equals --contid unset;
#     no other file was written;
#  5. with the registrations file beside the log (the shipped route's), ausearch-ext finds
#     every registration of the stream in the log, with its text, and says nothing of
#     msg=lost; without it, one line counts the lost records.
#
#  6. with --auditctl-ext (a fresh guest run): the guest loaded kernel/tests/e2e-rules.rules
#     and the shipped rules/containers.rules with it, lists them with contid= shown, and the
#     kernel recorded with each contid rule exactly the tasks it names.
#
# Usage: kernel/tests/e2e_check.sh [--replay] [--auditctl-ext AUDITCTL_EXT] AUSEARCH_EXT
#                                  AUDISP_CONTID [DIR]
# --replay (needs DIR, e.g. kernel/recordings): instead of the files the plugin wrote in the
# guest, check the files AUDISP_CONTID writes here from DIR/plugin/stream.log on its stdin,
# with the guest's two routes.  No kernel needed.
set -euo pipefail
replay=0 auditctl_ext=""
while [ $# -gt 0 ]; do
    case "$1" in
        --replay) replay=1; shift ;;
        --auditctl-ext) auditctl_ext=$2; shift 2 ;;
        *) break ;;
    esac
done

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../.." && pwd)
ext=$1 plugin=$2 dir=${3:-} made_dir=""
if [ -z "$dir" ]; then
    dir=$(mktemp -d /tmp/audit-contid-e2e-check.XXXXXX)
    made_dir=$dir
    trap 'rm -rf "$made_dir"' EXIT
    "$here/e2e.sh" --plugin "$plugin" ${auditctl_ext:+--auditctl-ext "$auditctl_ext"} "$dir"
fi
log=$dir/guest-auditd.log stream=$dir/plugin/stream.log
scratch=$(mktemp -d /tmp/audit-contid-e2e-scratch.XXXXXX)
trap 'rm -rf "$scratch" ${made_dir:+"$made_dir"}' EXIT
outputs=$dir/plugin
if [ "$replay" = 1 ]; then
    [ -s "$stream" ] || { echo "FAIL: no $stream to replay"; exit 1; }
    outputs=$scratch/replay
    mkdir -p "$scratch/routes" "$outputs"
    printf 'routes_dir = %s\nstate_file = %s\nspill_dir = %s\n' "$scratch/routes" \
        "$scratch/state" "$scratch/spill" >"$scratch/plugin.conf"
    printf 'contid = any\nsink = file\npath = %s/c-%%c.log\n' "$outputs" \
        >"$scratch/routes/per-container.conf"
    printf 'contid = unset\nsink = file\npath = %s/unset.log\n' "$outputs" \
        >"$scratch/routes/unset.conf"
    sed "s#^path = .*#path = $outputs/contid-registrations.log#" \
        "$root/plugin/contid-routes.d/registrations.conf" >"$scratch/routes/registrations.conf"
    "$plugin" -c "$scratch/plugin.conf" <"$stream" 2>"$scratch/plugin.err" ||
        { echo "FAIL: $plugin exited $?"; cat "$scratch/plugin.err"; exit 1; }
fi
failed=0 passed=0
pass() { passed=$((passed + 1)); }
fail() { echo "FAIL: $*"; failed=$((failed + 1)); }

[ -s "$log" ] && [ -s "$stream" ] || { echo "FAIL: no log or no plugin stream in $dir"; exit 1; }

# 1. the scenario's containers are all there
for id in 1001 1002 1003 1004 1005 1006 1007 1008; do
    if grep -qE "^type=(UNKNOWN\[1340\]|CONTAINER_ID) .* contid=([0-9^,]*[,^])?$id(,|$)" "$log"; then
        pass
    else
        fail "no CONTAINER_ID record names $id in $log"
    fi
done

# 2. ausearch-ext on the log against the awk oracle
if "$root/tests/integration/kernel_recording.sh" "$ext" "$log"; then pass; else fail "kernel_recording.sh on $log"; fi

# 3. stream = log + EOE, with CONTAINER_OP text where the log lost it
lost=$(grep -c '^type=UNKNOWN\[1020\] msg=lost$' "$log" || true)
ops=$(grep -c '^type=UNKNOWN\[1020\] msg=audit' "$stream" || true)
if [ "$lost" -gt 0 ] && [ "$lost" = "$ops" ]; then pass; else
    fail "log has $lost CONTAINER_OP lines as msg=lost, the stream $ops with text"; fi
if diff <(grep -v '^type=EOE ' "$stream" |
          sed 's/^type=UNKNOWN\[1020\] msg=audit.*/type=UNKNOWN[1020] msg=lost/') \
        "$log" >"$scratch/stream-vs-log.diff"; then
    pass
else
    fail "the plugin stream is not the log (diff below)"; head -5 "$scratch/stream-vs-log.diff"
fi

# 4. the plugin's files against ausearch-ext on the same stream
ids=$(grep -oE ' contid=[0-9^,]+' "$stream" | tr ',^=' '   ' | tr ' ' '\n' | grep -E '^[0-9]+$' |
      sort -un)
expected_files=unset.log
for id in $ids; do
    "$ext" -if "$stream" --contid "$id" --raw >"$scratch/expected-$id.log" 2>/dev/null || true
    if [ -s "$scratch/expected-$id.log" ]; then
        expected_files="$expected_files c-$id.log"
        if cmp -s "$scratch/expected-$id.log" "$outputs/c-$id.log"; then pass; else
            fail "c-$id.log differs from ausearch-ext --contid $id --raw"
            diff "$scratch/expected-$id.log" "$outputs/c-$id.log" | head -5 || true
        fi
    fi
done
"$ext" -if "$stream" --contid unset --raw >"$scratch/expected-unset.log" 2>/dev/null || true
if cmp -s "$scratch/expected-unset.log" "$outputs/unset.log"; then pass; else
    fail "unset.log differs from ausearch-ext --contid unset --raw"
    diff "$scratch/expected-unset.log" "$outputs/unset.log" | head -5 || true
fi
written=$(cd "$outputs" && ls | grep -v '^stream\.log$\|^contid-registrations\.log$' | sort |
          tr '\n' ' ')
wanted=$(echo $expected_files | tr ' ' '\n' | sort | tr '\n' ' ')
if [ "$written" = "$wanted" ]; then pass; else fail "plugin wrote [$written], expected [$wanted]"; fi

# 5. registrations restored from the file beside the log
registrations=$dir/contid-registrations.log
if [ "$replay" = 1 ]; then
    # The committed file is what the plugin writes from the recorded stream.
    if cmp -s "$registrations" "$outputs/contid-registrations.log"; then pass; else
        fail "$registrations differs from what the registrations route writes from the stream"; fi
fi
if [ -s "$registrations" ]; then pass; else fail "no registrations file beside the log"; fi
mkdir -p "$scratch/beside" "$scratch/alone"
cp "$log" "$scratch/beside/audit.log"
cp "$registrations" "$scratch/beside/contid-registrations.log" 2>/dev/null || true
cp "$log" "$scratch/alone/audit.log"
"$ext" -if "$scratch/beside/audit.log" -m CONTAINER_OP --raw >"$scratch/ops.log" \
    2>"$scratch/ops.err" || true
if diff <(grep '^type=UNKNOWN\[1020\] msg=audit' "$stream") \
        <(grep '^type=UNKNOWN\[1020\] msg=audit' "$scratch/ops.log") >/dev/null; then pass; else
    fail "ausearch-ext -m CONTAINER_OP with the registrations file: $(grep -c 1020 "$scratch/ops.log") of $ops registrations"; fi
if grep -q 'msg=lost\|malformed' "$scratch/ops.err"; then
    fail "ausearch-ext warned with the registrations file beside the log: $(head -2 "$scratch/ops.err")"
else pass; fi
"$ext" -if "$scratch/alone/audit.log" -m CONTAINER_OP --raw >/dev/null 2>"$scratch/alone.err" || true
if [ "$(grep -c "$lost records logged by auditd as 'msg=lost'" "$scratch/alone.err")" = 1 ] &&
   ! grep -q malformed "$scratch/alone.err"; then pass; else
    fail "without the registrations file: $(cat "$scratch/alone.err")"; fi

# 6. the contid rules loaded by auditctl-ext in the guest, and what each recorded
if [ -n "$auditctl_ext" ] && [ "$replay" = 0 ]; then
    rules_list=$dir/rules-list.txt
    if grep -q '^# rules: auditctl-ext -R e2e-rules.rules: exit 0$' "$dir/e2e-actions.txt" &&
       grep -q '^# rules: auditctl-ext -R containers.rules: exit 0$' "$dir/e2e-actions.txt"; then
        pass
    else
        fail "auditctl-ext could not load the rules in the guest:"
        grep '^# rules' "$dir/e2e-actions.txt" | head -5
    fi
    # Every rule of both files is listed back, contid= included.
    for f in "$here/e2e-rules.rules" "$root/rules/containers.rules"; do
        while read -r rule; do
            want=$(grep -oE -- '-F contid!?=[-0-9]+' <<<"$rule" | sort -u | tr '\n' ' ')
            key=$(grep -oE -- '(-k |key=)[a-z0-9_-]+' <<<"$rule" | sed 's/^-k //; s/^key=//')
            got=$(grep -- "key=$key\b" "$rules_list" | grep -oE -- '-F contid!?=[-0-9]+' | sort -u |
                  tr '\n' ' ')
            if [ -n "$want" ] && [ "$want" = "$got" ]; then
                pass
            else
                fail "auditctl-ext -l: rule with key $key lists [$got], expected [$want]"
            fi
        done < <(grep -E '^-a .*-F contid' "$f")
    done
    # What each key recorded: (serial, innermost contid or -) per openat event.
    by_key() {
        awk -v key="$1" '
            /^type=SYSCALL / && index($0, "key=\"" key "\"") { s = $0; sub(/.*msg=audit\([0-9.]*:/, "", s); sub(/\).*/, "", s); keyed[s] = 1 }
            /^type=UNKNOWN\[1340\] / && / record=1 / { s = $0; sub(/.*msg=audit\([0-9.]*:/, "", s); sub(/\).*/, "", s)
                c = $0; sub(/.* contid=/, "", c); cid[s] = c }
            END { for (s in keyed) print s, (s in cid ? cid[s] : "-") }' "$log" | sort -n
    }
    chains_ok() {  # KEY AWK-CONDITION-ON-CHAIN EXPECTED-INNERMOST-IDS...
        local key=$1 cond=$2; shift 2
        local got bad
        got=$(by_key "$key")
        bad=$(awk "{ c = \$2; if (!($cond)) print }" <<<"$got")
        if [ -z "$got" ] || [ -n "$bad" ]; then
            fail "$key recorded events it should not ([$(echo $bad)]) or none"; return
        fi
        local id
        for id in "$@"; do
            if awk -v id="$id" '{ split($2, a, ","); if (a[1] == id) f = 1 } END { exit !f }' <<<"$got"; then
                pass
            else fail "$key recorded nothing of $id (got [$(echo $got)])"; fi
        done
    }
    chains_ok e2e-r1002 'c ~ /(^|\^)1002(,|$)/' 1002 1003 1007
    chains_ok e2e-rcont 'c != "-" && c !~ /(^|\^)1002(,|$)/' 1001 1005 1006
    chains_ok e2e-rhost 'c == "-"' -
    if grep -q 'name="/tmp/e2e-host-marker"' "$log"; then pass; else
        fail "the host marker open was not recorded (e2e-rhost)"; fi
fi

events=$(grep -c '^type=EOE ' "$stream" || true)
echo "e2e_check: $passed passed, $failed failed ($events events in the plugin stream," \
     "$(echo $ids | wc -w) container ids, $(echo $expected_files | wc -w) plugin files)"
[ "$failed" -eq 0 ]

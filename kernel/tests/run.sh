#!/bin/bash
# Build the patched kernel and the guest test, boot it under qemu and run the checks.
#
# Usage: kernel/tests/run.sh [--bench [N]] [--keep-log FILE]
# Exit status 0 only when the guest printed "N passed, 0 failed" and exited 0.
# Env: AUDIT_CONTID_KERNEL_CACHE (see build.sh), AUDIT_CONTID_BOOT_TIMEOUT (default 900 s),
# AUDIT_CONTID_BENCH_ICOUNT (--bench boots with boot.sh --icount 0, so guest CPU time counts
# emulated instructions; "none" measures host-dependent time instead).
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
kdir=$(dirname "$here")
cache=${AUDIT_CONTID_KERNEL_CACHE:-/var/cache/audit-contid/kernel}
mode=(contid-test)
boot_opts=()
log=""
while [ $# -gt 0 ]; do
    case $1 in
        --bench) mode=(contid-test bench); shift
                 # count instructions, not host time: see boot.sh --icount
                 [ "${AUDIT_CONTID_BENCH_ICOUNT:-0}" = none ] ||
                     boot_opts=(--icount "${AUDIT_CONTID_BENCH_ICOUNT:-0}")
                 if [ $# -gt 0 ] && [[ $1 =~ ^[0-9]+$ ]]; then mode+=("$1"); shift; fi ;;
        --keep-log) log=$2; shift 2 ;;
        *) echo "usage: $0 [--bench [N]] [--keep-log FILE]" >&2; exit 2 ;;
    esac
done

t0=$(date +%s)
kernel=$("$kdir/build.sh" | tail -n 1)
t1=$(date +%s)

for p in nftables iptables; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" ||
        DEBIAN_FRONTEND=noninteractive timeout 900 apt-get install -y "$p" >&2
done
make -s -C "$here" OUT="$cache/tests" >&2

adds=(--add "$cache/tests/contid-test" --add "$cache/tests/noflock.so:/lib/contid-noflock.so")
adds+=(--add "$(command -v nft):/usr/sbin/nft")
xt=/usr/lib/x86_64-linux-gnu/xtables
if [ -x /usr/sbin/xtables-legacy-multi ]; then
    adds+=(--add /usr/sbin/xtables-legacy-multi:/usr/sbin/iptables-legacy)
    for so in libxt_AUDIT.so libxt_udp.so libxt_standard.so; do
        [ -f "$xt/$so" ] && adds+=(--add "$xt/$so:$xt/$so")
    done
fi

out=$(mktemp /tmp/audit-contid-run.XXXXXX)
trap 'rm -f "$out"' EXIT
set +e
"$kdir/boot.sh" --kernel "$kernel" "${adds[@]}" "${boot_opts[@]}" --timeout "${AUDIT_CONTID_BOOT_TIMEOUT:-900}" \
    -- "${mode[@]}" | tee "$out"
rc=${PIPESTATUS[0]}
set -e
t2=$(date +%s)
[ -z "$log" ] || cp "$out" "$log"
echo "run.sh: kernel build $((t1 - t0)) s, boot+test $((t2 - t1)) s, guest exit $rc" >&2
if [ "$rc" = 0 ] && grep -Eq '^[0-9]+ passed, 0 failed$' "$out"; then
    echo "run.sh: PASS" >&2
    exit 0
fi
echo "run.sh: FAIL" >&2
exit 1

#!/bin/bash
# Boot a kernel under qemu (TCG) with a throw-away initramfs and run one command in it.
#
# Usage: kernel/boot.sh --kernel BZIMAGE [--add HOSTPATH[:GUESTPATH]]... [--timeout S]
#                       [--mem MB] [--append "KERNEL ARGS"] [--icount SHIFT] -- CMD [ARGS...]
#
# The initramfs holds busybox (static), every --add file (GUESTPATH defaults to
# /bin/BASENAME) and the shared libraries they need (ldd).  /init mounts /proc, /sys,
# devtmpfs and a tmpfs on /tmp, brings lo up and runs CMD as root with its stdout and
# stderr on the second serial port, so its output reaches us apart from kernel noise (the
# first port carries the console).  boot.sh prints CMD's output on stdout and exits with
# CMD's status; 124 if the time limit (default 600 s) ran out, 125 if the guest never
# reported a status (the console log then goes to stderr).  --icount SHIFT runs qemu with
# -icount shift=SHIFT: guest time advances 2^SHIFT ns per emulated instruction, so guest
# CPU times count instructions and do not depend on the host's load.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
kernel="" timeout_s=600 mem=256 append_extra="" qemu_extra=()
adds=()
usage() { sed -n '2,15p' "${BASH_SOURCE[0]}" >&2; exit 2; }
while [ $# -gt 0 ]; do
    case $1 in
        --kernel) kernel=$2; shift 2 ;;
        --add) adds+=("$2"); shift 2 ;;
        --timeout) timeout_s=$2; shift 2 ;;
        --mem) mem=$2; shift 2 ;;
        --append) append_extra=$2; shift 2 ;;
        --icount) [[ $2 =~ ^[0-9]+$ ]] || usage; qemu_extra+=(-icount "shift=$2"); shift 2 ;;
        --) shift; break ;;
        *) usage ;;
    esac
done
[ -n "$kernel" ] && [ -f "$kernel" ] && [ $# -gt 0 ] || usage

for p in qemu-system-x86 busybox-static cpio; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" ||
        DEBIAN_FRONTEND=noninteractive timeout 900 apt-get install -y "$p" >&2
done

work=$(mktemp -d /tmp/audit-contid-boot.XXXXXX)
trap 'rm -rf "$work"' EXIT
root=$work/root
mkdir -p "$root"/{bin,sbin,usr/bin,usr/sbin,proc,sys,dev,tmp,etc,root,var/log,run}

# copy HOST to GUEST inside the initramfs, with the shared libraries it needs
add_file() {
    local host=$1 guest=$2 lib
    mkdir -p "$root$(dirname "$guest")"
    cp -L "$host" "$root$guest"
    # ldd lists nothing with a path for static binaries
    while read -r lib; do
        [ -n "$lib" ] && [ ! -e "$root$lib" ] || continue
        mkdir -p "$root$(dirname "$lib")"
        cp -L "$lib" "$root$lib"
    done < <(ldd "$host" 2>/dev/null | grep -o '/[^ ]*' || true)
}

cp /bin/busybox "$root/bin/busybox"
for applet in $("$root/bin/busybox" --list-full); do
    [ -e "$root/$applet" ] || ln -s /bin/busybox "$root/$applet"
done

# isa-debug-exit helper: writes the status to port 0xf4, which makes qemu quit
exitbin=$work/qemu-exit
cat >"$work/qemu-exit.c" <<'EOF'
#include <stdlib.h>
#include <sys/io.h>
int main(int argc, char **argv)
{
	if (ioperm(0xf4, 4, 1))
		return 1;
	outb(argc > 1 ? atoi(argv[1]) : 0, 0xf4);
	return 0;
}
EOF
gcc -static -O2 -o "$exitbin" "$work/qemu-exit.c"
cp "$exitbin" "$root/bin/qemu-exit"

for a in "${adds[@]}"; do
    host=${a%%:*}
    guest=${a#*:}
    [ "$guest" != "$a" ] || guest=/bin/$(basename "$host")
    [ -e "$host" ] || { echo "boot.sh: --add $host: no such file" >&2; exit 2; }
    add_file "$host" "$guest"
done

quote() { local s=$1; printf "'%s'" "${s//\'/\'\\\'\'}"; }
cmdline=""
for arg in "$@"; do cmdline+="$(quote "$arg") "; done

cat >"$root/init" <<EOF
#!/bin/sh
export PATH=/bin:/sbin:/usr/bin:/usr/sbin HOME=/root
mount -t proc proc /proc
mount -t sysfs sys /sys
mount -t devtmpfs dev /dev
mount -t tmpfs tmp /tmp
ip link set lo up 2>/dev/null
stty -F /dev/ttyS1 raw -echo 2>/dev/null
cd /
echo "@@AUDIT-CONTID-START@@" >/dev/ttyS1
$cmdline >/dev/ttyS1 2>&1 </dev/null
rc=\$?
echo "@@AUDIT-CONTID-RC=\$rc@@" >/dev/ttyS1
sync
qemu-exit \$rc
reboot -f
EOF
chmod 755 "$root/init"
mknod "$root/dev/console" c 5 1 2>/dev/null || true
(cd "$root" && find . | cpio -o -H newc --quiet) >"$work/initramfs.cpio"

set +e
timeout "$timeout_s" qemu-system-x86_64 -accel tcg "${qemu_extra[@]}" -m "$mem" -smp 1 -kernel "$kernel" \
    -initrd "$work/initramfs.cpio" -display none -monitor none -no-reboot \
    -append "console=ttyS0 audit=1 panic=-1 reboot=t quiet loglevel=1 $append_extra" \
    -serial "file:$work/console.log" -serial "file:$work/cmd.log" \
    -device isa-debug-exit,iobase=0xf4,iosize=0x04 </dev/null >"$work/qemu.log" 2>&1
qrc=$?
set -e

tr -d '\r' <"$work/cmd.log" >"$work/cmd.txt"
# CMD's output: between the start marker and the status marker
sed -n '/^@@AUDIT-CONTID-START@@$/,$p' "$work/cmd.txt" | sed '1d;/^@@AUDIT-CONTID-RC=[0-9]*@@$/,$d'
rc=$(grep -o '^@@AUDIT-CONTID-RC=[0-9]*@@$' "$work/cmd.txt" | tail -1 | tr -dc 0-9)
if [ -z "$rc" ]; then
    if [ $qrc = 124 ]; then
        echo "boot.sh: time limit of ${timeout_s}s reached" >&2
        rc=124
    else
        rc=125
    fi
    echo "boot.sh: no status from the guest (qemu exit $qrc); console log:" >&2
    tail -n 60 "$work/console.log" >&2 || true
    cat "$work/qemu.log" >&2 || true
fi
exit "$rc"

#!/bin/bash
# End to end: the real Debian auditd writes the log in the guest while contid-test e2e
# registers containers (nested too) and works in them.  Saves the log to
# kernel/recordings/guest-auditd.log and what each container did to
# kernel/recordings/e2e-actions.txt.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
kdir=$(dirname "$here")
cache=${AUDIT_CONTID_KERNEL_CACHE:-/var/cache/audit-contid/kernel}
dest=${1:-$kdir/recordings}

for p in auditd nftables; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" ||
        DEBIAN_FRONTEND=noninteractive timeout 900 apt-get install -y "$p" >&2
done
kernel=$("$kdir/build.sh" | tail -n 1)
make -s -C "$here" OUT="$cache/tests" >&2

work=$(mktemp -d /tmp/audit-contid-e2e.XXXXXX)
trap 'rm -rf "$work"' EXIT
cat >"$work/auditd.conf" <<'CONF'
local_events = yes
write_logs = yes
log_file = /var/log/audit/audit.log
log_group = 0
log_format = RAW
flush = INCREMENTAL_ASYNC
freq = 20
max_log_file = 64
num_logs = 1
priority_boost = 0
name_format = NONE
max_log_file_action = IGNORE
space_left = 2
space_left_action = IGNORE
admin_space_left = 1
admin_space_left_action = IGNORE
disk_full_action = IGNORE
disk_error_action = IGNORE
tcp_listen_queue = 5
tcp_max_per_addr = 1
tcp_client_max_idle = 0
transport = TCP
plugin_dir = /etc/audit/plugins.d
q_depth = 2000
overflow_action = SYSLOG
max_restarts = 10
CONF
cat >"$work/guest.sh" <<'SH'
#!/bin/sh
# runs in the guest: auditd writes the log while contid-test e2e acts
mkdir -p /var/log/audit /etc/audit/plugins.d /var/run /run
auditd -n -c /etc/audit >/tmp/auditd.out 2>&1 &
apid=$!
i=0
while [ $i -lt 50 ] && ! grep -q "^type=DAEMON_START" /var/log/audit/audit.log 2>/dev/null; do
    sleep 0.2; i=$((i + 1))
done
kill -0 $apid 2>/dev/null || { echo "# auditd is not running:"; sed 's/^/# /' /tmp/auditd.out; }
contid-test e2e
sleep 1
kill -TERM $apid
wait $apid
echo "@@AUDIT-LOG-BEGIN@@"
base64 /var/log/audit/audit.log
echo "@@AUDIT-LOG-END@@"
SH
chmod +x "$work/guest.sh"

"$kdir/boot.sh" --kernel "$kernel" --timeout 900 \
    --add "$cache/tests/contid-test" --add "$(command -v nft):/usr/sbin/nft" \
    --add /sbin/auditd:/sbin/auditd --add "$work/auditd.conf:/etc/audit/auditd.conf" \
    --add "$work/guest.sh:/bin/guest.sh" -- /bin/guest.sh >"$work/out.txt" || true
[ -z "${AUDIT_CONTID_E2E_RAW:-}" ] || cp "$work/out.txt" "$AUDIT_CONTID_E2E_RAW"
mkdir -p "$dest"
sed -n '/^@@AUDIT-LOG-BEGIN@@$/,/^@@AUDIT-LOG-END@@$/p' "$work/out.txt" | sed '1d;$d' |
    base64 -d >"$dest/guest-auditd.log"
sed -n '1,/^@@AUDIT-LOG-BEGIN@@$/p' "$work/out.txt" | grep -v '^@@' >"$dest/e2e-actions.txt"
echo "e2e.sh: $(wc -l <"$dest/guest-auditd.log") log lines in $dest/guest-auditd.log" >&2

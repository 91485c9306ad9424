#!/bin/bash
# End to end: the real Debian auditd writes the log in the guest while contid-test e2e
# registers containers (nested too) and works in them.  Saves the log to
# DEST/guest-auditd.log and what each container did to DEST/e2e-actions.txt
# (DEST defaults to kernel/recordings).
#
# Usage: kernel/tests/e2e.sh [--plugin AUDISP_CONTID] [--auditctl-ext AUDITCTL_EXT] [DEST]
# With --auditctl-ext, the guest loads kernel/tests/e2e-rules.rules and the shipped
# rules/containers.rules with it before the scenario, lists them (DEST/rules-list.txt) and
# opens a host marker file after it; e2e_check.sh checks what each contid rule recorded.
# With --plugin, auditd also runs that audisp-contid as its plugin in the guest, with two
# routes: every container to its own file (contid = any, path c-%c.log) and the events
# of no container to unset.log.  A second plugin, a `cat`, saves the string stream that
# auditd hands its plugins as stream.log: it differs from the log (EOE records, and the
# text of CONTAINER_OP, which the log writes as "msg=lost").  All are saved under
# DEST/plugin/.  The plugin also runs the shipped registrations route
# (plugin/contid-routes.d/registrations.conf); its file is saved beside the log as
# DEST/contid-registrations.log, where ausearch-ext and aureport-ext look for it.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
kdir=$(dirname "$here")
root=$(dirname "$kdir")
cache=${AUDIT_CONTID_KERNEL_CACHE:-/var/cache/audit-contid/kernel}
plugin="" auditctl_ext=""
while [ $# -gt 0 ]; do
    case "$1" in
        --plugin) plugin=$2; shift 2 ;;
        --auditctl-ext) auditctl_ext=$2; shift 2 ;;
        *) break ;;
    esac
done
dest=${1:-$kdir/recordings}
[ -z "$plugin" ] || [ -x "$plugin" ] || { echo "e2e.sh: $plugin is not executable" >&2; exit 2; }
[ -z "$auditctl_ext" ] || [ -x "$auditctl_ext" ] ||
    { echo "e2e.sh: $auditctl_ext is not executable" >&2; exit 2; }

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
mkdir -p /var/log/audit /etc/audit/plugins.d /var/run /run/audit /var/log/audit/contid
auditd -n -c /etc/audit >/tmp/auditd.out 2>&1 &
apid=$!
i=0
while [ $i -lt 50 ] && ! grep -q "^type=DAEMON_START" /var/log/audit/audit.log 2>/dev/null; do
    sleep 0.2; i=$((i + 1))
done
kill -0 $apid 2>/dev/null || { echo "# auditd is not running:"; sed 's/^/# /' /tmp/auditd.out; }
if [ -x /sbin/auditctl-ext ]; then
    /sbin/auditctl-ext -R /etc/audit/e2e-rules.rules >/tmp/rules.out 2>&1
    echo "# rules: auditctl-ext -R e2e-rules.rules: exit $?"
    /sbin/auditctl-ext -R /etc/audit/containers.rules >>/tmp/rules.out 2>&1
    echo "# rules: auditctl-ext -R containers.rules: exit $?"
    sed 's/^/# rules: /' /tmp/rules.out
    /sbin/auditctl-ext -l >/tmp/rules.list 2>&1
fi
contid-test e2e
[ -x /sbin/auditctl-ext ] && (echo 4343 >/proc/self/loginuid && : >/tmp/e2e-host-marker)
sleep 1
kill -TERM $apid
wait $apid
# auditd signals its plugin and does not wait for it: let audisp-contid flush and exit
i=0
while [ $i -lt 100 ] && pidof audisp-contid cat >/dev/null 2>&1; do
    sleep 0.1; i=$((i + 1))
done
if pidof audisp-contid cat >/dev/null 2>&1; then
    echo "# plugins still running 10 s after auditd exited:"; ps | sed 's/^/# /'
    for p in $(pidof audisp-contid); do ls -l /proc/$p/fd | sed 's/^/# fd /'; for t in /proc/$p/task/*; do echo "# task $t $(cut -d' ' -f3 $t/stat) $(cat $t/comm)"; done; cat /proc/$p/status | grep -i sig | sed 's/^/# /'; echo "# syscall $(cat /proc/$p/syscall)"; done
fi
[ -f /tmp/auditd.out ] && sed 's/^/# auditd: /' /tmp/auditd.out
echo "@@AUDIT-LOG-BEGIN@@"
base64 /var/log/audit/audit.log
echo "@@AUDIT-LOG-END@@"
if [ -d /var/log/audit/contid ]; then
    echo "@@PLUGIN-BEGIN@@"
    tar -C /var/log/audit/contid -cf - . | base64
    echo "@@PLUGIN-END@@"
fi
if [ -f /tmp/rules.list ]; then
    echo "@@RULES-BEGIN@@"
    cat /tmp/rules.list
    echo "@@RULES-END@@"
fi
if [ -f /var/log/audit/contid-registrations.log ]; then
    echo "@@REGISTRATIONS-BEGIN@@"
    base64 /var/log/audit/contid-registrations.log
    echo "@@REGISTRATIONS-END@@"
fi
SH
chmod +x "$work/guest.sh"

plugin_adds=()
if [ -n "$plugin" ]; then
    mkdir -p "$work/etc"
    cat >"$work/etc/plugin.conf" <<'CONF'
active = yes
direction = out
path = /sbin/audisp-contid
type = always
args = -c /etc/audit/audisp-contid.conf
format = string
CONF
    cat >"$work/etc/audisp-contid.conf" <<'CONF'
routes_dir = /etc/audit/contid-routes.d
state_file = /run/audit/audisp-contid.state
spill_dir = /var/spool/audit/audisp-contid
CONF
    cat >"$work/etc/per-container.conf" <<'CONF'
contid = any
sink = file
path = /var/log/audit/contid/c-%c.log
CONF
    cat >"$work/etc/unset.conf" <<'CONF'
contid = unset
sink = file
path = /var/log/audit/contid/unset.log
CONF
    cat >"$work/etc/tap.conf" <<'CONF'
active = yes
direction = out
path = /sbin/stream-tap
type = always
format = string
CONF
    printf '#!/bin/sh\nexec cat >/var/log/audit/contid/stream.log\n' >"$work/etc/stream-tap"
    chmod 755 "$work/etc/stream-tap"
    plugin_adds=(--add "$plugin:/sbin/audisp-contid"
                 --add "$work/etc/stream-tap:/sbin/stream-tap"
                 --add "$work/etc/tap.conf:/etc/audit/plugins.d/stream-tap.conf"
                 --add "$work/etc/plugin.conf:/etc/audit/plugins.d/audisp-contid.conf"
                 --add "$work/etc/audisp-contid.conf:/etc/audit/audisp-contid.conf"
                 --add "$work/etc/per-container.conf:/etc/audit/contid-routes.d/per-container.conf"
                 --add "$work/etc/unset.conf:/etc/audit/contid-routes.d/unset.conf"
                 --add "$root/plugin/contid-routes.d/registrations.conf:/etc/audit/contid-routes.d/registrations.conf")
fi

rules_adds=()
if [ -n "$auditctl_ext" ]; then
    rules_adds=(--add "$auditctl_ext:/sbin/auditctl-ext" --add /sbin/auditctl:/sbin/auditctl
                --add "$here/e2e-rules.rules:/etc/audit/e2e-rules.rules"
                --add "$root/rules/containers.rules:/etc/audit/containers.rules")
fi

"$kdir/boot.sh" --kernel "$kernel" --timeout 900 --mem 512 \
    --add "$cache/tests/contid-test" --add "$(command -v nft):/usr/sbin/nft" \
    --add /sbin/auditd:/sbin/auditd --add "$work/auditd.conf:/etc/audit/auditd.conf" \
    "${plugin_adds[@]}" "${rules_adds[@]}" \
    --add "$work/guest.sh:/bin/guest.sh" -- /bin/guest.sh >"$work/out.txt" || true
[ -z "${AUDIT_CONTID_E2E_RAW:-}" ] || cp "$work/out.txt" "$AUDIT_CONTID_E2E_RAW"
mkdir -p "$dest"
sed -n '/^@@AUDIT-LOG-BEGIN@@$/,/^@@AUDIT-LOG-END@@$/p' "$work/out.txt" | sed '1d;$d' |
    base64 -d >"$dest/guest-auditd.log"
sed -n '1,/^@@AUDIT-LOG-BEGIN@@$/p' "$work/out.txt" | grep -v '^@@' >"$dest/e2e-actions.txt"
if [ -n "$auditctl_ext" ]; then
    sed -n '/^@@RULES-BEGIN@@$/,/^@@RULES-END@@$/p' "$work/out.txt" | sed '1d;$d' \
        >"$dest/rules-list.txt"
fi
if [ -n "$plugin" ]; then
    rm -rf "$dest/plugin"
    mkdir -p "$dest/plugin"
    sed -n '/^@@PLUGIN-BEGIN@@$/,/^@@PLUGIN-END@@$/p' "$work/out.txt" | sed '1d;$d' |
        base64 -d | tar -C "$dest/plugin" -xf -
    echo "e2e.sh: plugin wrote $(ls "$dest/plugin" | wc -l) files in $dest/plugin" >&2
    # The shipped registrations route's file, beside the log as on a real host.
    sed -n '/^@@REGISTRATIONS-BEGIN@@$/,/^@@REGISTRATIONS-END@@$/p' "$work/out.txt" | sed '1d;$d' |
        base64 -d >"$dest/contid-registrations.log"
fi
echo "e2e.sh: $(wc -l <"$dest/guest-auditd.log") log lines in $dest/guest-auditd.log" >&2

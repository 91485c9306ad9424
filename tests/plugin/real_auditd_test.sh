#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Real auditd: the Debian auditd on this machine's kernel, with a temporary
# config whose plugin_dir holds a .conf pointing at the built audisp-contid.
# A workload generates events; after auditd stops (the plugin gets EOF and
# flushes), the host route (contid = unset) must hold exactly the events
# auditd wrote to its own log, record for record, and the any-container
# route none (this kernel has no container ids). The harness restores the
# audit state (auditctl -D, -e 0, auditd stopped) whatever happens.
#
# usage: real_auditd_test.sh PLUGIN AUDITD_SESSION_SH      (exit 77 = skipped)
set -u
# shellcheck source=SCRIPTDIR/../lib/check.sh
. "$(dirname "$0")/../lib/check.sh"
plugin=$1
session=$2
[ "$(id -u)" = 0 ] || skip_all "needs root"
[ -x "$session" ] || skip_all "$session not found"
work=$(mktemp -d /tmp/plugin-auditd.XXXXXX)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/plugins.d" "$work/routes" "$work/out" "$work/session"

cat > "$work/audisp-contid.conf" <<CONF
routes_dir = $work/routes
state_file = $work/state
attribution = kernel
spill_dir = $work/spill
CONF
cat > "$work/routes/host.conf" <<CONF
contid = unset
sink = file
path = $work/out/host.log
CONF
cat > "$work/routes/containers.conf" <<CONF
contid = any
sink = file
path = $work/out/c-%c.log
CONF
cat > "$work/routes/execs.conf" <<CONF
contid = unset
expression = \\record_type == 1309
format = json
sink = file
path = $work/out/execs.json
CONF
"$plugin" --check -c "$work/audisp-contid.conf" || bail_out "--check refused the test config"
cat > "$work/plugins.d/audisp-contid.conf" <<CONF
active = yes
direction = out
path = $plugin
type = always
args = -c $work/audisp-contid.conf
format = string
CONF
cat > "$work/rules" <<'RULES'
-a always,exit -F arch=b64 -S execve -F key=plugin_exec
-a always,exit -F arch=b64 -S openat -F dir=/etc -F success=0 -F key=plugin_denied
-w /tmp/plugin-auditd-watch -p wa -k plugin_watch
RULES
cat > "$work/workload.sh" <<'WORK'
#!/bin/bash
for i in $(seq 1 40); do /bin/true; done
for i in $(seq 1 10); do cat /etc/nonexistent-$i 2>/dev/null; done
touch /tmp/plugin-auditd-watch; rm -f /tmp/plugin-auditd-watch
auditctl -m "plugin user message"
WORK
chmod +x "$work/workload.sh"

"$session" --out "$work/session" --rules "$work/rules" --plugins "$work/plugins.d" \
  -- "$work/workload.sh"
rc=$?
[ $rc = 77 ] && skip_all "auditd session refused"
[ $rc = 0 ] || bail_out "auditd session exit $rc"

# auditd stopped its plugin (SIGTERM, then EOF) before exiting; the plugin
# flushed every queue before exit 0. Compare with auditd's own log (the
# checks and their summary are the Python program's).
python3 "$(dirname "$0")/real_auditd_check.py" "$work/session/audit.log" "$work/out"

#!/bin/bash
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
plugin=$1
session=$2
[ "$(id -u)" = 0 ] || { echo "SKIP: needs root"; exit 77; }
[ -x "$session" ] || { echo "SKIP: $session not found"; exit 77; }
work=$(mktemp -d /tmp/plugin-auditd.XXXXXX)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/plugins.d" "$work/routes" "$work/out" "$work/session"

cat > "$work/audisp-contid.conf" <<CONF
routes_dir = $work/routes
state_file = $work/state
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
"$plugin" --check -c "$work/audisp-contid.conf" || { echo "FAIL: --check refused the test config"; exit 1; }
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
[ $rc = 77 ] && { echo "SKIP: auditd session refused"; exit 77; }
[ $rc = 0 ] || { echo "FAIL: auditd session exit $rc"; exit 1; }

# auditd stopped its plugin (SIGTERM, then EOF) before exiting; the plugin
# flushed every queue before exit 0. Compare with auditd's own log.
python3 - "$work/session/audit.log" "$work/out" <<'PY'
import json, os, re, sys
log, out = sys.argv[1], sys.argv[2]
key = re.compile(r'^(?:node=\S+ )?type=(\S+) msg=audit\(([\d.]+:\d+)\)')
def events(path):
    ev = {}
    order = []
    for line in open(path, encoding='utf-8', errors='surrogateescape').read().split('\n'):
        m = key.match(line)
        if not m:
            continue
        if m.group(2) not in ev:
            order.append(m.group(2))
        ev.setdefault(m.group(2), []).append(line)
    return order, ev
lorder, lev = events(log)
porder, pev = events(os.path.join(out, 'host.log'))
fail = []
# Every event of auditd's log reaches the plugin (DAEMON_START/END too).
# auditd dispatches EOE records to plugins but does not log them: compare
# the plugin's events without their EOE record.
daemon = [k for k in lorder if all(key.match(l).group(1).startswith('DAEMON_') for l in lev[k])]
# On a kernel with audit container ids (a patched host), events of contained
# tasks go to the containers' route; the host route gets the rest.
CONTAINER_TYPES = ('UNKNOWN[1340]', 'CONTAINER_ID', 'UNKNOWN[1020]', 'CONTAINER_OP')
kernel_has_contid = os.path.exists('/proc/self/audit_containerid')
def contained(k):
    return any(key.match(l).group(1) in CONTAINER_TYPES for l in lev[k])
expected = [k for k in lorder if not (kernel_has_contid and contained(k))]
pev = {k: [l for l in v if key.match(l).group(1) != 'EOE'] for k, v in pev.items()}

# The plugin delivers as auparse does: of the events it holds, the earliest
# stamped first; the log is in arrival order. The kernel may stamp event N+1
# before event N, so the only reorderings allowed are those toward timestamp
# order: two events the plugin gives in the opposite order of the log must
# then be in timestamp order.
def stamp(k):
    t, serial = k.split(':')
    sec, _, ms = t.partition('.')
    return (int(sec), int(ms or 0), int(serial))
def same_events_auparse_order(got, want):
    if sorted(got) != sorted(want) or len(set(got)) != len(got):
        return False
    pos = {k: i for i, k in enumerate(want)}
    return all(stamp(a) < stamp(b) for i, a in enumerate(got) for b in got[i + 1:]
               if pos[a] > pos[b])
if not same_events_auparse_order(porder, expected):
    missing = [k for k in expected if k not in pev]
    extra = [k for k in porder if k not in lev]
    fail.append('host route: %d events, auditd log %d (missing %s, extra %s)' %
                (len(porder), len(expected), missing[:5], extra[:5]))
strip = lambda l: l[:-1] if l.endswith('\x1d') else l
for k in expected:
    if k in pev and [strip(l) for l in pev[k]] != [strip(l) for l in lev[k]]:
        fail.append('event %s differs:\n  %s\n  %s' % (k, pev[k], lev[k]))
        break
if not kernel_has_contid and [n for n in os.listdir(out) if n.startswith('c-')]:
    fail.append('container files written on a kernel without container ids')
execs = [json.loads(l) for l in open(os.path.join(out, 'execs.json'))]
want = [k for k in expected if any(key.match(l).group(1) == 'EXECVE' for l in lev[k])]
got = ['%s:%d' % (e['time'], e['serial']) for e in execs]
if not same_events_auparse_order(got, want) or len(want) < 40:
    fail.append('execs route: %d events, expected %d' % (len(got), len(want)))
for f in fail:
    print('FAIL:', f)
moved = sum(1 for a, b in zip(porder, expected) if a != b)
print('real auditd: %d events in auditd log (%d DAEMON_*), host route %d (%d in another place '
      'than the log, by timestamp), execs route %d' %
      (len(lorder), len(daemon), len(porder), moved, len(got)))
sys.exit(1 if fail else 0)
PY

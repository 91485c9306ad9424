#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""The checks of real_auditd_test.sh, after auditd stopped: the plugin's
routes against auditd's own log.

  - the host route (contid = unset) holds every event of auditd's log
    (DAEMON_START/END too), each with the log's records; on a kernel with
    audit container ids, the events of contained tasks are left to the
    container route;
  - no container route file on a kernel without container ids;
  - the execs route (json, EXECVE events) holds the log's exec events, at
    least the workload's 40.

usage: real_auditd_check.py AUDIT_LOG OUT_DIR"""
import json
import os
import sys

from plugin_test_lib import Checks, read_text, record_type, records_by_key

CONTAINER_TYPES = ('UNKNOWN[1340]', 'CONTAINER_ID', 'UNKNOWN[1020]', 'CONTAINER_OP')


def stamp(key):
    t, serial = key.split(':')
    sec, _, ms = t.partition('.')
    return (int(sec), int(ms or 0), int(serial))


def same_events_auparse_order(got, want):
    """The plugin delivers as auparse does: of the events it holds, the
    earliest stamped first; the log is in arrival order. The kernel may stamp
    event N+1 before event N, so the only reorderings allowed are those
    toward timestamp order: two events the plugin gives in the opposite order
    of the log must then be in timestamp order."""
    if sorted(got) != sorted(want) or len(set(got)) != len(got):
        return False
    pos = {k: i for i, k in enumerate(want)}
    return all(stamp(a) < stamp(b) for i, a in enumerate(got) for b in got[i + 1:]
               if pos[a] > pos[b])


def without_gs(line):
    return line[:-1] if line.endswith('\x1d') else line


def main():
    log, out = sys.argv[1], sys.argv[2]
    checks = Checks()
    log_events = records_by_key(log, strict=False)
    host_events = records_by_key(os.path.join(out, 'host.log'), strict=False)
    log_order, host_order = list(log_events), list(host_events)
    daemon = [k for k in log_order if all(record_type(l).startswith('DAEMON_') for l in log_events[k])]
    kernel_has_contid = os.path.exists('/proc/self/audit_containerid')

    def contained(key):
        return any(record_type(l) in CONTAINER_TYPES for l in log_events[key])
    expected = [k for k in log_order if not (kernel_has_contid and contained(k))]
    # auditd dispatches EOE records to plugins but does not log them: compare
    # the plugin's events without their EOE record.
    host_events = {k: [l for l in v if record_type(l) != 'EOE'] for k, v in host_events.items()}

    missing = [k for k in expected if k not in host_events]
    extra = [k for k in host_order if k not in log_events]
    checks.check(same_events_auparse_order(host_order, expected),
                 'host route: %d events, auditd log %d (missing %s, extra %s)' %
                 (len(host_order), len(expected), missing[:5], extra[:5]))
    differing = [k for k in expected if k in host_events and
                 [without_gs(l) for l in host_events[k]] != [without_gs(l) for l in log_events[k]]]
    checks.check(not differing, 'event %s differs:\n  %s\n  %s' % (
        differing[0], host_events[differing[0]], log_events[differing[0]]) if differing else '')
    checks.check(kernel_has_contid or not [n for n in os.listdir(out) if n.startswith('c-')],
                 'container files written on a kernel without container ids')
    execs = [json.loads(l) for l in read_text(os.path.join(out, 'execs.json')).splitlines()]
    want = [k for k in expected if any(record_type(l) == 'EXECVE' for l in log_events[k])]
    got = ['%s:%d' % (e['time'], e['serial']) for e in execs]
    checks.check(same_events_auparse_order(got, want) and len(want) >= 40,
                 'execs route: %d events, expected %d' % (len(got), len(want)))

    moved = sum(1 for a, b in zip(host_order, expected) if a != b)
    print('real auditd: %d events in auditd log (%d DAEMON_*), host route %d (%d in another place '
          'than the log, by timestamp), execs route %d' %
          (len(log_order), len(daemon), len(host_order), moved, len(got)))
    return checks.finish('real_auditd')


if __name__ == '__main__':
    sys.exit(main())

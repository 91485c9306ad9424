#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""The checks of cgroup_stock_kernel_test.sh, after auditd stopped: the
plugin's routes against auditd's own log and the pids the workload recorded
(WORK/pids/NAME.member, NAME.short; the layout in WORK/containers).

  - each container's route holds exactly the log's events of its processes
    (the member and its short-lived children), each labelled cgroup or
    cgroup-via-parent with the container's runtime id;
  - the podman monitor's events are in the host route (method cgroup, note
    "monitor of podman container ID"), in no container's;
  - the process that exited while the plugin was stopped is unattributed
    (method none, "process gone"), in the host route and no container's;
  - the %n route wrote one file per container, named by its runtime id,
    with the same events.

usage: cgroup_stock_kernel_check.py AUDIT_LOG WORK"""
import json
import os
import re
import sys

from plugin_test_lib import Checks, read_text, records_by_key

PID = re.compile(r' pid=(\d+)')


def pids_of(work, name):
    pids = set()
    for kind in ('member', 'short'):
        path = os.path.join(work, 'pids', '%s.%s' % (name, kind))
        if os.path.exists(path):
            pids.update(int(p) for p in read_text(path).split())
    return pids


def json_events(path):
    """{key: (pid, attribution)} of a json route file."""
    events = {}
    if not os.path.exists(path):
        return events
    for line in read_text(path).splitlines():
        event = json.loads(line)
        key = '%s:%d' % (event['time'], event['serial'])
        pid = None
        for record in event['records']:
            if record['type'] == 'SYSCALL':
                pid = int(record['fields']['pid'])
        events[key] = (pid, event['containers'].get('attribution'))
    return events


def main():
    log, work = sys.argv[1], sys.argv[2]
    out = os.path.join(work, 'out')
    checks = Checks()
    # The log's watched-file events, by the pid of their SYSCALL record.
    by_pid = {}
    for key, lines in records_by_key(log, strict=False).items():
        syscall = [l for l in lines if ' type=SYSCALL ' in ' ' + l and 'key="contid_cgroup"' in l]
        if syscall:
            by_pid.setdefault(int(PID.search(syscall[0]).group(1)), set()).add(key)

    def log_keys(pids):
        return set().union(*(by_pid.get(p, set()) for p in pids)) if pids else set()

    host = json_events(os.path.join(out, 'host.json'))
    routed_anywhere = {}
    layout = [line.split() for line in read_text(os.path.join(work, 'containers')).splitlines()]
    for name, _, runtime_id in layout:
        pids = pids_of(work, name)
        want = log_keys(pids)
        got = json_events(os.path.join(out, name + '.json'))
        for key in got:
            routed_anywhere.setdefault(key, []).append(name)
        checks.check(len(want) >= 8, '%s: %d events in the log, expected 5 + 3' % (name, len(want)))
        checks.check(set(got) == want, '%s: route has %d events, log %d (missing %s, extra %s)'
                     % (name, len(got), len(want), sorted(want - set(got))[:5],
                        sorted(set(got) - want)[:5]))
        bad = [(k, a) for k, (pid, a) in got.items()
               if pid not in pids or not a or a['method'] not in ('cgroup', 'cgroup-via-parent')
               or (a['container'] or {}).get('id') != runtime_id]
        checks.check(not bad, '%s: events with a wrong pid or label: %s' % (name, bad[:3]))
        via_parent = sum(1 for _, a in got.values() if a and a['method'] == 'cgroup-via-parent')
        print('%s: %d events (%d via parent)' % (name, len(got), via_parent))
        by_name = os.path.join(out, 'n-%s.log' % runtime_id)
        checks.check(os.path.exists(by_name), '%s: no %%n file %s' % (name, by_name))
        if os.path.exists(by_name):
            checks.check(set(records_by_key(by_name, strict=False)) == want,
                         '%s: %%n file events differ from the log' % name)

    podman_id = [i for n, _, i in layout if n == 'podman'][0]
    monitor = log_keys(pids_of(work, 'monitor'))
    checks.check(len(monitor) >= 8, 'monitor: %d events in the log' % len(monitor))
    checks.check(monitor <= set(host), 'monitor: %d of %d events not in the host route'
                 % (len(monitor - set(host)), len(monitor)))
    # The monitor's own events are labelled as the monitor's; its children
    # that exited before the lookup are unattributed (a monitor is no
    # container to fall back to).
    as_monitor = ('cgroup', 'monitor of podman container ' + podman_id)
    member = log_keys(pids_of(work, 'monitor') & set(
        int(p) for p in read_text(os.path.join(work, 'pids', 'monitor.member')).split()))
    labels = {k: (host[k][1]['method'], host[k][1]['note']) for k in monitor if k in host}
    checks.check(all(labels.get(k) == as_monitor for k in member),
                 'monitor: its events not labelled as the monitor: %s' % labels)
    checks.check(all(v in (as_monitor, ('none', 'process gone')) for v in labels.values()),
                 'monitor: children labelled %s' % labels)
    checks.check(not any(k in routed_anywhere for k in monitor),
                 'monitor: events in a container route')

    gone = log_keys(pids_of(work, 'gone'))
    checks.check(len(gone) == 1, 'gone: %d events in the log, expected 1' % len(gone))
    checks.check(gone <= set(host), 'gone: its event is not in the host route')
    checks.check(all(host[k][1]['method'] == 'none' and host[k][1]['note'] == 'process gone'
                     for k in gone if k in host), 'gone: not labelled none / process gone: %s'
                 % [host.get(k) for k in gone])
    checks.check(not any(k in routed_anywhere for k in gone),
                 'gone: given to container %s' % [routed_anywhere.get(k) for k in gone])
    return checks.finish('cgroup_stock_kernel')


if __name__ == '__main__':
    sys.exit(main())

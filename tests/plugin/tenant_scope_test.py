#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Tenant isolation: a route with `scope = subject` hands a tenant only the
events whose acting task is in the tenant's container (or one nested in it).

Each sample log (signals: a container's task kills another container's task;
netfilter: packets of shared network namespaces; registration and nested:
the host orchestrator registers containers; user-message: USER records) is
fed to the plugin with, per container id, a socket route with
`scope = subject` (a tenant's collector, connected before the input) and a
file route with the default `scope = anywhere`. The socket must receive
exactly the events whose SUBJECT chain carries the id, each with all of the
log's records, in log order: none of another container's events. The
subject chains are computed here from the raw records (CONTAINER_ID
record=N linked to the SYSCALL or USER record), independently of lib/.
The anywhere routes must still get the events that only name the id as a
target, netns member or registration, so the test shows the difference.

usage: tenant_scope_test.py PLUGIN DATA_DIR"""
import os
import re
import subprocess
import sys
import tempfile
import threading

from fault_test import connect
from plugin_test_lib import Checks, parse_record, parse_summary, read_text, split_events, write_config

SAMPLES = ['signals', 'netfilter', 'registration', 'nested', 'user-message']
CONTAINER_ID_TYPES = ('UNKNOWN[1340]', 'CONTAINER_ID')


def is_user_type(type_name):
    return type_name == 'USER' or type_name.startswith('USER_')


def subject_chain(lines):
    """The acting task's chain ([innermost, parent, ...]) or None."""
    chains, claims = {}, {}
    for line in lines:
        record = parse_record(line)
        type_name, body = record.type, record.body
        number = re.search(r'(?:^| )record=(\d+)', body)
        if type_name in CONTAINER_ID_TYPES and body.startswith('record='):
            contid = re.search(r'contid=(\S+)', body).group(1)
            chains[int(number.group(1))] = [int(i.lstrip('^')) for i in contid.split(',')]
        elif number and body.endswith('record=' + number.group(1)):
            claims[int(number.group(1))] = type_name
    for n, type_name in claims.items():
        if type_name == 'SYSCALL' and n in chains:
            return chains[n]
    if any(is_user_type(parse_record(l).type) for l in lines) and 1 in chains \
            and 1 not in claims:
        return chains[1]
    return None


def sample_ids(sample_dir):
    ids = set()
    for line in read_text(os.path.join(sample_dir, 'expected.txt')).split('\n'):
        m = re.match(r'^--contid (\d+)\t', line)
        if m:
            ids.add(int(m.group(1)))
    return sorted(ids)


def read_to_eof(sock, out, name):
    data = b''
    while True:
        chunk = sock.recv(65536)
        if not chunk:
            break
        data += chunk
    out[name] = data.decode(errors='replace')


def run_sample(plugin, sample_dir, checks, totals):
    label = os.path.basename(sample_dir)
    log = os.path.join(sample_dir, 'audit.raw.log')
    ids = sample_ids(sample_dir)
    events = split_events(read_text(log))
    with tempfile.TemporaryDirectory(prefix='tenant-') as work:
        routes = {}
        for i in ids:
            routes['tenant%d' % i] = {'contid': str(i), 'scope': 'subject', 'sink': 'socket',
                                      'path': os.path.join(work, 't%d.sock' % i)}
            routes['anywhere%d' % i] = {'contid': str(i), 'sink': 'file',
                                        'path': os.path.join(work, 'a%d.log' % i)}
        routes['hostsubject'] = {'contid': 'unset', 'scope': 'subject', 'sink': 'file',
                                 'path': os.path.join(work, 'host.log')}
        config = write_config(work, routes)
        proc = subprocess.Popen([plugin, '-c', config], stdin=subprocess.PIPE,
                                stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        received, readers = {}, []
        for i in ids:
            sock = connect(os.path.join(work, 't%d.sock' % i))
            t = threading.Thread(target=read_to_eof, args=(sock, received, i), daemon=True)
            t.start()
            readers.append((t, sock))
        _, stderr = proc.communicate(read_text(log).encode(errors='surrogateescape'),
                                     timeout=60)
        for t, sock in readers:
            t.join(timeout=30)
            sock.close()
        stderr = stderr.decode(errors='replace')
        if not checks.check(proc.returncode == 0, '%s: plugin exit %d: %s' % (
                label, proc.returncode, stderr)):
            return
        _, counters = parse_summary(stderr)
        log_lines = dict(events)
        for i in ids:
            want = [k for k, lines in events if i in (subject_chain(lines) or [])]
            got_events = [(k, lines) for k, lines in split_events(received.get(i, ''))]
            got = [k for k, _ in got_events]
            checks.check(got == want, '%s: tenant %d socket got %s, expected %s' % (
                label, i, got, want))
            for k, lines in got_events:
                body = [l for l in lines if not l.startswith('type=EOE ')]
                checks.check(body == log_lines.get(k), '%s: tenant %d event %s records differ' % (
                    label, i, k))
            c = counters.get('tenant%d' % i, {})
            checks.check(c.get('in') == c.get('delivered') == len(want) and c.get('lost') == 0,
                         '%s: tenant %d counters %s, expected in=delivered=%d lost=0' % (
                             label, i, c, len(want)))
            anywhere = [k for k, _ in split_events(read_text(os.path.join(work, 'a%d.log' % i)))] \
                if os.path.exists(os.path.join(work, 'a%d.log' % i)) else []
            checks.check(set(want) <= set(anywhere), '%s: %d: subject events %s not all in the '
                         'anywhere route %s' % (label, i, want, anywhere))
            totals['subject'] += len(want)
            totals['anywhere_only'] += len(set(anywhere) - set(want))
        host_want = [k for k, lines in events if subject_chain(lines) is None]
        host_path = os.path.join(work, 'host.log')
        host_got = [k for k, _ in split_events(read_text(host_path))] \
            if os.path.exists(host_path) else []
        checks.check(host_got == host_want, '%s: subject-scoped unset route got %s, expected %s'
                     % (label, host_got, host_want))


def main():
    plugin, data = sys.argv[1], sys.argv[2]
    checks = Checks()
    totals = {'subject': 0, 'anywhere_only': 0}
    for sample in SAMPLES:
        run_sample(plugin, os.path.join(data, sample), checks, totals)
    # The samples must exercise the difference, or the test proves nothing.
    checks.check(totals['anywhere_only'] > 0,
                 'no event reached an anywhere route without its subject being the container')
    print('tenant_scope: %d events delivered to tenants by subject; %d more reached the '
          'anywhere routes only (targets, netns members, registrations)' % (
              totals['subject'], totals['anywhere_only']))
    return checks.finish('tenant_scope')


if __name__ == '__main__':
    sys.exit(main())

# SPDX-License-Identifier: GPL-2.0-or-later
"""Helpers shared by the audisp-contid tests: configs and the plugin's exit
summary. The tests take the audit log helpers (tests/lib/auditlog.py) and
Checks (tests/lib/check.py) from here too: importing this module puts
tests/lib on the module path."""
import os
import re
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), os.pardir, 'lib'))

from auditlog import (event_key, parse_record, read_text, record_type, records_by_key,  # noqa: E402
                      split_events)
from check import Checks  # noqa: E402

__all__ = ['Checks', 'event_key', 'parse_record', 'parse_summary', 'read_text', 'record_type',
           'records_by_key', 'split_events', 'write_config']


def write_config(workdir, routes, **global_keys):
    """routes: {name: {key: value}}. Returns the config path."""
    routes_dir = os.path.join(workdir, 'routes')
    os.makedirs(routes_dir, exist_ok=True)
    # attribution = kernel: replayed logs name pids of another machine; the
    # cgroup method (tested in cgroup_stock_kernel_test.sh) would look them
    # up on this one.
    keys = {'routes_dir': routes_dir,
            'state_file': os.path.join(workdir, 'state'),
            'spill_dir': os.path.join(workdir, 'spill')}
    keys.update(global_keys)
    keys.setdefault('attribution', 'kernel')  # last: tests name the lines before it
    config = os.path.join(workdir, 'audisp-contid.conf')
    with open(config, 'w') as f:
        for k, v in keys.items():
            f.write('%s = %s\n' % (k, v))
    for name in os.listdir(routes_dir):
        os.unlink(os.path.join(routes_dir, name))
    for name, route in routes.items():
        with open(os.path.join(routes_dir, name + '.conf'), 'w') as f:
            for k, v in route.items():
                f.write('%s = %s\n' % (k, v))
    return config


def parse_summary(stderr):
    """The plugin's exit summary -> ({input counters}, {route: {counter}})."""
    totals, routes = {}, {}
    for line in stderr.splitlines():
        if line.startswith('input: '):
            totals = dict(item.split('=') for item in line[len('input: '):].split())
        m = re.match(r'^route (\S+): (.*)$', line)
        if m:
            routes[m.group(1)] = {k: int(v) for k, v in
                                  (item.split('=') for item in m.group(2).split())}
    totals = {k: int(v) for k, v in totals.items()}
    return totals, routes

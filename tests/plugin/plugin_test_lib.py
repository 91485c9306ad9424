"""Helpers shared by the audisp-contid tests: configs, running the plugin,
reading event files back."""
import os
import re
import subprocess
import tempfile

KEY = re.compile(r'^(?:node=(\S+) )?type=\S+ msg=audit\((\d+\.\d+):(\d+)\)')


def event_key(line):
    m = KEY.match(line)
    if not m:
        raise ValueError('not an audit record: %r' % line[:120])
    node, stamp, serial = m.groups()
    return ('%s/' % node if node else '') + '%s:%s' % (stamp, serial)


def split_events(text):
    """Raw event text -> list of (key, [lines]) in order; consecutive lines
    with one key are one event."""
    events = []
    for line in text.split('\n'):
        if not line:
            continue
        key = event_key(line)
        if events and events[-1][0] == key:
            events[-1][1].append(line)
        else:
            events.append((key, [line]))
    return events


def log_records_by_key(path):
    by_key = {}
    with open(path, encoding='utf-8', errors='surrogateescape') as f:
        for line in f.read().split('\n'):
            if line:
                by_key.setdefault(event_key(line), []).append(line)
    return by_key


def write_config(workdir, routes, **global_keys):
    """routes: {name: {key: value}}. Returns the config path."""
    routes_dir = os.path.join(workdir, 'routes')
    os.makedirs(routes_dir, exist_ok=True)
    keys = {'routes_dir': routes_dir,
            'state_file': os.path.join(workdir, 'state'),
            'spill_dir': os.path.join(workdir, 'spill')}
    keys.update(global_keys)
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


def read_text(path):
    with open(path, encoding='utf-8', errors='surrogateescape') as f:
        return f.read()


class Failures:
    def __init__(self):
        self.items = []

    def check(self, condition, message):
        if not condition:
            self.items.append(message)
        return condition

    def finish(self, name):
        if self.items:
            for item in self.items[:50]:
                print('FAIL:', item)
            print('%s: %d failures' % (name, len(self.items)))
            return 1
        print('%s: ok' % name)
        return 0

#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""SIGHUP changes record_numbers and eoe_timeout without a restart. The
plugin replaces its reader once no event is open: an event open at the
reload is still assembled under the old settings, every later one under the
new, and no record is lost or routed twice.

usage: reload_test.py PLUGIN

Phase A (1020,1340, eoe_timeout 2), an event X left open, SIGHUP to the v9
numbers (1020,1336) and eoe_timeout 100, X completed, phase B whose
CONTAINER_ID records are 1336, an event Y whose records are 5 s of stream
time apart (split under eoe_timeout 2, whole under 100), then a second
reload back to the defaults while nothing is open (in effect at once) and
phase C with 1340 again. Each route's file must be exactly its events."""
import os
import signal
import sys
import tempfile
import threading

from fault_test import Plugin, connect, events, keys_for, read_until, check_sequence, file_keys
from plugin_test_lib import Checks, split_events, read_text, write_config


class LoggedPlugin(Plugin):
    """Plugin whose standard error is read line by line, so the test can
    wait for a log message (the plugin's pipe, no sleeping)."""

    def __init__(self, plugin, config):
        self.lines = []
        self.done = False
        self.cond = threading.Condition()
        super().__init__(plugin, config)

    def _read_err(self):
        for raw in self.proc.stderr:
            with self.cond:
                self.lines.append(raw.decode(errors='replace'))
                self.cond.notify_all()
        with self.cond:
            self.stderr = ''.join(self.lines)
            self.done = True
            self.cond.notify_all()

    def wait_log(self, text, count=1, timeout=60):
        def seen():
            return sum(text in line for line in self.lines)
        with self.cond:
            self.cond.wait_for(lambda: seen() >= count or self.done, timeout)
            return seen() >= count


def record_lines(key, contid, number, with_path):
    """An event as separate parts: (opening lines, closing lines)."""
    msg = 'msg=audit(%s): ' % key
    opening = ['type=SYSCALL %sarch=c000003e syscall=59 success=yes exit=0 a0=1 a1=2 a2=3 a3=4 items=1 '
               'ppid=1 pid=77 auid=1000 uid=0 gid=0 euid=0 suid=0 fsuid=0 egid=0 sgid=0 fsgid=0 tty=(none) '
               'ses=1 comm="sh" exe="/bin/sh" key="x"%s' % (msg, ' record=1' if contid else '')]
    if contid:
        opening.append('type=UNKNOWN[%d] %srecord=1 contid=%d' % (number, msg, contid))
    closing = (['type=PATH %sitem=0 name="/bin/sh" inode=1 dev=00:01 mode=0100755' % msg] if with_path else []) + \
        ['type=EOE %s' % msg.rstrip()]
    return opening, closing


def text(lines):
    return ''.join(line + '\n' for line in lines)


def as_1336(evs):
    return [(k, c, t.replace('type=UNKNOWN[1340]', 'type=UNKNOWN[1336]')) for k, c, t in evs]


def main():
    plugin = sys.argv[1]
    checks = Checks()
    with tempfile.TemporaryDirectory(prefix='reload-records-') as work:
        sock = os.path.join(work, 'probe.sock')
        routes = {
            'c44': {'contid': '44', 'sink': 'file', 'path': os.path.join(work, 'c44.log')},
            'host': {'contid': 'unset', 'sink': 'file', 'path': os.path.join(work, 'host.log')},
            'probe': {'contid': 'unset', 'sink': 'socket', 'path': sock},
        }
        config = write_config(work, routes, record_numbers='1020,1340', eoe_timeout='2')
        p = LoggedPlugin(plugin, config)
        probe = connect(sock)
        fed_lines = 0

        def feed(data):
            nonlocal fed_lines
            fed_lines += data.count('\n')
            p.proc.stdin.write(data.encode())
            p.proc.stdin.flush()

        # Phase A, X left open (its timestamp is later than H's, so H, complete,
        # is delivered and tells us through the probe that all was read).
        phase_a = events(1000)
        x_key, h_key = '1800000050.000:900001', '1800000040.000:900002'
        x_open, x_close = record_lines(x_key, 44, 1340, True)
        h_open, h_close = record_lines(h_key, None, 0, False)
        feed(''.join(t for _, _, t in phase_a) + text(x_open) + text(h_open + h_close))
        read_until(probe, h_key)
        write_config(work, routes, record_numbers='1020,1336', eoe_timeout='100')
        p.proc.send_signal(signal.SIGHUP)
        checks.check(p.wait_log('wait for 1 open event'), 'the reload did not wait for X: %s' % p.lines[-5:])

        # X completes under the old numbers; the new reader starts after it.
        feed(text(x_close))
        swap_line = fed_lines + 1
        checks.check(p.wait_log('in effect from input line %d' % swap_line),
                     'new settings not in effect from line %d: %s' % (swap_line, p.lines[-5:]))

        # Phase B: CONTAINER_ID is 1336 now. Y's PATH comes after a record 5 s
        # later in stream time: eoe_timeout 100 keeps Y open for it.
        phase_b = as_1336(events(1000, first=100000))
        y_key, z_key, m_key = '1800000200.000:900003', '1800000205.000:900004', '1800000206.000:900005'
        y_open, y_close = record_lines(y_key, 44, 1336, True)
        z_open, z_close = record_lines(z_key, None, 0, False)
        m_open, m_close = record_lines(m_key, None, 0, False)
        feed(''.join(t for _, _, t in phase_b) + text(y_open + z_open + z_close + y_close + m_open + m_close))
        read_until(probe, m_key)

        # Back to the defaults while no event is open: in effect at once.
        write_config(work, routes, record_numbers='1020,1340', eoe_timeout='2')
        p.proc.send_signal(signal.SIGHUP)
        checks.check(p.wait_log('in effect from input line %d' % (fed_lines + 1)),
                     'second reload not in effect at once: %s' % p.lines[-5:])
        phase_c = events(1000, first=200000)
        feed(''.join(t for _, _, t in phase_c))
        rc = p.finish()
        probe.close()

        checks.check(rc == 0, 'exit %d %s' % (rc, p.stderr[-2000:]))
        c44_expected = keys_for(phase_a, {44}) + [x_key] + keys_for(phase_b, {44}) + [y_key] + keys_for(phase_c, {44})
        host_expected = keys_for(phase_a, {None}) + [h_key] + keys_for(phase_b, {None}) + [z_key, m_key] + \
            keys_for(phase_c, {None})
        c44_text = read_text(os.path.join(work, 'c44.log'))
        check_sequence(checks, 'c44', file_keys(os.path.join(work, 'c44.log')), c44_expected)
        check_sequence(checks, 'host', file_keys(os.path.join(work, 'host.log')), host_expected)
        whole = dict(split_events(c44_text))
        checks.check(len(whole.get(x_key, [])) == 4, 'X not whole: %s' % whole.get(x_key))
        checks.check(len(whole.get(y_key, [])) == 4, 'Y not whole (eoe_timeout 100 not used): %s' % whole.get(y_key))
        checks.check(p.stderr.count('in effect from input line') == 2, 'settings replaced %d times' %
                     p.stderr.count('in effect from input line'))
        checks.check('keep their values until restart' not in p.stderr, 'reload still refuses the change')
        _, counters = p.summary()
        for name, expected in (('c44', c44_expected), ('host', host_expected)):
            c = counters.get(name, {})
            checks.check(c.get('lost') == 0 and c.get('dropped_oldest') == 0 and
                         c.get('in') == c.get('delivered') == len(expected),
                         '%s: counters %s, expected %d' % (name, c, len(expected)))
        print('reload_records: c44 in=%s delivered=%s (expected %d), host in=%s delivered=%s (expected %d)' % (
            counters.get('c44', {}).get('in'), counters.get('c44', {}).get('delivered'), len(c44_expected),
            counters.get('host', {}).get('in'), counters.get('host', {}).get('delivered'), len(host_expected)))
    return checks.finish('reload_test')


if __name__ == '__main__':
    sys.exit(main())

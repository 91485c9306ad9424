#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""--check: the shipped route examples validate; broken configs are
refused with every error located (file:line: key '...') and counted, and
the plugin itself refuses to run on them.

usage: check_test.py PLUGIN RULES_DIR"""
import os
import subprocess
import sys
import tempfile

from plugin_test_lib import Checks, write_config


def main():
    plugin, rules = sys.argv[1], sys.argv[2]
    checks = Checks()
    with tempfile.TemporaryDirectory(prefix='check-') as work:
        config = os.path.join(work, 'ok.conf')
        with open(config, 'w') as f:
            f.write('routes_dir = %s\nstate_file = %s/state\n' %
                    (os.path.join(rules, 'contid-routes.d'), work))
        result = subprocess.run([plugin, '--check', '-c', config], capture_output=True, text=True)
        examples = [n for n in os.listdir(os.path.join(rules, 'contid-routes.d'))
                    if n.endswith('.conf')]
        checks.check(result.returncode == 0, 'examples refused: %s' % result.stderr)
        checks.check('ok, %d routes' % len(examples) in result.stdout,
                     'examples: expected %d routes in %r' % (len(examples), result.stdout))
        for name in examples:
            checks.check('  %s: ' % name[:-5] in result.stdout, 'route %s not listed' % name)

        bad = write_config(work, {
            'web': {'contid': '12,abc', 'sink': 'file', 'path': '/tmp/x/%c.log',
                    'max_file_size': 'big'},
            'tenant': {'contid': '7', 'sink': 'socket', 'path': '/run/t.sock',
                       'allow_uid': 'no-such-user-xyz', 'flush': 'sync'},
        }, q_depth='0')
        result = subprocess.run([plugin, '--check', '-c', bad], capture_output=True, text=True)
        checks.check(result.returncode == 1, '--check on a bad config: exit %d' % result.returncode)
        routes = os.path.join(work, 'routes')
        for expected in [
                bad + ":4: key 'q_depth': expected a number from 1",
                os.path.join(routes, 'web.conf') + ":1: key 'contid': 'abc' is not a container id",
                os.path.join(routes, 'web.conf') + ":4: key 'max_file_size': expected a number",
                os.path.join(routes, 'tenant.conf') + ":4: key 'allow_uid': unknown user 'no-such-user-xyz'",
                os.path.join(routes, 'tenant.conf') + ":5: key 'flush': not valid for sink = socket",
                '5 errors in 3 files']:
            checks.check(expected in result.stderr, 'missing %r in:\n%s' % (expected, result.stderr))

        with open(os.devnull, 'rb') as stdin:
            run = subprocess.run([plugin, '-c', bad], stdin=stdin, capture_output=True, text=True,
                                 timeout=30)
        checks.check(run.returncode == 1 and "key 'contid'" in run.stderr,
                     'plugin ran on a bad config: exit %d %s' % (run.returncode, run.stderr))
        usage = subprocess.run([plugin, '--frobnicate'], capture_output=True, text=True)
        checks.check(usage.returncode == 2 and 'usage:' in usage.stderr, 'unknown option accepted')
        missing = subprocess.run([plugin, '--check', '-c', os.path.join(work, 'absent.conf')],
                                 capture_output=True, text=True)
        checks.check(missing.returncode == 1 and 'absent.conf: cannot read' in missing.stderr,
                     'missing config: %r' % missing.stderr)
        check_writable(plugin, work, checks)
    return checks.finish('check_test')


def check_writable(plugin, work, checks):
    """--check refuses file routes whose directory cannot be written (or
    created: the sink creates missing directories), a symbolic link at a
    file route's path, and spill routes whose spill_dir cannot be written;
    a missing directory that can be created is fine."""
    area = os.path.join(work, 'w')
    os.makedirs(area)
    plain = os.path.join(area, 'plain')
    open(plain, 'w').close()
    os.symlink(plain, os.path.join(area, 'link.log'))
    mnt = os.path.join(area, 'ro')
    routes = {
        'fine': {'contid': 'any', 'sink': 'file', 'path': os.path.join(area, 'new', 'dir', '%c.log'),
                 'overflow': 'spill', 'spill_dir': os.path.join(area, 'spool')},
        'enotdir': {'contid': 'any', 'sink': 'file', 'path': os.path.join(plain, 'x.log')},
        'link': {'contid': 'any', 'sink': 'file', 'path': os.path.join(area, 'link.log')},
        'spill': {'contid': 'any', 'sink': 'syslog', 'overflow': 'spill',
                  'spill_dir': os.path.join(plain, 'spool')},
    }
    root = os.geteuid() == 0
    if root:
        routes['ro'] = {'contid': 'any', 'sink': 'file', 'path': os.path.join(mnt, 'sub', 'x.log')}
        os.makedirs(mnt)
        subprocess.run(['mount', '-t', 'tmpfs', '-o', 'ro,size=64k', 'tmpfs', mnt], check=True)
    try:
        config = write_config(area, routes)
        result = subprocess.run([plugin, '--check', '-c', config], capture_output=True, text=True)
    finally:
        if root:
            subprocess.run(['umount', '-l', mnt])
    r = os.path.join(area, 'routes')
    expected = [
        os.path.join(r, 'enotdir.conf') + ":3: key 'path': cannot write files: %s is not a directory" % plain,
        os.path.join(r, 'link.conf') + ":3: key 'path': %s is a symbolic link (refused)"
        % os.path.join(area, 'link.log'),
        os.path.join(r, 'spill.conf') + ":4: key 'spill_dir': cannot spill route spill: %s is not a directory"
        % plain,
        '%d errors in %d files' % (4 if root else 3, 4 if root else 3)]
    if root:
        expected.append(os.path.join(r, 'ro.conf') + ":3: key 'path': cannot write files: %s does not exist "
                        "and cannot be created in %s: Read-only file system" % (os.path.join(mnt, 'sub'), mnt))
    checks.check(result.returncode == 1, '--check on unwritable targets: exit %d' % result.returncode)
    for line in expected:
        checks.check(line in result.stderr, 'missing %r in:\n%s' % (line, result.stderr))
    checks.check('fine.conf' not in result.stderr, 'a creatable directory refused:\n' + result.stderr)


if __name__ == '__main__':
    sys.exit(main())

#!/usr/bin/env python3
"""--check: the shipped route examples validate; broken configs are
refused with every error located (file:line: key '...') and counted, and
the plugin itself refuses to run on them.

usage: check_test.py PLUGIN RULES_DIR"""
import os
import subprocess
import sys
import tempfile

from plugin_test_lib import Failures, write_config


def main():
    plugin, rules = sys.argv[1], sys.argv[2]
    failures = Failures()
    with tempfile.TemporaryDirectory(prefix='check-') as work:
        config = os.path.join(work, 'ok.conf')
        with open(config, 'w') as f:
            f.write('routes_dir = %s\nstate_file = %s/state\n' %
                    (os.path.join(rules, 'contid-routes.d'), work))
        result = subprocess.run([plugin, '--check', '-c', config], capture_output=True, text=True)
        examples = [n for n in os.listdir(os.path.join(rules, 'contid-routes.d'))
                    if n.endswith('.conf')]
        failures.check(result.returncode == 0, 'examples refused: %s' % result.stderr)
        failures.check('ok, %d routes' % len(examples) in result.stdout,
                       'examples: expected %d routes in %r' % (len(examples), result.stdout))
        for name in examples:
            failures.check('  %s: ' % name[:-5] in result.stdout, 'route %s not listed' % name)

        bad = write_config(work, {
            'web': {'contid': '12,abc', 'sink': 'file', 'path': '/tmp/x/%c.log',
                    'max_file_size': 'big'},
            'tenant': {'contid': '7', 'sink': 'socket', 'path': '/run/t.sock',
                       'allow_uid': 'no-such-user-xyz', 'flush': 'sync'},
        }, q_depth='0')
        result = subprocess.run([plugin, '--check', '-c', bad], capture_output=True, text=True)
        failures.check(result.returncode == 1, '--check on a bad config: exit %d' % result.returncode)
        routes = os.path.join(work, 'routes')
        for expected in [
                bad + ":4: key 'q_depth': expected a number from 1",
                os.path.join(routes, 'web.conf') + ":1: key 'contid': 'abc' is not a container id",
                os.path.join(routes, 'web.conf') + ":4: key 'max_file_size': expected a number",
                os.path.join(routes, 'tenant.conf') + ":4: key 'allow_uid': unknown user 'no-such-user-xyz'",
                os.path.join(routes, 'tenant.conf') + ":5: key 'flush': not valid for sink = socket",
                '5 errors in 3 files']:
            failures.check(expected in result.stderr, 'missing %r in:\n%s' % (expected, result.stderr))

        with open(os.devnull, 'rb') as stdin:
            run = subprocess.run([plugin, '-c', bad], stdin=stdin, capture_output=True, text=True,
                                 timeout=30)
        failures.check(run.returncode == 1 and "key 'contid'" in run.stderr,
                       'plugin ran on a bad config: exit %d %s' % (run.returncode, run.stderr))
        usage = subprocess.run([plugin, '--frobnicate'], capture_output=True, text=True)
        failures.check(usage.returncode == 2 and 'usage:' in usage.stderr, 'unknown option accepted')
        missing = subprocess.run([plugin, '--check', '-c', os.path.join(work, 'absent.conf')],
                                 capture_output=True, text=True)
        failures.check(missing.returncode == 1 and 'absent.conf: cannot read' in missing.stderr,
                       'missing config: %r' % missing.stderr)
    return failures.finish('check_test')


if __name__ == '__main__':
    sys.exit(main())

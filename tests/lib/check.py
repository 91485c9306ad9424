# SPDX-License-Identifier: GPL-2.0-or-later
"""The Python tests' assertions: the counterpart of check.sh.

    from check import Checks
    checks = Checks()
    checks.check(got == want, 'route x: got %s, expected %s' % (got, want))
    ...
    sys.exit(checks.finish('replay_test'))

A failed check does not stop the test: every assertion runs, and the end
lists what failed."""


class Checks:
    """A test's assertions. check() counts each one and keeps the message of
    each that fails; finish() prints the failures (the first 50) and a
    closing "NAME: N passed, M failed" line, and returns the exit status
    (0 or 1). The counts are of assertions, which may be many per event."""

    SHOWN = 50

    def __init__(self):
        self.passed = 0
        self.failed = []

    def check(self, condition, message):
        if condition:
            self.passed += 1
        else:
            self.failed.append(message)
        return condition

    def finish(self, name):
        for message in self.failed[:self.SHOWN]:
            print('FAIL:', message)
        if len(self.failed) > self.SHOWN:
            print('(%d more failures not shown)' % (len(self.failed) - self.SHOWN))
        print('%s: %d passed, %d failed' % (name, self.passed, len(self.failed)))
        return 1 if self.failed else 0

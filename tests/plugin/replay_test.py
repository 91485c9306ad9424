#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Replay: every sample log (RAW, ENRICHED and node= variants) through
audisp-contid on stdin. For every selector in the sample's expected.txt a
route writes a file; the file must hold exactly the expected events, each
with exactly the log's records, in log order. A `contid = any` route with
the %c template must write each container's events to that container's
file. When ausearch-ext is given, each file must also equal byte for byte
`ausearch-ext --contid ID [--contid-exact] --raw -if LOG`.

usage: replay_test.py PLUGIN DATA_DIR [AUSEARCH_EXT]"""
import os
import subprocess
import sys
import tempfile

from plugin_test_lib import (Checks, records_by_key, parse_summary, read_text,
                             split_events, write_config)


def selectors(expected_path):
    out = []
    for line in read_text(expected_path).split('\n'):
        if not line or line.startswith('#'):
            continue
        args, _, keys = line.partition('\t')
        words = args.split()
        if words[0] != '--contid' or len(words) > 3:
            continue
        exact = '--contid-exact' in words[2:]
        if len(words) == 3 and not exact:
            continue
        out.append((words[1], exact, keys.split(), args))
    return out


def run_sample(plugin, sample_dir, log_name, ausearch, checks):
    log = os.path.join(sample_dir, log_name)
    expected_path = os.path.join(sample_dir, 'expected.txt')
    if not os.path.exists(log) or not os.path.exists(expected_path):
        return
    label = '%s/%s' % (os.path.basename(sample_dir), log_name)
    cases = selectors(expected_path)
    with tempfile.TemporaryDirectory(prefix='replay-') as work:
        out = os.path.join(work, 'out')
        routes = {}
        for i, (contid, exact, _, _) in enumerate(cases):
            routes['sel%d' % i] = {'contid': contid, 'nested': 'no' if exact else 'yes',
                                   'sink': 'file', 'path': os.path.join(out, '%r.log')}
        routes['percontainer'] = {'contid': 'any', 'sink': 'file',
                                  'path': os.path.join(out, 'c-%c.log')}
        config = write_config(work, routes)
        with open(log, 'rb') as stdin:
            result = subprocess.run([plugin, '-c', config], stdin=stdin, capture_output=True,
                                    text=True, timeout=60)
        if not checks.check(result.returncode == 0,
                            '%s: plugin exit %d: %s' % (label, result.returncode, result.stderr)):
            return
        totals, route_totals = parse_summary(result.stderr)
        records = records_by_key(log)
        named = {}
        for i, (contid, exact, keys, args) in enumerate(cases):
            path = os.path.join(out, 'sel%d.log' % i)
            text = read_text(path) if os.path.exists(path) else ''
            events = split_events(text)
            got = [key for key, _ in events]
            checks.check(got == keys, '%s: %s: got %s, expected %s' % (label, args, got, keys))
            for key, lines in events:
                # ausearch --raw (and so the raw format) ends a record without an
                # ENRICHED part with 0x1d when another record of its event has one.
                log_lines = records.get(key) or []
                lines = [l[:-1] if l.endswith('\x1d') and not o.endswith('\x1d') else l
                         for l, o in zip(lines, log_lines + [''] * len(lines))]
                checks.check(lines == log_lines,
                             '%s: %s: event %s differs from the log' % (label, args, key))
            counts = route_totals.get('sel%d' % i, {})
            # A record arriving after its event was delivered is delivered as
            # one more event with the same key (lib/ never merges), so the
            # route may count more events than distinct keys.
            checks.check(counts.get('in') == counts.get('delivered')
                         and counts.get('in', 0) >= len(keys)
                         and counts.get('lost') == 0 and counts.get('dropped_oldest') == 0,
                         '%s: %s: counters %s' % (label, args, counts))
            if not exact and contid.isdigit():
                named[contid] = keys
            if ausearch:
                argv = [ausearch, '--contid', contid] + (['--contid-exact'] if exact else []) + \
                       ['--raw', '-if', log]
                reference = subprocess.run(argv, capture_output=True, text=True,
                                           errors='surrogateescape')
                checks.check(reference.stdout == text,
                             '%s: %s: differs from %s' % (label, args, ' '.join(argv)))
        for contid, keys in named.items():
            path = os.path.join(out, 'c-%s.log' % contid)
            got = [key for key, _ in split_events(read_text(path))] if os.path.exists(path) else []
            checks.check(got == keys, '%s: c-%s.log: got %s, expected %s' % (label, contid, got, keys))
        checks.check(totals.get('input_problems') == 0,
                     '%s: input problems reported: %s' % (label, result.stderr))


def main():
    plugin, data = sys.argv[1], sys.argv[2]
    ausearch = sys.argv[3] if len(sys.argv) > 3 and os.path.exists(sys.argv[3]) else None
    checks = Checks()
    samples = sorted(d for d in os.listdir(data) if os.path.isdir(os.path.join(data, d)))
    ran = 0
    for sample in samples:
        for log_name in ('audit.log', 'audit.raw.log', 'audit.named.log'):
            if os.path.exists(os.path.join(data, sample, log_name)) and \
               os.path.exists(os.path.join(data, sample, 'expected.txt')):
                run_sample(plugin, os.path.join(data, sample), log_name, ausearch, checks)
                ran += 1
    checks.check(ran >= 3, 'only %d sample logs found in %s' % (ran, data))
    print('replayed %d logs%s' % (ran, ', compared with ausearch-ext' if ausearch else ''))
    return checks.finish('replay_test')


if __name__ == '__main__':
    sys.exit(main())

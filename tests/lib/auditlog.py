#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Audit log text for the tests: the one parser of a record's event key.

A record is a line `[node=NAME ]type=TYPE msg=audit(SEC.MS:SERIAL): BODY`.
Its event key is "SEC.MS:SERIAL", or "NAME/SEC.MS:SERIAL" when the line has
a node= prefix: the records of one event share the key.

As a module (the Python tests put tests/lib on sys.path):
    parse_record(line)   -> Record(node, type, key, body) or None
    event_key(line)      -> the key (ValueError for a line that is no record)
    split_events(text)   -> [(key, [lines])], consecutive records of one key
    records_by_key(path) -> {key: [lines]} of a log file, in file order
    record_type(line)    -> the record's type name
    read_text(path)      -> a file's text (undecodable bytes kept, surrogateescape)

As a command, for the shell tests:
    auditlog.py keys [--with-filename] [FILE...]
prints the event key of every record of the FILEs (or standard input, also
for "-"), each key once, in the order of first appearance. Lines that are
not records (ausearch's "----" and "time->" lines, blank lines) are passed
over. Sort the output (sort -u) to compare sets of events. With
--with-filename, the keys of each FILE are listed apart, each line
"FILE<TAB>KEY": one run for many outputs (Python's start-up is the cost of
a call)."""
import re
import sys
from typing import NamedTuple, Optional

_RECORD = re.compile(r'^(?:node=(\S+) )?type=(\S+) msg=audit\((\d+\.\d+):(\d+)\):? ?(.*)$')


class Record(NamedTuple):
    node: Optional[str]
    type: str
    key: str
    body: str


def parse_record(line):
    """The parts of a record line, or None when the line is not a record."""
    m = _RECORD.match(line)
    if not m:
        return None
    node, type_name, stamp, serial, body = m.groups()
    key = ('%s/' % node if node else '') + '%s:%s' % (stamp, serial)
    return Record(node, type_name, key, body)


def event_key(line):
    record = parse_record(line)
    if record is None:
        raise ValueError('not an audit record: %r' % line[:120])
    return record.key


def record_type(line):
    return parse_record(line).type


def split_events(text):
    """Raw event text -> list of (key, [lines]) in order; consecutive lines
    with one key are one event. Every non-empty line must be a record."""
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


def read_text(path):
    with open(path, encoding='utf-8', errors='surrogateescape') as f:
        return f.read()


def records_by_key(path, strict=True):
    """{key: [lines]} of the log at path, keys in order of first appearance.
    Strict: every non-empty line must be a record; else other lines are
    passed over."""
    by_key = {}
    for line in read_text(path).split('\n'):
        if not line:
            continue
        record = parse_record(line)
        if record is None and strict:
            event_key(line)  # raises, naming the line
        if record is not None:
            by_key.setdefault(record.key, []).append(line)
    return by_key


def _keys(paths, with_filename):
    seen = set()
    for path in paths or ['-']:
        text = sys.stdin.read() if path == '-' else read_text(path)
        if with_filename:
            seen = set()
        for line in text.split('\n'):
            record = parse_record(line)
            if record and record.key not in seen:
                seen.add(record.key)
                print('%s\t%s' % (path, record.key) if with_filename else record.key)


def main(argv):
    args = argv[2:]
    with_filename = bool(args) and args[0] == '--with-filename'
    if len(argv) < 2 or argv[1] != 'keys' or (args and args[0].startswith('--') and not with_filename):
        print('usage: auditlog.py keys [--with-filename] [FILE...]', file=sys.stderr)
        return 2
    sys.stdout.reconfigure(errors='surrogateescape')
    sys.stdin.reconfigure(errors='surrogateescape')
    _keys(args[1:] if with_filename else args, with_filename)
    return 0


if __name__ == '__main__':
    sys.exit(main(sys.argv))

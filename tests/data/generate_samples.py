#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""generate_samples.py [OUT_DIR]: writes the container sample logs.

Until the patched kernel produces real recordings, each sample is made from a
real auditd log of this project's test machine (base/workload.enriched.log,
written by tests/integration/auditd_session.sh running workload.sh) plus
container records laid out as design.md and kernel-series.md section 1 say
(CONTAINER_OP 1020, CONTAINER_ID 1340, written by stock auditd 3.0.9 as
UNKNOWN[1020] / UNKNOWN[1340]).

Per sample directory:
  audit.log        ENRICHED (as auditd's log_format = ENRICHED writes it)
  audit.raw.log    RAW
  audit.named.log  RAW with the names CONTAINER_OP / CONTAINER_ID (as a
                   contid-aware auditd would write them)
  expected.txt     for each container id (and unset, any): the events
                   `ausearch-ext --contid ...` must select, from what this
                   generator wrote (never from running our tools)

Deterministic: same base log in, same bytes out. Default OUT_DIR is the
directory of this script.
"""

import os
import sys

import auditd_enrich

HERE = os.path.dirname(os.path.abspath(__file__))
BASE_LOG = os.path.join(HERE, "base", "workload.enriched.log")
CONTAINER_OP, CONTAINER_ID = 1020, 1340
UNSET = 18446744073709551615


# --- the real base log -----------------------------------------------------

def read_base():
    """Real events of the base log, as lists of RAW record bodies by serial."""
    events = {}
    order = []
    with open(BASE_LOG, encoding="utf-8", errors="surrogateescape") as f:
        for line in f:
            raw = line.rstrip("\n").split("\x1d")[0]
            if auditd_enrich.enrich(raw) != line.rstrip("\n"):
                sys.exit(f"{BASE_LOG}: our ENRICHED formatting differs from auditd's for: {raw[:120]}")
            rtype = raw.split(" ", 1)[0][len("type="):]
            key = raw[raw.index("msg=audit(") + 10:raw.index("):")]
            body = raw[raw.index("): ") + 3:]
            if key not in events:
                events[key] = []
                order.append(key)
            events[key].append((rtype, body))
    return [events[k] for k in order]


def find_event(base, predicate, what):
    for event in base:
        if predicate(event):
            return event
    sys.exit(f"{BASE_LOG}: no {what} event; re-record it with tests/integration/workload.sh")


def has(rtype, needle):
    return lambda event: any(t == rtype and needle in b for t, b in event)


def replace_field(body, name, value):
    out = []
    for item in body.split(" "):
        out.append(f"{name}={value}" if item.startswith(name + "=") else item)
    return " ".join(out)


def hex_proctitle(*argv):
    return "proctitle=" + "00".join(a.encode().hex().upper() for a in argv)


# --- events with what they carry ---------------------------------------------

class Event:
    """One event: records (type, body) plus the container ids it carries."""

    def __init__(self, records, subject=None, targets=(), netns=(), ops=()):
        self.records = list(records)
        self.subject = subject            # chain, innermost first, or None
        self.targets = list(targets)      # chains
        self.netns = list(netns)          # chains
        self.ops = list(ops)              # (contid or None, [old chains])
        self.node = None
        self.key = None

    def all_ids(self):
        ids = set(self.subject or [])
        for chain in self.targets + self.netns:
            ids.update(chain)
        for contid, old in self.ops:
            if contid is not None:
                ids.add(contid)
            for chain in old:
                ids.update(chain)
        return ids

    def innermost_ids(self):
        ids = {self.subject[0]} if self.subject else set()
        ids.update(chain[0] for chain in self.targets + self.netns)
        ids.update(contid for contid, _ in self.ops if contid is not None)
        return ids

    def has_container(self):
        return bool(self.subject or self.targets or self.netns or self.ops)

    def ident(self):
        return f"{self.node}/{self.key}" if self.node else self.key


def chain_text(chain):
    return ",".join([str(chain[0])] + [f"^{c}" for c in chain[1:]])


def contid_record(number, chains):
    return (CONTAINER_ID, f"record={number} contid=" + ",".join(chain_text(c) for c in chains))


class Templates:
    """Real events of the base log that container events are made from."""

    def __init__(self, base):
        self.execs = [e for e in base if has("SYSCALL", "syscall=59 ")(e) and has("EXECVE", "argc=")(e)]
        self.opens = [e for e in base if has("SYSCALL", 'key="contid_watch"')(e)]
        self.failed_opens = [e for e in base if has("SYSCALL", 'key="contid_enoent"')(e)]
        self.proc_write = find_event(base, has("LOGIN", "auid=4242"), "loginuid write")
        self.kill = find_event(base, has("OBJ_PID", "opid="), "kill")
        self.user = find_event(base, has("USER", "hello from the contid workload"), "user message")
        self.host = [e for e in base if not has("DAEMON_START", "")(e) and not has("DAEMON_END", "")(e)]
        if not (self.execs and self.opens and self.failed_opens):
            sys.exit(f"{BASE_LOG}: lacks exec/open/failed-open events")

    def task_event(self, template, chain):
        """A syscall event of a task in container `chain` (None: host):
        CONTAINER_ID record=1 first, the SYSCALL ending in record=1."""
        records = []
        if chain:
            records.append(contid_record(1, [chain]))
        for rtype, body in template:
            if rtype == "SYSCALL" and chain:
                body += " record=1"
            records.append((rtype, body))
        return Event(records, subject=chain)

    def registration(self, opid, contid, old_chains, writer_chain=None, errno=0):
        """A write of `contid` to /proc/OPID/audit_containerid: CONTAINER_OP
        (logged during the write, so first), then the writer's records."""
        text = f"{contid}\n"
        old = ",".join(chain_text(c) for c in old_chains) if old_chains else "-1"
        records = [(CONTAINER_OP, f"op=set opid={opid} contid={contid} old-contid={old}")]
        if writer_chain:
            records.append(contid_record(1, [writer_chain]))
        for rtype, body in self.proc_write:
            if rtype != "SYSCALL":
                continue
            body = replace_field(body, "a2", format(len(text), "x"))
            body = replace_field(body, "success", "no" if errno else "yes")
            body = replace_field(body, "exit", str(-errno) if errno else str(len(text)))
            body = replace_field(body, "comm", '"orchestrator"')
            if writer_chain:
                body += " record=1"
            records.append(("SYSCALL", body))
        records.append(("PROCTITLE", hex_proctitle("orchestrator", "--set", str(opid), str(contid))))
        op_contid = None if contid == UNSET else contid
        return Event(records, subject=writer_chain, ops=[(op_contid, old_chains)])

    def kill_event(self, killer_chain, target_chains):
        """kill(2) of one target per chain (None: host target): the killer's
        CONTAINER_ID and SYSCALL record=N, then per target its CONTAINER_ID
        just before its OBJ_PID, which ends in the same record=M."""
        syscall = [b for t, b in self.kill if t == "SYSCALL"][0]
        obj_pid = [b for t, b in self.kill if t == "OBJ_PID"][0]
        proctitle = [b for t, b in self.kill if t == "PROCTITLE"][0]
        records, number = [], 0
        if killer_chain:
            number += 1
            records.append(contid_record(number, [killer_chain]))
            syscall += f" record={number}"
        records.append(("SYSCALL", syscall))
        targets = []
        for index, chain in enumerate(target_chains):
            body = replace_field(obj_pid, "opid", str(9000 + index))
            if chain:
                number += 1
                records.append(contid_record(number, [chain]))
                body += f" record={number}"
                targets.append(chain)
            records.append(("OBJ_PID", body))
        records.append(("PROCTITLE", proctitle))
        return Event(records, subject=killer_chain, targets=targets)

    def user_message(self, chain):
        """A USER record; a sender in a container adds CONTAINER_ID record=1."""
        records = list(self.user)
        if chain:
            records.append(contid_record(1, [chain]))
        return Event(records, subject=chain)


def netfilter(chains, contid_first=True, mark="0x15766399"):
    """An iptables -j AUDIT packet record; containers of the packet's netns in
    one CONTAINER_ID record (kernel code: before the packet record)."""
    pkt = ("NETFILTER_PKT", f"mark={mark} saddr=127.0.0.1 daddr=127.0.0.1 proto=1")
    if not chains:
        return Event([pkt])
    pkt = (pkt[0], pkt[1] + " record=1")
    aux = contid_record(1, chains)
    return Event([aux, pkt] if contid_first else [pkt, aux], netns=chains)


# --- writing a sample ----------------------------------------------------------

class Clock:
    """Event keys: a fixed start, 7 ms and one serial per event."""

    def __init__(self, start_ms=1795477300000, serial=20001):
        self.ms, self.serial = start_ms, serial

    def next(self):
        key = f"{self.ms // 1000}.{self.ms % 1000:03d}:{self.serial}"
        self.ms += 7
        self.serial += 1
        return key


def type_name(rtype, named):
    if isinstance(rtype, str):
        return rtype
    if named:
        return {CONTAINER_OP: "CONTAINER_OP", CONTAINER_ID: "CONTAINER_ID"}[rtype]
    return f"UNKNOWN[{rtype}]"


def render(event, record, named):
    rtype, body = record
    prefix = f"node={event.node} " if event.node else ""
    return f"{prefix}type={type_name(rtype, named)} msg=audit({event.key}): {body}"


def write_sample(out_dir, name, events, description, lines=None):
    """Writes the sample's three forms and expected.txt. `lines` (optional) is
    the record order as (event index, record index) pairs, for interleaving."""
    directory = os.path.join(out_dir, name)
    os.makedirs(directory, exist_ok=True)
    if lines is None:
        lines = [(i, j) for i, e in enumerate(events) for j in range(len(e.records))]
    forms = {"audit.raw.log": (False, False), "audit.log": (False, True), "audit.named.log": (True, False)}
    for filename, (named, enriched) in forms.items():
        with open(os.path.join(directory, filename), "w", encoding="utf-8",
                  errors="surrogateescape", newline="\n") as f:
            for i, j in lines:
                text = render(events[i], events[i].records[j], named)
                f.write((auditd_enrich.enrich(text) if enriched else text) + "\n")
    write_expected(os.path.join(directory, "expected.txt"), name, events, description)


def write_expected(path, name, events, description):
    ids = sorted(set().union(*(e.all_ids() for e in events)))
    def select(predicate):
        return " ".join(e.ident() for e in events if predicate(e))
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        f.write(f"# sample {name}: {description}\n")
        f.write("# Written by generate_samples.py from what it generated; do not edit.\n")
        f.write("# Each line: ausearch-ext arguments <TAB> the events they select\n")
        f.write("# ([node/]sec.msec:serial, in log order; empty = no match).\n")
        for cid in ids:
            f.write(f"--contid {cid}\t{select(lambda e: cid in e.all_ids())}\n")
            f.write(f"--contid {cid} --contid-exact\t{select(lambda e: cid in e.innermost_ids())}\n")
        if len(ids) >= 2:
            pair = {ids[0], ids[-1]}
            f.write(f"--contid {ids[0]},{ids[-1]}\t{select(lambda e: bool(pair & e.all_ids()))}\n")
        f.write(f"--contid unset\t{select(lambda e: not e.has_container())}\n")
        f.write(f"--contid host\t{select(lambda e: not e.has_container())}\n")
        f.write(f"--contid any\t{select(lambda e: e.has_container())}\n")
        f.write(f"--contid 999999\t\n")


def keyed(events, clock, node=None):
    for event in events:
        event.key = clock.next()
        event.node = node
    return events


# --- the samples -----------------------------------------------------------------

def sample_registration(t):
    return keyed([
        t.task_event(t.execs[0], None),
        t.registration(5101, 100, []),                          # success
        t.task_event(t.execs[1], [100]),
        t.registration(5101, 100, [[100]], errno=17),           # EEXIST: set again
        t.registration(5102, 100, [], errno=90),                # ENOTUNIQ: other orchestrator
        t.registration(5101, UNSET, [[100]], errno=22),         # EINVAL: unset attempt
        t.registration(5103, 200, [[100]], writer_chain=[100]), # nested: orchestrator in 100
        t.task_event(t.opens[0], [200, 100]),
        t.task_event(t.failed_opens[0], None),
    ], Clock())


def sample_nested(t):
    c1, c2, c3, c4 = [1], [2, 1], [3, 1], [4, 2, 1]
    return keyed([
        t.registration(6001, 1, []),
        t.task_event(t.execs[0], c1),
        t.registration(6002, 2, [c1], writer_chain=c1),
        t.registration(6003, 3, [c1], writer_chain=c1),
        t.task_event(t.execs[1], c2),
        t.registration(6004, 4, [c2], writer_chain=c2),
        t.task_event(t.execs[2], c4),
        t.task_event(t.opens[0], c4),
        t.task_event(t.failed_opens[0], c3),
        t.task_event(t.execs[3], None),
    ], Clock())


def sample_signals(t):
    return keyed([
        t.kill_event([10], [[11]]),            # container kills container
        t.kill_event(None, [[12, 11]]),        # host kills a nested container
        t.kill_event([10], [None]),            # container kills a host process
        t.kill_event([13], [[11], [12, 11]]),  # two targets, record=2 and record=3
        t.kill_event(None, [None]),            # no container at all
    ], Clock())


def sample_user(t):
    return keyed([
        t.user_message([20]),
        t.user_message(None),
        t.user_message([21, 20]),
        t.task_event(t.execs[0], [21, 20]),
    ], Clock())


def sample_netfilter(t):
    return keyed([
        netfilter([[2, 1], [3, 1]]),                   # 2,^1,3,^1
        netfilter([[5]], contid_first=False),          # aux record after the packet
        netfilter([]),                                 # host netns: no aux record
        t.task_event(t.execs[0], [2, 1]),
    ], Clock())


def sample_uringop(t):
    syscall = [b for r, b in t.execs[0] if r == "SYSCALL"][0]
    uring = ("URINGOP", "uring_op=18 success=yes exit=0 items=0 ppid=1 pid=4321 uid=0 gid=0 "
             "euid=0 suid=0 fsuid=0 egid=0 sgid=0 fsgid=0 key=(null)")
    return keyed([
        Event([uring]),                                          # a real io_uring record
        Event([("URINGOP", "record=1 contid=5"), ("SYSCALL", syscall + " record=1")]),  # v10 1336 layout
        t.task_event(t.execs[1], [6]),                           # this project's 1340
    ], Clock())


def sample_interleaved(t):
    events = keyed([
        t.task_event(t.execs[0], [30]),
        t.task_event(t.execs[1], None),
        t.kill_event([31, 30], [[30]]),
        t.user_message([32]),
    ], Clock())
    lines, cursors = [], [0] * len(events)
    while any(cursors[i] < len(e.records) for i, e in enumerate(events)):
        for i, event in enumerate(events):
            if cursors[i] < len(event.records):
                lines.append((i, cursors[i]))
                cursors[i] += 1
    return events, lines


def sample_node(t):
    alpha = keyed([t.task_event(t.execs[0], [40]), t.registration(7001, 41, [])], Clock(), "alpha")
    beta = keyed([t.task_event(t.execs[0], None), t.user_message([40])], Clock(), "beta")
    # Same sec.msec:serial on both nodes: four distinct events.
    return [alpha[0], beta[0], alpha[1], beta[1]]


def sample_demo(t):
    """A day on a host: the real log's host events with two containers
    (web 1001 with a nested sidecar 1003, db 1002) woven in."""
    web, db, sidecar = [1001], [1002], [1003, 1001]
    story = [
        t.registration(8101, 1001, []),
        t.registration(8102, 1002, []),
        t.task_event(t.execs[0], web),
        t.registration(8103, 1003, [web], writer_chain=web),
        t.task_event(t.execs[1], db),
        t.task_event(t.opens[0], db),
        t.task_event(t.execs[2], sidecar),
        t.task_event(t.failed_opens[0], sidecar),
        t.registration(8104, 1002, [], errno=90),
        t.kill_event(web, [sidecar]),
        t.user_message(db),
        netfilter([web, db], mark="0x2a"),
    ]
    host = [Event(list(e)) for e in t.host]
    events, step = [], max(1, len(host) // len(story))
    for index, event in enumerate(story):
        events.extend(host[index * step:(index + 1) * step])
        events.append(event)
    events.extend(host[len(story) * step:])
    return keyed(events, Clock())


SAMPLES = [
    ("registration", sample_registration,
     "CONTAINER_OP registrations: success, EEXIST, ENOTUNIQ, EINVAL (unset), nested set"),
    ("nested", sample_nested, "containers 1 > 2 > 4 and 1 > 3; chains 4,^2,^1"),
    ("signals", sample_signals, "kill(2) with OBJ_PID targets carrying CONTAINER_ID record=N"),
    ("user-message", sample_user, "USER records followed by CONTAINER_ID record=1"),
    ("netfilter", sample_netfilter, "NETFILTER_PKT with netns lists 2,^1,3,^1"),
    ("uringop", sample_uringop, "URINGOP (1336) records, one shaped like a v10 CONTAINER_ID: never containers"),
    ("interleaved", sample_interleaved, "records of four events interleaved line by line"),
    ("node", sample_node, "node= prefixes; equal sec.msec:serial on two nodes"),
    ("demo", sample_demo, "the README demo: the real host log with containers web, db, sidecar"),
]


def main():
    out_dir = sys.argv[1] if len(sys.argv) > 1 else HERE
    templates = Templates(read_base())
    for name, make, description in SAMPLES:
        result = make(templates)
        events, lines = result if isinstance(result, tuple) else (result, None)
        write_sample(out_dir, name, events, description, lines)


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""Where the guest kernel's instructions go, per function, for each phase of
a cost-mode run profiled by harness/cost-profile.sh.

usage: profile-report.py SYSTEM_MAP DUMPS RESULTS_LOG [--per SYMBOL] [--top N]

DUMPS holds the cumulative per-instruction counts that insn_profile.so wrote
each time the guest called sync(2), which guest/bench.sh does before each
op_cost run, and once at exit.  RESULTS_LOG names the runs, in order
("linux-spf: bench mode off|on ...").  Each run is normalised by the number
of times SYMBOL's first instruction ran in it (default exc_page_fault: per
page fault).  For an operation run with the sysctl at 0 and at 1, the
report sets the first run of each side by side, largest differences first.
"""
import argparse
import bisect
import collections
import re
import sys


def load_symbols(path):
    syms = []
    for line in open(path):
        f = line.split()
        if len(f) >= 3 and f[1] in 'tTwW':
            syms.append((int(f[0], 16), f[2]))
    syms.sort()
    return syms


def load_dumps(path):
    dumps, cur = [], None
    for line in open(path):
        if line.startswith('dump '):
            cur = {}
            dumps.append(cur)
        elif cur is not None:
            addr, count = line.split()
            cur[int(addr, 16)] = int(count)
    return dumps


def load_runs(path):
    """[op, mode] of each op_cost run, in order; op None if it printed none."""
    runs = []
    for line in open(path):
        m = re.match(r'linux-spf: bench mode (\S+)', line)
        if m:
            runs.append([None, m.group(1)])
        m = (re.match(r'result cost:(\S+) 1 ', line) or
             re.match(r'linux-spf: op_cost (\S+) failed', line))
        if m and runs and runs[-1][0] is None:
            runs[-1][0] = m.group(1)
    return runs


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('system_map')
    ap.add_argument('dumps')
    ap.add_argument('results')
    ap.add_argument('--per', default='exc_page_fault')
    ap.add_argument('--top', type=int, default=25)
    a = ap.parse_args()

    syms = load_symbols(a.system_map)
    addrs = [s[0] for s in syms]
    per = [addr for addr, name in syms if name == a.per]
    if not per:
        sys.exit(f'profile-report: no symbol {a.per} in {a.system_map}')
    dumps = load_dumps(a.dumps)
    runs = load_runs(a.results)
    # The first dump is at the first run's sync; one more at exit.
    if len(dumps) < len(runs) + 1:
        sys.exit(f'profile-report: {len(dumps)} dumps for {len(runs)} runs in '
                 f'{a.results}: did the guest finish, and call sync before each run?')

    def function(addr):
        i = bisect.bisect_right(addrs, addr) - 1
        return syms[i][1] if i >= 0 else '?'

    def run_profile(i):
        before, after = dumps[i], dumps[i + 1]
        funcs = collections.Counter()
        for addr, count in after.items():
            d = count - before.get(addr, 0)
            if d:
                funcs[function(addr)] += d
        n = after.get(per[0], 0) - before.get(per[0], 0)
        return funcs, n

    by_op = collections.OrderedDict()
    for i, (op, mode) in enumerate(runs):
        if op:
            by_op.setdefault(op, {}).setdefault(mode, i)
    for op, modes in by_op.items():
        cols = [m for m in ('off', 'on') if m in modes] or list(modes)
        profs = {m: run_profile(modes[m]) for m in cols}
        for m in cols:
            if not profs[m][1]:
                sys.exit(f'profile-report: {a.per} never ran in the {op} run with SPF {m}: '
                         'pick another --per')
        total = {m: sum(profs[m][0].values()) / profs[m][1] for m in cols}
        print(f'{op}: guest kernel instructions per {a.per}, by function')
        print(f'  {"function":40s}' + ''.join(f'{"SPF " + m:>10s}' for m in cols) +
              ('  on-off' if len(cols) == 2 else ''))
        print(f'  {"(all)":40s}' + ''.join(f'{total[m]:10.1f}' for m in cols) +
              (f'  {total["on"] - total["off"]:+6.1f}' if len(cols) == 2 else ''))
        names = set()
        for m in cols:
            names |= set(profs[m][0])
        rows = []
        for name in names:
            v = [profs[m][0][name] / profs[m][1] for m in cols]
            rows.append((v[-1] - v[0] if len(v) == 2 else v[0], name, v))
        rows.sort(key=lambda r: (-abs(r[0]) if len(cols) == 2 else -r[0], r[1]))
        for key, name, v in rows[:a.top]:
            print(f'  {name:40s}' + ''.join(f'{x:10.1f}' for x in v) +
                  (f'  {key:+6.1f}' if len(cols) == 2 else ''))
        print()


if __name__ == '__main__':
    main()

#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Judge one guest run from its logs.

    verdict.py ARCH CONSOLE_LOG RESULTS_LOG [--kunit] [--json OUT]
    verdict.py --total OUT.json...

The first form parses the KUnit KTAP in the kernel console log (with
--kunit) and the kselftest TAP in the job's results log, both with the
kernel's own tools/testing/kunit/kunit_parser.py, scans the console log
for kernel splats, and prints "ARCH: N passed, N failed, N skipped".
Two checks of the run itself count as tests too: the guest finished its
job, and the console log holds no splat.  Exit status 1 on any failure.

The second form adds up the JSON files the first form wrote and prints
the overall line in the same form.
"""
import argparse
import json
import os
import re
import sys

TOP = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
KUNIT_DIR = os.environ.get(
    'KUNIT_DIR', os.path.join(TOP, 'build/linux/tools/testing/kunit'))

DONE_MARKER = 'linux-spf: guest done'

# Anything the kernel prints when it found a bug in itself.
SPLATS = re.compile('|'.join([
    r'BUG:', r'kernel BUG at', r'WARNING:', r'\bOops\b', r'Kernel panic',
    r'general protection fault', r'Unable to handle kernel',
    r'Internal error:', r'possible circular locking',
    r'possible recursive locking', r'inconsistent lock state',
    r'suspicious RCU usage', r'lock held when returning to user space',
    r'possible irq lock inversion', r'bad unlock balance',
    r'DEBUG_LOCKS_WARN_ON', r'sleeping function called from invalid context',
    r'scheduling while atomic', r'rcu: INFO: .* detected stalls',
    r'self-detected stall', r'soft lockup', r'hard LOCKUP',
    r'blocked for more than \d+ seconds', r'UBSAN:', r'KASAN:', r'KFENCE:',
    r'BUG \S+ \((Not t|T)ainted\)', r'list_(add|del) corruption',
    r'Bad page (state|map)',
]))

LOG_PREFIX = re.compile(r'^\[\s*\d+\.\d+\]\s?')


def kunit_parser():
    sys.path.insert(0, KUNIT_DIR)
    try:
        import kunit_parser as kp
    except ImportError:
        sys.exit(f'error: cannot import kunit_parser from {KUNIT_DIR}: '
                 'run "make prepare" first')
    return kp


def parse_tap(kp, lines, label):
    """Counts (passed, failed, skipped) of the (K)TAP in lines; kunit_parser
    prints the tree of results as it goes."""
    print(f'{label}:')
    test = kp.parse_run_tests(lines)
    if test.status == kp.TestStatus.FAILURE_TO_PARSE_TESTS:
        return 0, 1, 0, [f'{label}: no (K)TAP output found']
    c = test.counts
    problems = []
    if c.errors:
        problems.append(f'{label}: {c.errors} parse errors '
                        '(missing or malformed results)')
    failed = c.failed + c.crashed + (1 if c.errors else 0)
    return c.passed, failed, c.skipped, problems


def failed_tests(results):
    """The result line of every failed selftest, with its last output."""
    out, block = [], []
    for line in results:
        if line.startswith('# selftests: '):
            block = []
        block.append(line.rstrip())
        if line.startswith('not ok'):
            shown = '\n    '.join(block[-15:])
            out.append(f'failed: {line.strip()}; its output (end):\n    {shown}')
    return out


def find_splats(lines):
    hits = []
    for n, line in enumerate(lines, 1):
        text = LOG_PREFIX.sub('', line.rstrip())
        if SPLATS.search(text):
            hits.append(f'{n}: {text}')
    return hits


def judge(args):
    kp = kunit_parser()
    with open(args.console, errors='replace') as f:
        console = f.readlines()
    with open(args.results, errors='replace') as f:
        results = f.readlines()

    passed = failed = skipped = 0
    problems = []
    if args.kunit:
        p, f, s, why = parse_tap(kp, console, 'KUnit')
        passed, failed, skipped = passed + p, failed + f, skipped + s
        problems += why
    p, f, s, why = parse_tap(kp, results, 'selftests')
    passed, failed, skipped = passed + p, failed + f, skipped + s
    problems += why

    problems += failed_tests(results)

    if any(DONE_MARKER in line for line in results):
        passed += 1
    else:
        failed += 1
        tail = ''.join(console[-20:])
        problems.append(f'guest did not finish its job (crash, panic or '
                        f'hang); last console lines:\n{tail}')

    splats = find_splats(console)
    if splats:
        failed += 1
        problems.append(f'kernel splat in {args.console}:\n  ' +
                        '\n  '.join(splats[:20]) +
                        '\n  decode with: scripts/decode_stacktrace.sh '
                        'build/obj/ARCH-FLAVOR/vmlinux < CONSOLE_LOG')
    else:
        passed += 1

    for p in problems:
        print(f'{args.arch}: {p}')
    print(f'{args.arch}: {passed} passed, {failed} failed, {skipped} skipped')
    if args.json:
        with open(args.json, 'w') as f:
            json.dump({'arch': args.arch, 'passed': passed, 'failed': failed,
                       'skipped': skipped}, f)
    return 1 if failed else 0


def total(files):
    passed = failed = skipped = 0
    for name in files:
        with open(name) as f:
            v = json.load(f)
        passed += v['passed']
        failed += v['failed']
        skipped += v['skipped']
    print(f'{passed} passed, {failed} failed, {skipped} skipped')
    return 1 if failed or not files else 0


def main():
    if len(sys.argv) > 1 and sys.argv[1] == '--total':
        return total(sys.argv[2:])
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('arch')
    ap.add_argument('console')
    ap.add_argument('results')
    ap.add_argument('--kunit', action='store_true',
                    help='the console log must hold KUnit results')
    ap.add_argument('--json', help='write the counts here')
    return judge(ap.parse_args())


if __name__ == '__main__':
    sys.exit(main())

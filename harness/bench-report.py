#!/usr/bin/env python3
"""Summarise "make bench" guest logs: medians, spread and ratios.

usage: bench-report.py OUTDIR VARIANT-REP.log...

Each log holds "linux-spf: bench mode MODE [thp THP] round R" lines,
each followed by the "result METRIC ROUND VALUE" lines of one benchmark
program run; "spf-share:SCENARIO", "spf-anon-share:SCENARIO" (of the
faults not refused as "unsupported"), "spf-user-share:SCENARIO" (of the
faults attempted), "spf_unattempted:SCENARIO" (the faults the path never
saw: the kernel's own on user memory, retries),
"spf_abort_REASON:SCENARIO" and, on 6.12, "vma_lock_REASON:SCENARIO"
results come from /proc/vmstat.  Writes
OUTDIR/results.csv (every sample), OUTDIR/report.txt (one table per THP
mode, and the top abort reasons, also printed) and OUTDIR/ratios.tsv
(the ratios of every rate and "kept" metric, one column per ratio and
THP mode, for bench-chart.sh).  A column is the base kernel, the patched
kernel built with CONFIG_SPECULATIVE_PAGE_FAULT=n ("SPF=n", the
control), or the patched kernel as a whole ("patched", before the series
has a sysctl) or with vm.speculative_page_fault at 0 ("SPF off") and 1
("SPF on"), or the reference kernel ("6.12", upstream per-VMA locks; its
"speculative share" is the share of faults handled under a VMA lock).
"""
import csv
import os
import re
import statistics
import sys

UNITS = {
    "single": "faults/s, 1 thread",
    "own-vmas": "faults/s, 2 threads, own VMAs",
    "same-vma": "faults/s, 2 threads, one VMA",
    "cow": "COW faults/s, 2 threads",
    "mmap": "mmap+munmap/s",
    "brk": "brk grow+shrink/s",
    "fork": "fork+exit/s (4000 VMAs)",
    "exit": "exit/s (8000 VMAs)",
    "faults/faults": "faults/s alone",
    "faults+mmap/faults": "faults/s, mmap writer",
    "faults+mprotect/faults": "faults/s, mprotect writer",
    "mmap/ops": "mmap writer ops/s alone",
    "faults+mmap/ops": "mmap writer ops/s, faulting",
    "mprotect/ops": "mprotect writer ops/s alone",
    "faults+mprotect/ops": "mprotect ops/s, faulting",
    "faults+uffd/faults": "faults/s, uffd writer",
    "uffd/ops": "uffd register+unregister/s alone",
    "faults+uffd/ops": "uffd register+unregister/s, faulting",
    "startup/execs": "program starts/s (stress-ng --version)",
    "stress-ng:fault": "stress-ng fault, bogo ops/s",
    "stress-ng:mmap": "stress-ng mmap (4 MiB), bogo ops/s",
    "stress-ng:mremap": "stress-ng mremap (4 MiB), bogo ops/s",
    "stress-ng:madvise": "stress-ng madvise, bogo ops/s",
}
# Per-round ratios: (name, numerator, denominator).
KEPT = [
    ("one VMA vs own VMAs", "same-vma", "own-vmas"),
    ("faults kept, mmap writer", "faults+mmap/faults", "faults/faults"),
    ("faults kept, mprotect writer", "faults+mprotect/faults", "faults/faults"),
    ("mmap writer kept", "faults+mmap/ops", "mmap/ops"),
    ("mprotect writer kept", "faults+mprotect/ops", "mprotect/ops"),
    ("faults kept, uffd writer", "faults+uffd/faults", "faults/faults"),
    ("uffd writer kept", "faults+uffd/ops", "uffd/ops"),
]
# fault_contention -s: the writer's mappings cannot merge with the
# faulting thread's ("PHASE@sep" metrics); -n @thp: run under THP
# "always" (contention-thp); -w: the faulting thread's faults are
# swap-cache hits ("PHASE@swap"); -b: NUMA-hinting faults ("PHASE@numa");
# -f read|cow|shared: faults on cached shmem pages ("PHASE@file",
# "PHASE@file-cow", "PHASE@tmpfs").
_VARIANTS = [("@sep", "unmergeable"), ("@thp", "THP always"),
             ("@swap", "swap-cache hits"), ("@numa", "NUMA hinting"),
             ("@file", "file reads"), ("@file-cow", "file private writes"),
             ("@tmpfs", "tmpfs shared writes")]
for _m in [m for m in UNITS if "/" in m]:
    _phase, _what = _m.split("/")
    for _suffix, _label in _VARIANTS:
        UNITS[f"{_phase}{_suffix}/{_what}"] = f"{UNITS[_m]}, {_label}"
KEPT += [(f"{name}, {label}", num.replace("/", suffix + "/"),
          den.replace("/", suffix + "/"))
         for suffix, label in _VARIANTS
         for name, num, den in KEPT if "/" in num]
COLUMNS = {("base", "patched"): "base", ("nospf", "patched"): "SPF=n",
           ("patched", "patched"): "patched",
           ("patched", "off"): "SPF off", ("patched", "on"): "SPF on",
           ("ref", "patched"): "6.12"}
# BENCH_MODE=cost (bench/op_cost.c): guest nanoseconds = instructions.
COSTS = {
    "fault": "anonymous write fault, table present",
    "fault-table": "anonymous write fault, new PTE table",
    "cow": "COW fault after fork",
    "file-read": "read fault, tmpfs page cached",
    "file-cow": "private write fault, tmpfs page cached",
    "tmpfs-write": "shared write fault, tmpfs page cached",
    "mmap": "mmap+munmap 4 KiB",
    "mprotect": "mprotect 4 KiB",
    "brk": "brk grow+shrink 128 KiB",
    "mremap": "mremap move 16 KiB",
    "madvise": "MADV_DONTNEED 16 pages",
    "fork": "fork+exit, 2000 VMAs",
    "exit": "exit, 4000 VMAs",
    "uffd": "UFFDIO_REGISTER+UNREGISTER",
    "uffd-split": "UFFDIO_REGISTER+UNREGISTER, split+merge",
}
# Cost columns are compared with the base, and "SPF on" with "SPF off"
# (the speculative fault against the classic one on the same kernel).
COST_RATIOS = [("SPF=n", "base"), ("patched", "base"), ("SPF off", "base"),
               ("SPF on", "base"), ("SPF on", "SPF off"), ("6.12", "base")]


def parse(path):
    variant, rep = re.match(r"(\w+)-(\d+)\.log$", os.path.basename(path)).groups()
    mode = rnd = None
    thp = "-"
    for line in open(path, errors="replace"):
        m = re.match(r"linux-spf: bench mode (\w+) (?:thp (\w+) )?round (\d+)", line)
        if m:
            mode, thp, rnd = m.group(1), m.group(2) or "-", int(m.group(3))
            continue
        m = re.match(r"result (\S+) (\d+) ([0-9.]+)$", line.strip())
        if m and mode:
            # op_cost runs all its batches under one header.
            r = int(m.group(2)) if m.group(1).startswith("cost:") else rnd
            yield variant, mode, thp, int(rep), r, m.group(1), float(m.group(3))


def fmt(v):
    return f"{v:.3f}" if v < 10 else f"{v:.0f}"


def cell(values):
    if not values:
        return "-", None
    med = statistics.median(values)
    return f"{fmt(med)} ({fmt(min(values))}-{fmt(max(values))})", med


SHARES = {"spf-share:": "speculative share, ",
          "spf-anon-share:": "speculative share of the kinds of fault handled, ",
          "spf-user-share:": "speculative share of attempted faults, "}


def is_share(metric):
    return any(metric.startswith(p) for p in SHARES)


def unit(metric):
    for prefix, name in SHARES.items():
        if metric.startswith(prefix):
            return name + metric[len(prefix):]
    return UNITS.get(metric, metric)


def aborts(rows):
    """The three most frequent abort reasons per scenario with SPF on, and
    the fallbacks of the reference kernel's per-VMA locks."""
    totals = {}
    for variant, mode, thp, _, _, metric, value in rows:
        if mode == "on" and metric.startswith("spf_abort_"):
            ref, reason = False, metric[len("spf_abort_"):]
        elif mode == "on" and metric.startswith("spf_unattempted:"):
            # Not a reason: the faults the path never saw, for scale.
            ref, reason = False, "(never attempted)" + metric[len("spf_unattempted"):]
        elif variant == "ref" and metric.startswith("vma_lock_"):
            ref, reason = True, metric[len("vma_lock_"):]
        else:
            continue
        reason, scen = reason.split(":", 1)
        key = (ref, thp, scen)
        totals.setdefault(key, {}).setdefault(reason, 0)
        totals[key][reason] += value
    lines = []
    for (ref, thp, scen), reasons in sorted(totals.items()):
        top = sorted(reasons.items(), key=lambda kv: -kv[1])[:3]
        where = scen if thp == "-" else f"{scen}, THP {thp}"
        where = f"6.12 {where}" if ref else where
        lines.append(f"  {where}: " + ", ".join(f"{r} {int(n)}" for r, n in top))
    if lines:
        whose = [w for w, present in (
            ("with SPF on", any(not k[0] for k in totals)),
            ("the per-VMA-lock fallbacks (abort, retry, miss) of 6.12",
             any(k[0] for k in totals))) if present]
        lines.insert(0, f"top abort reasons {' and '.join(whose)} "
                        "(total over all rounds):")
    return lines


def main():
    outdir, logs = sys.argv[1], sys.argv[2:]
    if not logs:
        sys.exit("bench-report.py: no logs given")
    rows = [r for log in logs for r in parse(log)]
    if not rows:
        sys.exit("bench-report.py: no results in " + " ".join(logs))
    with open(os.path.join(outdir, "results.csv"), "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["kernel", "mode", "thp", "boot", "round", "metric", "value"])
        w.writerows(rows)

    thps = sorted({r[2] for r in rows})
    out, chart = [], {}
    for thp in thps:
        if len(thps) > 1:
            out.append(f"THP {thp}:")
        rest = [r for r in rows if r[2] == thp and not is_cost(r[5])]
        lines, ratios = table(rest) if any(not r[5].startswith("spf")
                                           for r in rest) else ([], [])
        costs = [r for r in rows if r[2] == thp and is_cost(r[5])]
        if costs:
            lines += ([""] if lines else []) + cost_table(costs)
        out += lines + [""]
        for metric, name, value in ratios:
            col = name if thp == "-" else f"{name}, THP {thp}"
            chart.setdefault(metric, {})[col] = value
    out += aborts(rows)
    text = "\n".join(out).rstrip() + "\n"
    with open(os.path.join(outdir, "report.txt"), "w") as f:
        f.write(text)
    write_ratios(os.path.join(outdir, "ratios.tsv"), chart)
    sys.stdout.write(text)


def is_cost(metric):
    """cost:OP, and the spf-share: and spf_abort_ counts of its runs."""
    return metric.startswith("cost:") or ":cost:" in metric


def cost_table(rows):
    """Per operation: the median cost in each column, each column against
    the base and SPF on against SPF off, the spread (max-min over median
    of the batches, the largest over the columns: the resolution of the
    row), and the share of faults handled speculatively (under a VMA lock
    on 6.12)."""
    samples = {}
    for variant, mode, _, _, _, metric, value in rows:
        samples.setdefault((COLUMNS[(variant, mode)], metric), []).append(value)
    cols = [c for c in ("base", "SPF=n", "patched", "SPF off", "SPF on", "6.12")
            if any(k[0] == c for k in samples)]
    ratios = [(a, b) for a, b in COST_RATIOS if a in cols and b in cols]
    shares = [c for c in ("patched", "SPF on", "6.12")
              if any(k[0] == c and k[1].startswith("spf-share:") for k in samples)]
    head = (["guest ns (= instructions) per operation"] + cols
            + [f"{a}/{b}" if b != "SPF off" else "on/off" for a, b in ratios]
            + ["spread"] + [f"share, {c}" for c in shares])
    ops = list(COSTS) + sorted({k[1][5:] for k in samples
                                if k[1].startswith("cost:")} - set(COSTS))
    table = [head]
    for op in ops:
        m = "cost:" + op
        if not any(k[1] == m for k in samples):
            continue
        row, meds, spread = [COSTS.get(op, op)], {}, 0.0
        for c in cols:
            vals = samples.get((c, m), [])
            meds[c] = statistics.median(vals) if vals else None
            row.append(f"{meds[c]:.0f}" if vals else "-")
            if meds[c]:
                spread = max(spread, (max(vals) - min(vals)) / meds[c])
        for a, b in ratios:
            row.append(f"{(meds[a] / meds[b] - 1) * 100:+.2f}%"
                       if meds.get(a) and meds.get(b) else "-")
        row.append(f"{spread * 100:.2f}%")
        for c in shares:
            share = samples.get((c, "spf-share:" + m))
            row.append(f"{statistics.median(share):.4f}" if share else "-")
        table.append(row)
    widths = [max(len(r[i]) for r in table) for i in range(len(head))]
    lines = ["  ".join(c.ljust(w) for c, w in zip(r, widths)).rstrip()
             for r in table]
    nboot = max(len({rep for v, _, _, rep, _, _, _ in rows if v == k})
                for k in {r[0] for r in rows})
    lines.insert(0, f"cost mode, {nboot} boot(s) per kernel: median of the batches; "
                    "spread = (max-min)/median, the largest over the columns")
    return lines


def write_ratios(path, chart):
    cols = []
    for ratios in chart.values():
        cols += [c for c in ratios if c not in cols]
    with open(path, "w") as f:
        f.write("\t".join(["metric"] + cols) + "\n")
        for metric, ratios in chart.items():
            f.write("\t".join([metric] + [f"{ratios[c]:.3f}" if c in ratios
                                           else "-" for c in cols]) + "\n")


def table(rows):
    samples = {}          # (column, metric) -> [values]
    per_round = {}        # (column, boot, round) -> {metric: value}
    for variant, mode, _, rep, rnd, metric, value in rows:
        col = COLUMNS[(variant, mode)]
        samples.setdefault((col, metric), []).append(value)
        per_round.setdefault((col, rep, rnd), {})[metric] = value
    for (col, _, _), vals in per_round.items():
        for name, num, den in KEPT:
            if num in vals and vals.get(den):
                samples.setdefault((col, name), []).append(vals[num] / vals[den])

    cols = [c for c in ("base", "SPF=n", "patched", "SPF off", "SPF on", "6.12")
            if any(k[0] == c for k in samples)]
    other = [c for c in cols if c != "6.12"][-1]
    ratios = [(f"{other}/base", other, "base")] if "base" in cols else []
    if "SPF=n" in cols:
        ratios.append((f"{other}/SPF=n", other, "SPF=n"))
    if "SPF off" in cols:
        ratios.append(("on/off", "SPF on", "SPF off"))
    if "6.12" in cols:
        ratios.append((f"{other}/6.12", other, "6.12"))
    shares = sorted({k[1] for k in samples if is_share(k[1])})
    metrics = [m for m in list(UNITS) + [k[0] for k in KEPT] + shares
               if any(k[1] == m for k in samples)]

    head = ["metric"] + cols + [r[0] for r in ratios] + ["note"]
    table, chart = [head], []
    for m in metrics:
        row, meds, spread = [unit(m)], {}, 0.0
        for c in cols:
            text, med = cell(samples.get((c, m), []))
            row.append(text)
            meds[c] = med
            vals = samples.get((c, m), [])
            if med:
                spread = max(spread, (max(vals) - min(vals)) / med)
        # The effect is the series' (against the base and its own
        # controls), not 6.12's: another kernel's distance from 1 would
        # hide the noise warning.
        effect = 0.0
        share = is_share(m)
        for name, a, b in ratios:
            if meds.get(a) and meds.get(b) and not share:
                r = meds[a] / meds[b]
                row.append(f"{r:.3f}")
                if b != "6.12":
                    effect = max(effect, abs(r - 1))
                chart.append((unit(m), name, r))
            else:
                row.append("-")
        row.append("spread > effect" if spread > effect and not share else "")
        table.append(row)

    widths = [max(len(r[i]) for r in table) for i in range(len(head))]
    lines = ["  ".join(c.ljust(w) for c, w in zip(r, widths)).rstrip()
             for r in table]
    boots = sorted({(v, r) for v, _, _, r, _, _, _ in rows})
    rounds = max(r[4] for r in rows)
    lines.insert(0, f"median (min-max) over {len(boots) // max(1, len({v for v, _ in boots}))} "
                    f"boot(s) x {rounds} round(s) per kernel; ratios of medians")
    return lines, chart


if __name__ == "__main__":
    main()

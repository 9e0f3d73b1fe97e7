#!/bin/bash
# Print the demo's table from a guest results log, or fail with the log.
# The demo is a short "make bench" run of the contention scenarios on the
# patched kernel alone, with the sysctl at 0 and at 1 in the same boot:
# its report (bench-report.py) has the two columns side by side, their
# ratio and the share of faults handled speculatively.
. "$(dirname "$0")/lib.sh"
log=${1:?usage: show-demo.sh RESULTS_LOG}
grep -q '^linux-spf: guest done' "$log" && grep -q '^result faults/faults ' "$log" ||
	{ cat "$log" >&2; die "the demo did not finish; job output: $log, console: ${log/results-/console-}"; }
out=$BUILD/demo
rm -rf "$out"
mkdir -p "$out"
cp "$log" "$out/patched-1.log"
python3 "$TOP/harness/bench-report.py" "$out" "$out/patched-1.log" >/dev/null ||
	die "bench-report.py could not read $log"
echo "fault contention on the patched kernel (x86_64 release, TCG, 2 vCPUs),"
echo "vm.speculative_page_fault at 0 (SPF off) and 1 (SPF on) in one boot:"
cat "$out/report.txt"

#!/bin/bash
# Print the demo's table from a guest results log, or fail with the log.
. "$(dirname "$0")/lib.sh"
log=${1:?usage: show-demo.sh RESULTS_LOG}
grep -q '^linux-spf: guest done' "$log" && grep -q '^fault_contention: [0-9]* rounds' "$log" ||
	{ cat "$log" >&2; die "the demo did not finish; job output: $log, console: ${log/results-/console-}"; }
sed -n '/^fault_contention: [0-9]* rounds/,/^linux-spf: guest done/p' "$log" | grep -v '^linux-spf:'

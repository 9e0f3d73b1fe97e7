#!/bin/sh
# The guest side of "make bench" (spf.job=bench): runs the benchmark
# programs for spf.rounds rounds of spf.seconds seconds each, the
# scenarios in spf.scenarios (scaling, writers, contention).  On a kernel with the
# vm.speculative_page_fault sysctl each round runs every scenario with
# the sysctl at 0 and at 1, alternating, so "off" and "on" share a boot.
# Output for the host: "linux-spf: bench mode MODE" before each program,
# then the program's "result ..." lines.
rounds=3 seconds=2 scenarios=scaling,writers,contention
for arg in $(cat /proc/cmdline); do
	case $arg in
	spf.rounds=*) rounds=${arg#spf.rounds=} ;;
	spf.seconds=*) seconds=${arg#spf.seconds=} ;;
	spf.scenarios=*) scenarios=${arg#spf.scenarios=} ;;
	esac
done
sysctl=/proc/sys/vm/speculative_page_fault
modes=patched
[ -e $sysctl ] && modes="off on"
thp=$(cat /sys/kernel/mm/transparent_hugepage/enabled)
echo "linux-spf: bench rounds=$rounds seconds=$seconds scenarios=$scenarios thp=$thp"

r=1
while [ $r -le "$rounds" ]; do
	for mode in $modes; do
		case $mode in
		off) echo 0 >$sysctl ;;
		on) echo 1 >$sysctl ;;
		esac
		for s in $(echo "$scenarios" | tr , ' '); do
			echo "linux-spf: bench mode $mode round $r"
			case $s in
			scaling) /guest/fault_scaling -r 1 -t "$seconds" ;;
			writers) /guest/writer_cost -r 1 -t "$seconds" ;;
			contention) /guest/fault_contention -r 1 -t "$seconds" 2>/dev/null ;;
			*) echo "linux-spf: unknown bench scenario '$s'" ;;
			esac | grep '^result '
		done
	done
	r=$((r + 1))
done

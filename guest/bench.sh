#!/bin/sh
# The guest side of "make bench" (spf.job=bench): runs the benchmark
# programs for spf.rounds rounds of spf.seconds seconds each, the
# scenarios in spf.scenarios (scaling, writers, contention,
# contention-separate, contention-thp, contention-swap, contention-numa,
# contention-file, contention-file-cow, contention-tmpfs, startup,
# stress-ng, each whole or as GROUP:NAME for one scenario of the group),
# with transparent huge pages set to each mode in spf.thp in turn.  The
# three file groups fault on a shmem file whose pages are cached: reads
# and private writes of a MAP_PRIVATE mapping, writes of a MAP_SHARED
# one; startup starts a dynamically linked program over and over.
# contention-thp runs contention with THP "always" whatever that mode;
# contention-swap sets up swap on zram0 first; contention-numa turns
# NUMA balancing on, scanning every 10 ms, for its run.  On a
# kernel with the vm.speculative_page_fault sysctl each round runs every
# scenario with the sysctl at 0 and at 1, alternating, so "off" and "on"
# share a boot, and reports per scenario the share of faults handled
# speculatively and the aborts by reason (from /proc/vmstat).  On a
# kernel with per-VMA locks (CONFIG_PER_VMA_LOCK_STATS) it reports the
# share of faults handled under a VMA lock, and its fallbacks, instead.
# Output for the host: "linux-spf: bench mode MODE thp THP round R"
# before each program, then the program's "result ..." lines (and
# fault_contention's "latency ..." lines, for the reader of the log).
#
# spf.bench=cost (BENCH_MODE=cost, a guest whose clock counts
# instructions) runs op_cost instead: spf.rounds batches of each
# operation in spf.ops (default all), with the sysctl at 0 and at 1 where
# there is one (op_cost reports the speculative share itself), with
# address-space randomisation off.
rounds=3 seconds=2 scenarios=scaling,writers,contention,contention-separate,contention-thp,contention-swap,contention-numa,contention-file,startup,stress-ng thps=
bench=time ops=
for arg in $(cat /proc/cmdline); do
	case $arg in
	spf.bench=*) bench=${arg#spf.bench=} ;;
	spf.ops=*) ops=${arg#spf.ops=} ;;
	spf.rounds=*) rounds=${arg#spf.rounds=} ;;
	spf.seconds=*) seconds=${arg#spf.seconds=} ;;
	spf.scenarios=*) scenarios=${arg#spf.scenarios=} ;;
	spf.thp=*) thps=${arg#spf.thp=} ;;
	esac
done
sysctl=/proc/sys/vm/speculative_page_fault
thpfile=/sys/kernel/mm/transparent_hugepage/enabled
modes=patched
[ -e $sysctl ] && modes="off on"
[ -n "$thps" ] || thps=$(sed 's/.*\[\(.*\)\].*/\1/' $thpfile)
if [ "$bench" = cost ]; then
	echo "linux-spf: bench cost rounds=$rounds ops=${ops:-all} thp=$thps clocksource=$(cat /sys/devices/system/clocksource/clocksource0/current_clocksource)"
else
	echo "linux-spf: bench rounds=$rounds seconds=$seconds scenarios=$scenarios thp=$thps"
fi

# vmstat counters of the speculative path, or of 6.12's per-VMA locks:
# "name value" lines.
spf_counters() {
	grep -E '^(pgfault|spf_|vma_lock_)' /proc/vmstat
}

# result lines for the share of faults handled speculatively and the
# aborts by reason between two spf_counters snapshots.  With the sysctl,
# also the share of the faults the path does not refuse by kind
# ("unsupported": mappings of /dev/zero, special and hugetlb mappings,
# files it does not map; named spf-anon-share from when it took
# anonymous faults only); the share of the faults it attempted
# (user-mode faults on the VMAs it handles); and
# how many faults it never saw (spf_unattempted): pgfault counts every
# classic fault, the kernel's own on user memory (copy_to_user(), the
# arguments exec copies with get_user_pages()) and retries after
# VM_FAULT_RETRY included, and each attempt and refusal once.
spf_results() {
	awk -v s="$1" -v r="$2" '
		FNR == NR { before[$1] = $2; next }
		{ d[$1] = $2 - before[$1] }
		END {
			if (d["pgfault"] <= 0)
				exit
			if ("spf_attempt" in d)
				handled = d["spf_attempt"] - d["spf_abort"]
			else if ("vma_lock_success" in d)
				handled = d["vma_lock_success"]
			else
				exit
			printf "result spf-share:%s %d %.4f\n", s, r, handled / d["pgfault"]
			anon = d["pgfault"] - d["spf_abort_unsupported"]
			if ("spf_attempt" in d && anon > 0)
				printf "result spf-anon-share:%s %d %.4f\n", s, r, handled / anon
			if (d["spf_attempt"] > 0) {
				printf "result spf-user-share:%s %d %.4f\n", s, r, handled / d["spf_attempt"]
				refused = -d["spf_abort"]
				for (k in d)
					if (k ~ /^spf_abort_/)
						refused += d[k]
				printf "result spf_unattempted:%s %d %d\n", s, r,
					d["pgfault"] - d["spf_attempt"] - refused
			}
			for (k in d)
				if (k ~ /^(spf_abort_|vma_lock_(abort|retry|miss))/ && d[k] > 0)
					printf "result %s:%s %d %d\n", k, s, r, d[k]
		}' /tmp/spf-before /tmp/spf-after
}

# stress-ng's own metric, bogo ops/s (real time), for its fault, mmap,
# mremap and madvise stressors (or those named), two instances each (one
# per vCPU; processes, so they share no mm): "result stress-ng:NAME 1
# OPS" lines.  4 MiB mappings instead of the default 256 MiB, so that a
# round counts more than a handful of mmap and mremap operations.
stress_ng() {
	secs=$1; shift
	for n in ${*:-fault mmap mremap madvise}; do
		extra=
		case $n in mmap|mremap) extra="--$n-bytes 4M" ;; esac
		out=$(cd /tmp && /guest/stress-ng --"$n" 2 $extra --timeout "${secs}s" \
			--metrics-brief 2>&1)
		line=$(echo "$out" | awk -v n="$n" '$2 == "metrc:" && $4 == n && $9 ~ /^[0-9.]+$/ {
			print "result stress-ng:" n " 1 " $9; exit }')
		if [ -n "$line" ]; then
			echo "$line"
		else
			echo "linux-spf: stress-ng --$n printed no metric:" >&2
			echo "$out" | tail -n 5 >&2
		fi
	done
}

# fault_contention with ARGS; its progress lines on stderr are dropped,
# but if it fails, a "linux-spf: fault_contention failed" line with its
# last words tells the host (which then stops the bench).
contention_run() {
	/guest/fault_contention "$@" 2>/tmp/fault_contention.err
	rc=$?
	[ $rc = 0 ] && return 0
	echo "linux-spf: fault_contention failed (exit $rc, options $*): $(tail -n 2 /tmp/fault_contention.err | tr '\n' ' ')"
	return 1
}

# Program start-up: "stress-ng --version" (dynamically linked against
# some 25 libraries; x86_64 only) started over and over.
startup() {
	if [ ! -x /guest/stress-ng ]; then
		echo "linux-spf: no /guest/stress-ng: startup skipped" >&2
		return 0
	fi
	/guest/exec_rate -r 1 -t "$1" /guest/stress-ng --version 2>/tmp/exec_rate.err ||
		echo "linux-spf: exec_rate failed: $(tail -n 2 /tmp/exec_rate.err | tr '\n' ' ')"
}

# Swap on zram0 for contention-swap, once per boot.
swap_on() {
	grep -q '^/' /proc/swaps && return 0
	echo 64M >/sys/block/zram0/disksize && mkswap /dev/zram0 >/dev/null &&
		swapon /dev/zram0 && return 0
	echo "linux-spf: cannot set up swap on zram0: contention-swap skipped" >&2
	return 1
}

# NUMA balancing for contention-numa: on, scanning every 10 ms of the
# task's run time after no delay, or back to the values it had.
numa_knobs="/proc/sys/kernel/numa_balancing:1"
for k in scan_delay_ms:0 scan_period_min_ms:10 scan_period_max_ms:10 scan_size_mb:256; do
	numa_knobs="$numa_knobs /sys/kernel/debug/sched/numa_balancing/$k"
done
numa_on() {
	for kv in $numa_knobs; do
		[ -w "${kv%:*}" ] && continue
		echo "linux-spf: no NUMA balancing knob ${kv%:*}: contention-numa skipped" >&2
		return 1
	done
	: >/tmp/numa-saved
	for kv in $numa_knobs; do
		echo "${kv%:*}:$(cat "${kv%:*}")" >>/tmp/numa-saved
		echo "${kv##*:}" >"${kv%:*}"
	done
}
numa_off() {
	while IFS= read -r kv; do
		echo "${kv##*:}" >"${kv%:*}"
	done </tmp/numa-saved
}

if [ "$bench" = cost ]; then
	# The same addresses in every process and boot: where a mapping lands
	# decides how many page tables it needs.
	echo 0 >/proc/sys/kernel/randomize_va_space
	# off, on, on, off for each operation, so that a drift over the boot
	# (memory fragmenting, caches growing) does not favour one setting.
	order="$modes"
	[ "$modes" = "off on" ] && order="off on on off"
	for thp in $(echo "$thps" | tr , ' '); do
		echo "$thp" >$thpfile ||
			echo "linux-spf: cannot set transparent_hugepage to '$thp'"
		for op in $(echo "${ops:-$(/guest/op_cost -l)}" | tr , ' '); do
			for mode in $order; do
				case $mode in
				off) echo 0 >$sysctl ;;
				on) echo 1 >$sysctl ;;
				esac
				echo "linux-spf: bench mode $mode thp $thp round 1"
				# Marks the start of the run for cost-profile.sh.
				sync
				/guest/op_cost -r "$rounds" "$op" >/tmp/op_cost.out 2>&1 ||
					echo "linux-spf: op_cost $op failed: $(grep -v '^result ' /tmp/op_cost.out | head -n 3)"
				grep '^result ' /tmp/op_cost.out
			done
		done
	done
	exit 0
fi

r=1
while [ $r -le "$rounds" ]; do
	for thp in $(echo "$thps" | tr , ' '); do
		echo "$thp" >$thpfile ||
			echo "linux-spf: cannot set transparent_hugepage to '$thp'"
		for mode in $modes; do
			case $mode in
			off) echo 0 >$sysctl ;;
			on) echo 1 >$sysctl ;;
			esac
			for s in $(echo "$scenarios" | tr , ' '); do
				echo "linux-spf: bench mode $mode thp $thp round $r"
				spf_counters >/tmp/spf-before
				name=
				case $s in *:*) name=${s#*:} ;; esac
				case ${s%%:*} in
				scaling) /guest/fault_scaling -r 1 -t "$seconds" $name ;;
				writers) /guest/writer_cost -r 1 -t "$seconds" $name ;;
				contention) contention_run -r 1 -t "$seconds" $name ;;
				contention-separate) contention_run -s -r 1 -t "$seconds" $name ;;
				contention-thp)
					echo always >$thpfile
					contention_run -n @thp -r 1 -t "$seconds" $name
					echo "$thp" >$thpfile ;;
				contention-swap) swap_on && contention_run -w -r 1 -t "$seconds" $name ;;
				contention-numa)
					numa_on && {
						contention_run -b -r 1 -t "$seconds" $name
						numa_off
					} ;;
				contention-file) contention_run -f read -r 1 -t "$seconds" $name ;;
				contention-file-cow) contention_run -f cow -r 1 -t "$seconds" $name ;;
				contention-tmpfs) contention_run -f shared -r 1 -t "$seconds" $name ;;
				startup) startup "$seconds" ;;
				stress-ng) stress_ng "$seconds" $name ;;
				*) echo "linux-spf: unknown bench scenario '$s'" >&2 ;;
				esac | grep -E '^(result|latency|linux-spf: (fault_contention|exec_rate)) '
				spf_counters >/tmp/spf-after
				spf_results "$s" 1
			done
		done
	done
	r=$((r + 1))
done

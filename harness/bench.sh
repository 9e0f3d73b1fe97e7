#!/bin/bash
# make bench: the base kernel, the patched kernel with
# CONFIG_SPECULATIVE_PAGE_FAULT=n, the patched kernel and the reference
# kernel (Debian's 6.12 with upstream per-VMA locks; x86_64, release
# configs) booted in turn, A B C D A B C D ..., each boot running the
# guest benchmarks (guest/bench.sh); then the report (bench-report.py)
# and its chart (bench-chart.sh).  The =n build is the control: it should
# match the base, so a difference between it and the base is noise or
# code layout, not the series.
#
#   BENCH_REPS      boots per kernel (default 3)
#   BENCH_ROUNDS    rounds per boot (default 3)
#   BENCH_SECONDS   seconds per scenario and round (default 2)
#   BENCH_SCENARIOS comma list of groups: scaling writers contention
#                   contention-separate contention-thp contention-swap
#                   contention-numa contention-file contention-file-cow
#                   contention-tmpfs startup stress-ng (the default), or
#                   GROUP:NAME for one scenario of a group:
#                   scaling:single|own-vmas|same-vma|cow,
#                   writers:mmap|brk|fork|exit,
#                   contention[-separate|-thp|-swap|-numa|-file|-file-cow|-tmpfs]:mmap|mprotect|uffd
#                   (the writer),
#                   stress-ng:fault|mmap|mremap|madvise
#   BENCH_REF=0     leave out the 6.12 reference kernel
#   BENCH_THP       comma list of transparent_hugepage modes to run each
#                   scenario under: always madvise never (default madvise)
#   BENCH_QUICK=1   smoke run: 1 boot each, 1 round, 1 second
#
# Raw logs, results.csv, report.txt, ratios.tsv and ratios.svg in
# build/bench/.
#
# BENCH_MODE=cost counts instead of timing: each kernel boots with one
# vCPU whose clock counts instructions (QEMU -icount, see run-guest.sh)
# and runs bench/op_cost.c, fixed batches of single operations (faults,
# mmap, mprotect, fork, ...), so a cost per operation reads in guest
# nanoseconds = instructions, nearly free of host noise.  BENCH_OPS picks
# operations (comma list, default all), BENCH_ROUNDS is the number of
# batches (default 5), BENCH_REPS the boots (default 1); the patched
# kernel runs them with the sysctl at 0 and at 1.  Output in
# build/bench-cost/.
. "$(dirname "$0")/lib.sh"

mode=${BENCH_MODE:-time}
case $mode in
time) out=$BUILD/bench ;;
cost) out=$BUILD/bench-cost ;;
*) die "BENCH_MODE must be time or cost, not '$mode'" ;;
esac
if [ "${BENCH_QUICK:-0}" = 1 ]; then
	reps=1 rounds=1 seconds=1
elif [ "$mode" = cost ]; then
	reps=${BENCH_REPS:-1} rounds=${BENCH_ROUNDS:-5} seconds=1
else
	reps=${BENCH_REPS:-3} rounds=${BENCH_ROUNDS:-3} seconds=${BENCH_SECONDS:-2}
fi
scenarios=${BENCH_SCENARIOS:-scaling,writers,contention,contention-separate,contention-thp,contention-swap,contention-numa,contention-file,contention-file-cow,contention-tmpfs,startup,stress-ng}
thps=${BENCH_THP:-madvise}
positive() { [[ $2 =~ ^[1-9][0-9]*$ ]] || die "$1 must be a positive whole number, not '$2'"; }
positive BENCH_REPS "$reps"
positive BENCH_ROUNDS "$rounds"
[ "$mode" = time ] || [ "$rounds" -le 64 ] || die "BENCH_ROUNDS must be 64 or less in the cost mode, not '$rounds'"
positive BENCH_SECONDS "$seconds"
declare -A names=([scaling]="single own-vmas same-vma cow" [writers]="mmap brk fork exit"
	[contention]="mmap mprotect uffd" [contention-separate]="mmap mprotect uffd"
	[contention-thp]="mmap mprotect uffd" [contention-swap]="mmap mprotect uffd"
	[contention-numa]="mmap mprotect uffd" [contention-file]="mmap mprotect uffd"
	[contention-file-cow]="mmap mprotect uffd" [contention-tmpfs]="mmap mprotect uffd"
	[startup]="" [stress-ng]="fault mmap mremap madvise")
for s in ${scenarios//,/ }; do
	group=${s%%:*}
	[ -n "$group" ] && [ -n "${names[$group]+set}" ] ||
		die "unknown scenario group '$group' in BENCH_SCENARIOS (known: $(printf '%s\n' "${!names[@]}" | sort | paste -sd ' '))"
	[ "$group" = "$s" ] || [[ " ${names[$group]} " = *" ${s#*:} "* ]] ||
		die "unknown scenario '${s#*:}' in group $group of BENCH_SCENARIOS (known: ${names[$group]:-none, the group is one scenario})"
done
known_ops=$(sed -n 's/^\t{ "\([a-z-]*\)", op_.*/\1/p' "$TOP/bench/op_cost.c" | tr '\n' ' ')
ops=${BENCH_OPS:-${known_ops% }}
ops=${ops// /,}
for o in ${ops//,/ }; do
	[[ " $known_ops" = *" $o "* ]] || die "unknown operation '$o' in BENCH_OPS (known: ${known_ops% })"
done
case ${BENCH_REF:-1} in
0) ref=0 ;;
1) ref=1 ;;
*) die "BENCH_REF must be 0 or 1, not '${BENCH_REF}'" ;;
esac
for t in ${thps//,/ }; do
	case $t in
	always|madvise|never) ;;
	*) die "unknown THP mode '$t' in BENCH_THP (known: always madvise never)" ;;
	esac
done

basetree=$BUILD/base-tree
mkdir -p "$out/raw"
rm -f "$out"/raw/*.log

# The base kernel is built from a worktree of build/linux at tag "base".
if [ ! -e "$basetree/.git" ]; then
	git -C "$KSRC" worktree prune
	git -C "$KSRC" worktree add -q --detach "$basetree" base ||
		die "cannot create the base worktree $basetree"
fi
git -C "$basetree" checkout -q --detach base
KSRC=$basetree OBJ=$BUILD/obj/x86_64-release-base "$TOP/harness/build-kernel.sh" x86_64 release
OBJ=$BUILD/obj/x86_64-release-nospf FRAGMENTS=$TOP/configs/spf-off.config \
	"$TOP/harness/build-kernel.sh" x86_64 release
"$TOP/harness/build-kernel.sh" x86_64 release
variants=(base nospf patched)
if [ $ref = 1 ]; then
	"$TOP/harness/prepare-ref.sh"
	KSRC=$REF_TREE OBJ=$BUILD/obj/x86_64-release-ref FRAGMENTS=$TOP/configs/ref-6.12.config \
		"$TOP/harness/build-kernel.sh" x86_64 release
	variants+=(ref)
fi
"$TOP/harness/build-initramfs.sh" x86_64 release
for v in "${variants[@]}"; do
	[ "$v" = patched ] ||
		cp "$BUILD/initramfs-x86_64-release.cpio.gz" "$BUILD/initramfs-x86_64-release-$v.cpio.gz"
done

nthp=$(echo "$thps" | tr , '\n' | wc -l)
if [ "$mode" = cost ]; then
	# About 6 s per batch of every operation (single-threaded TCG with
	# -icount), four runs (off, on, on, off) on the patched kernel, 60 s
	# of boot: 3 min with the defaults.
	per_boot=$((60 + (rounds + 1) * nthp * 6 * 4))
	export GUEST_ICOUNT=1
	export GUEST_CMDLINE="nokaslr spf.bench=cost spf.rounds=$rounds spf.ops=$ops spf.thp=$thps"
else
	nscen=$(( $(echo "$scenarios" | tr , '\n' | wc -l) * nthp ))
	# About 12 s per scenario run (TCG), two modes on the patched kernel,
	# plus about 60 s of boot.
	per_boot=$((60 + rounds * nscen * (seconds + 10) * 2))
	export GUEST_CMDLINE="spf.rounds=$rounds spf.seconds=$seconds spf.scenarios=$scenarios spf.thp=$thps"
fi
timeout=$((per_boot * 3 + 300))
total=$((reps * ${#variants[@]})) n=0 start=$SECONDS
for rep in $(seq "$reps"); do
	for variant in "${variants[@]}"; do
		n=$((n + 1))
		flavor=release
		[ $variant = patched ] || flavor=release-$variant
		if [ $n -gt 1 ]; then
			left=$(( (SECONDS - start) * (total - n + 1) / (n - 1) ))
		else
			left=$((per_boot * total))
		fi
		note "bench boot $n/$total: $variant kernel (repetition $rep/$reps), about $((left / 60)) min left"
		"$TOP/harness/run-guest.sh" x86_64 "$flavor" bench "$timeout"
		log=$BUILD/log/results-x86_64-$flavor-bench.log
		grep -q '^linux-spf: guest done' "$log" ||
			{ tail -n 20 "$log" >&2; die "the benchmark did not finish on the $variant kernel; job output: $log, console: ${log/results-/console-}"; }
		! grep -E '^linux-spf: (op_cost .* failed|fault_contention failed|exec_rate failed)' "$log" >&2 ||
			die "a benchmark program failed on the $variant kernel (above); job output: $log, console: ${log/results-/console-}"
		cp "$log" "$out/raw/$variant-$rep.log"
	done
done
python3 "$TOP/harness/bench-report.py" "$out" "$out"/raw/*.log
[ "$mode" = cost ] || "$TOP/harness/bench-chart.sh" "$out"

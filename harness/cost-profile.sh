#!/bin/bash
# Where a cost-mode operation's instructions go, per kernel function: boot
# the kernel as BENCH_MODE=cost does (one vCPU under -icount), with a QEMU
# plugin (harness/qemu/insn_profile.c) that counts every kernel instruction
# executed, and report each run of the operation by function, the sysctl at
# 0 beside 1 (profile-report.py).  x86_64 only, like the benchmarks.
#
#   cost-profile.sh OP[,OP...] [FLAVOR]     FLAVOR: release (default),
#                                           release-base, release-nospf
#   PROFILE_PER=SYMBOL  normalise per run of SYMBOL (default exc_page_fault;
#                       __x64_sys_mprotect for mprotect, and so on)
#   PROFILE_TOP=N       functions listed per operation (default 25)
#   BENCH_ROUNDS        batches per run (default 3)
#
# Output: build/profile/FLAVOR-OPS.txt, and the raw dumps beside it.
. "$(dirname "$0")/lib.sh"

ops=${1:?usage: cost-profile.sh OP[,OP...] [FLAVOR]}
flavor=${2:-release}
rounds=${BENCH_ROUNDS:-3}
[[ $ops =~ ^[a-z-]+(,[a-z-]+)*$ ]] || die "cost-profile.sh: bad operation list '$ops' (see 'op_cost -l')"
obj=$BUILD/obj/x86_64-$flavor
case $flavor in
release) ;;
release-base | release-nospf)
	[ -f "$obj/System.map" ] || die "$obj has no kernel: run 'BENCH_MODE=cost make bench' first" ;;
*) die "cost-profile.sh: FLAVOR must be release, release-base or release-nospf, not '$flavor'" ;;
esac
command -v gcc >/dev/null || die "gcc not found: run 'make deps'"

out=$BUILD/profile
mkdir -p "$out"
plugin=$out/insn_profile.so
gcc -O2 -Wall -shared -fPIC -o "$plugin" "$TOP/harness/qemu/insn_profile.c" ||
	die "cannot build the QEMU plugin harness/qemu/insn_profile.c"
[ "$flavor" != release ] || "$TOP/harness/build-kernel.sh" x86_64 release
# The guest's bench.sh must be the one that calls sync before each run.
"$TOP/harness/build-initramfs.sh" x86_64 "$flavor"
trigger=$(awk '$3 == "ksys_sync" { print "0x" $1 }' "$obj/System.map")
[ -n "$trigger" ] || die "no ksys_sync in $obj/System.map"

dumps=$out/$flavor-${ops//,/_}.dumps
report=$out/$flavor-${ops//,/_}.txt
rm -f "$dumps"
GUEST_ICOUNT=1 GUEST_PLUGIN="$plugin,trigger=$trigger,out=$dumps" \
GUEST_CMDLINE="nokaslr spf.bench=cost spf.rounds=$rounds spf.thp=madvise spf.ops=$ops" \
	"$TOP/harness/run-guest.sh" x86_64 "$flavor" profile 1800
results=$BUILD/log/results-x86_64-$flavor-profile.log
! grep -m1 'op_cost .* failed' "$results" >&2 || die "an operation failed in the guest: see $results"
"$TOP/harness/profile-report.py" "$obj/System.map" "$dumps" "$results" \
	--per "${PROFILE_PER:-exc_page_fault}" --top "${PROFILE_TOP:-25}" >"$report" ||
	die "profile-report.py failed on $dumps"
cat "$report"
note "report in $report"

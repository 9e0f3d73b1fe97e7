#!/bin/bash
# Boot a built kernel and initramfs under QEMU and run one guest job.
#   run-guest.sh ARCH FLAVOR JOB TIMEOUT_SECONDS
# Kernel console -> build/log/console-ARCH-FLAVOR-JOB.log (serial port),
# job output     -> build/log/results-ARCH-FLAVOR-JOB.log (virtio console).
# A boot that has not powered off after TIMEOUT is killed and fails with
# the console log's path and last lines.  QEMU=... overrides the emulator
# binary (the harness tests use that to fake a hung boot).  GUEST_ICOUNT=1
# boots one vCPU whose clock counts instructions (-icount shift=0: one
# guest nanosecond per instruction, sleep=off: idle time is skipped), for
# the cost benchmark; otherwise GUEST_CPUS vCPUs run in parallel.
# GUEST_PLUGIN=SO,ARGS loads a TCG plugin (cost-profile.sh).
. "$(dirname "$0")/lib.sh"

arch=${1:?usage: run-guest.sh ARCH FLAVOR JOB TIMEOUT}
flavor=${2:?}; job=${3:?}; limit=${4:?}
# shellcheck source=qemu/x86_64.sh
. "$TOP/harness/qemu/$arch.sh" 2>/dev/null || die "no QEMU settings for arch '$arch' in harness/qemu/"
obj=$BUILD/obj/$arch-$flavor
initrd=$BUILD/initramfs-$arch-$flavor.cpio.gz
console=$BUILD/log/console-$arch-$flavor-$job.log
results=$BUILD/log/results-$arch-$flavor-$job.log
[ -n "${QEMU:-}" ] || [ -f "$obj/$kernel_image" ] || die "$obj/$kernel_image missing: build the kernel first"
[ -n "${QEMU:-}" ] || [ -f "$initrd" ] || die "$initrd missing: build the initramfs first"
mkdir -p "$BUILD/log"
rm -f "$console" "$results"

# GUEST_CPUS vCPUs (default 2), one socket each so that the two NUMA nodes
# (migration and ksm -N need them) split no cache domain; 4 GiB so that
# mremap_test's 2 GiB mappings fit; 256 huge pages for the hugetlb tests
# (map_hugetlb and hugepage-shm map 256 MiB); secretmem for memfd_secret.
case ${GUEST_ICOUNT:-0} in
0)
	cpus=${GUEST_CPUS:-2}
	[ "$cpus" -ge 2 ] 2>/dev/null || die "GUEST_CPUS must be 2 or more (one vCPU per NUMA node at least), not '$cpus'"
	cpu_args=(-accel tcg,thread=multi -smp "$cpus,sockets=$cpus" -m 4G
		-object memory-backend-ram,id=m0,size=2G -numa node,nodeid=0,cpus=0,memdev=m0
		-object memory-backend-ram,id=m1,size=2G -numa node,nodeid=1,cpus=1-$((cpus - 1)),memdev=m1) ;;
1)
	cpu_args=(-accel tcg,thread=single -icount shift=0,sleep=off -smp 1 -m 4G) ;;
*) die "GUEST_ICOUNT must be 0 or 1, not '$GUEST_ICOUNT'" ;;
esac
cmdline="console=$console_dev ${kernel_args:-}panic=-1 hugepages=256 secretmem.enable=1 spf.job=$job ${GUEST_CMDLINE:-}"
args=("${qemu_args[@]}" "${cpu_args[@]}" -nodefaults -display none -no-reboot
	-kernel "$obj/$kernel_image" -initrd "$initrd" -append "$cmdline"
	-chardev file,id=con,path="$console" -serial chardev:con
	-device virtio-serial-pci -chardev file,id=res,path="$results"
	-device virtconsole,chardev=res)
[ -z "${GUEST_PLUGIN:-}" ] || args+=(-plugin "$GUEST_PLUGIN")

note "booting $arch-$flavor, job '$job' (timeout ${limit}s, console: $console)"
start=$SECONDS
rc=0
timeout --kill-after=10 "$limit" "${QEMU:-$qemu_bin}" "${args[@]}" </dev/null >"$BUILD/log/qemu-$arch-$flavor-$job.log" 2>&1 || rc=$?
touch "$console" "$results"
if [ $rc = 124 ] || [ $rc = 137 ]; then
	echo "----- last 30 lines of $console -----" >&2
	tail -n 30 "$console" >&2
	echo "-----" >&2
	die "QEMU timed out after ${limit}s ($arch-$flavor, job $job); console log: $console, job output: $results"
elif [ $rc != 0 ]; then
	cat "$BUILD/log/qemu-$arch-$flavor-$job.log" >&2
	die "QEMU exited with $rc ($arch-$flavor, job $job); console log: $console"
fi
note "guest finished in $((SECONDS - start))s"

#!/bin/sh
# The soak of "make check": stress-ng's mm stressors, one instance each,
# all at once, with --verify, for SECONDS (default 60) on a kernel with
# speculative faults on.  Fails when stress-ng reports any failure (its
# own verification included) or when no fault went speculative, which
# would mean the soak tested nothing of the series.  A kernel splat, a
# "Bad rss-counter" line included, fails the run through the verdict.
secs=${1:-60}
sysctl=/proc/sys/vm/speculative_page_fault
fail() { echo "soak: $*"; exit 1; }
[ -r "$sysctl" ] || fail "no $sysctl: not a kernel with speculative faults"
[ "$(cat "$sysctl")" = 1 ] || fail "$sysctl is $(cat "$sysctl"), not 1"
[ -x /guest/stress-ng ] || fail "/guest/stress-ng missing from the initramfs"
counter() { awk -v k="$1" '$1 == k { print $2 }' /proc/vmstat; }
attempt=$(counter spf_attempt) abort=$(counter spf_abort)

# Sizes keep the memory of all of them well inside the guest's.
/guest/stress-ng --temp-path /tmp --verify --timeout "${secs}s" \
	--metrics-brief \
	--fault 1 --mmap 1 --mmap-bytes 16M --mremap 1 --mremap-bytes 16M \
	--madvise 1 --mprotect 1 --pagemove 1 --pagemove-bytes 1M \
	--userfaultfd 1 --userfaultfd-bytes 4M --munmap 1 --mlock 1 \
	--brk 1 --stack 1 --fork 1 --mmapfork 1 --vm 1 --vm-bytes 8M \
	--mmapfixed 1 --mmapaddr 1 --remap 1 --vm-segv 1
rc=$?
done_=$(($(counter spf_attempt) - attempt - ($(counter spf_abort) - abort)))
echo "soak: stress-ng exited $rc; $done_ speculative faults"
[ "$rc" = 0 ] || fail "stress-ng failed (exit $rc, see above)"
[ "$done_" -gt 0 ] || fail "no fault was speculative"

# linux-spf: speculative page faults for Linux 6.1 -- series and harness.
#
#   make            install what is needed, build the series on the pinned
#                   base (x86_64, release config), boot it under QEMU and
#                   run the fault-contention demo, with the sysctl at 0
#                   and at 1 side by side
#   make check      every test: harness self-tests, series checks
#                   (apply, checkpatch, sparse), and on x86_64 and arm64
#                   debug kernels the KUnit suites and mm selftests, with
#                   any kernel splat failing the run
#
# Series workflow (see README.md):
#   make prepare    build/linux = base + patches/ as git commits
#   make export     build/linux base..HEAD -> patches/ (only patches/ is kept)
#
#   make bisect     every prefix of the series builds with the option on
#                   and off (x86_64 release, -Werror; ARCH=arm64 too;
#                   BISECT_FROM=N only the prefixes from patch N on)
#   make bench      base kernel, patched with the option off, patched,
#                   and Debian's 6.12 (per-VMA locks) for reference,
#                   booted in turn: fault scaling, writer costs, fault
#                   contention, stress-ng; table and chart in build/bench/
#                   (BENCH_QUICK=1 for a smoke run, BENCH_SCENARIOS=...
#                   or GROUP:NAME for one scenario, BENCH_REF=0 without
#                   6.12, BENCH_THP=madvise,never, BENCH_REPS,
#                   BENCH_ROUNDS, BENCH_SECONDS: see harness/bench.sh)
#   BENCH_MODE=cost make bench
#                   the same kernels, one vCPU under QEMU -icount (guest
#                   time = instructions): the cost of single operations
#                   (faults, mmap, mprotect, fork, ...) with a resolution
#                   of about 0.1%; table in build/bench-cost/
#
# Smaller steps: make deps | kernel ARCH=.. FLAVOR=.. | demo | clean
# | clean-tree (drops build/linux: commit and export first)

ARCH ?= x86_64
FLAVOR ?= release
H := harness

.PHONY: all demo check bisect bench deps prepare export kernel clean clean-tree help

all: demo

help:
	@sed -n '3,/^$$/p' Makefile | sed 's/^# \{0,1\}//'

deps:
	@$(H)/deps.sh

prepare: deps
	@$(H)/prepare-base.sh

export:
	@$(H)/export-series.sh

kernel: prepare
	@$(H)/build-kernel.sh $(ARCH) $(FLAVOR)

demo: prepare
	@$(H)/build-kernel.sh x86_64 release
	@$(H)/build-initramfs.sh x86_64 release
	@GUEST_CMDLINE="spf.scenarios=contention spf.rounds=3 spf.seconds=2" \
		$(H)/run-guest.sh x86_64 release demo 900
	@$(H)/show-demo.sh build/log/results-x86_64-release-demo.log

check: prepare
	@$(H)/check.sh

bisect: prepare
	@ARCH=$(ARCH) $(H)/check-bisect.sh

bench: prepare
	@$(H)/bench.sh

clean:
	rm -rf build/obj build/initramfs build/selftests build/log build/bench build/bench-cost build/demo build/*.cpio.gz

clean-tree:
	@$(H)/export-series.sh --check || { echo "error: build/linux differs from patches/: 'make export' first, or rm -rf build/linux by hand" >&2; exit 1; }
	rm -rf build/linux build/series-check build/bisect-check build/base-tree build/ref-6.12

#!/bin/bash
# "make bisect": every prefix of the series builds, with the speculative
# page fault option on (Kconfig default) and off, warnings as errors.
# Applies patches/ one by one in a scratch worktree (build/bisect-check)
# and builds x86_64 (ARCH=arm64 for the other) release kernels in
# build/obj/bisect-{on,off}, incrementally from one patch to the next.
# BISECT_FROM=N builds only the prefixes from patch N on (the earlier
# patches are applied, not built): for checking what a session added.
. "$(dirname "$0")/lib.sh"

arch=${ARCH:-x86_64}
from=${BISECT_FROM:-1}
[[ $from =~ ^[1-9][0-9]*$ ]] || die "BISECT_FROM must be a patch number (1 or more), not '$from'"
[ -d "$KSRC/.git" ] || die "$KSRC does not exist: run 'make prepare'"
mapfile -t series < <(find "$PATCHES" -maxdepth 1 -name '[0-9]*.patch' ! -name '0000-*' | sort)
[ "$from" -le ${#series[@]} ] || die "BISECT_FROM=$from, but the series has ${#series[@]} patches"
wt=$BUILD/bisect-check
if [ ! -d "$wt" ]; then
	git -C "$KSRC" worktree prune
	git -C "$KSRC" worktree add -q --detach "$wt" base
fi
git -C "$wt" am --abort >/dev/null 2>&1 || true
git -C "$wt" checkout -q --detach -f base

start=$SECONDS
n=0
for p in "${series[@]}"; do
	n=$((n + 1))
	git -C "$wt" am -q --keep-cr "$p" >/dev/null 2>&1 ||
		{ git -C "$wt" am --abort; die "$(basename "$p") does not apply: run 'make check' for details"; }
	[ $n -ge "$from" ] || continue
	for opt in on off; do
		frag=""
		[ $opt = off ] && frag=$TOP/configs/spf-off.config
		note "[$n/${#series[@]}] $(basename "$p"), option $opt"
		KSRC=$wt OBJ=$BUILD/obj/bisect-$arch-$opt FRAGMENTS=$frag KCFLAGS=-Werror \
			"$TOP/harness/build-kernel.sh" "$arch" release ||
			die "$(basename "$p") does not build with the option $opt ($arch, warnings are errors); log: $BUILD/log/build-bisect-$arch-$opt.log"
	done
done
echo "bisect: patches $from-${#series[@]} of ${#series[@]} build with the option on and off ($arch) in $((SECONDS - start))s"

#!/bin/bash
# Checks on patches/ itself, independent of build/linux's state:
#  1. every patch applies in order on the pinned base (in a scratch
#     worktree, build/series-check);
#  2. scripts/checkpatch.pl --strict is silent on every patch;
#  3. sparse (C=2) reports nothing on the touched files that it did not
#     report on the same files of the base (x86_64, debug config).
# Prints "series: N passed, N failed, 0 skipped" over the three checks.
. "$(dirname "$0")/lib.sh"

[ -d "$KSRC/.git" ] || die "$KSRC does not exist: run 'make prepare'"
wt=$BUILD/series-check
mapfile -t series < <(find "$PATCHES" -maxdepth 1 -name '[0-9]*.patch' ! -name '0000-*' | sort)
passed=0 failed=0
pass() { passed=$((passed + 1)); note "series: $1: ok"; }
fail() { failed=$((failed + 1)); echo "series: $1: FAILED" >&2; }

if [ ! -d "$wt" ]; then
	git -C "$KSRC" worktree prune
	git -C "$KSRC" worktree add -q --detach "$wt" base
fi
git -C "$wt" am --abort >/dev/null 2>&1 || true
git -C "$wt" checkout -q --detach -f base
git -C "$wt" clean -qfdx

# 1. apply
applied=1
for p in "${series[@]}"; do
	if ! git -C "$wt" am -q --keep-cr "$p" >"$BUILD/series-am.log" 2>&1; then
		echo "$(basename "$p") does not apply on the base plus the patches before it:" >&2
		cat "$BUILD/series-am.log" >&2
		{ git -C "$wt" am --show-current-patch=diff 2>/dev/null | head -n 60; } >&2 || true
		git -C "$wt" am --abort >/dev/null 2>&1 || true
		applied=0
		break
	fi
done
[ $applied = 1 ] && pass "${#series[@]} patches apply on $BASE_PKG $BASE_VERSION" || fail "apply"

# 2. checkpatch
bad=0
for p in "${series[@]}"; do
	# Debian's python3 (python3-ply, python3-git) for the SPDX check,
	# even where a pyenv or venv python3 comes first in PATH.  Any output
	# is a finding, except UNKNOWN_COMMIT_ID: the base is a tarball with
	# no history, so no commit a Fixes: tag names can be found in it (the
	# tag's format is still checked, as BAD_FIXES_TAG).
	out=$(cd "$wt" && PATH=/usr/bin:$PATH perl scripts/checkpatch.pl --strict --quiet --no-summary \
		--ignore UNKNOWN_COMMIT_ID "$p" 2>&1) &&
		[ -z "$out" ] || out=${out:-checkpatch exited non-zero}
	if [ -n "$out" ]; then
		echo "checkpatch --strict on $(basename "$p"):" >&2
		echo "$out" >&2
		bad=1
	fi
done
[ $bad = 0 ] && pass "checkpatch --strict clean" || fail "checkpatch --strict"

# 3. sparse on the touched .c files, base vs series (headers are checked
#    as part of the touched .c files that include them)
mapfile -t files < <(git -C "$wt" diff --name-only --diff-filter=AM base HEAD -- '*.c' |
	grep -E '^(mm|kernel|fs|arch/x86|lib|include)/' || true)
if [ $applied = 0 ]; then
	fail "sparse (series does not apply)"
elif [ ${#files[@]} = 0 ]; then
	pass "sparse: no C files touched"
else
	cfg=$BUILD/obj/x86_64-debug/.config
	[ -f "$cfg" ] || "$TOP/harness/build-kernel.sh" x86_64 debug --config-only
	run_sparse() { # REV OUT
		local obj=$BUILD/obj/sparse-$1
		git -C "$wt" checkout -q --detach "$1"
		mkdir -p "$obj" && cp "$cfg" "$obj/.config"
		logged "$BUILD/log/sparse-prepare-$1.log" make -C "$wt" O="$obj" CC="ccache gcc" olddefconfig prepare -j"$(nproc)"
		: >"$2"
		for f in "${files[@]}"; do
			[ -f "$wt/$f" ] || continue
			make -C "$wt" O="$obj" CC="ccache gcc" C=2 "${f%.c}.o" >"$2.log" 2>&1 ||
				{ cat "$2.log" >&2; echo "sparse: building $f failed at $1 (log above)" >&2; return 1; }
			grep -E '^[^ ]+:[0-9]+:[0-9]+: (warning|error):' "$2.log" |
				sed -E 's/:[0-9]+:[0-9]+:/:/' >>"$2" || true
		done
		sort -o "$2" "$2"
	}
	head=$(git -C "$wt" rev-parse HEAD)
	if run_sparse base "$BUILD/log/sparse-base.txt" &&
	   run_sparse "$head" "$BUILD/log/sparse-series.txt"; then
		new=$(comm -13 "$BUILD/log/sparse-base.txt" "$BUILD/log/sparse-series.txt")
		if [ -z "$new" ]; then
			pass "sparse: nothing new in ${#files[@]} touched files"
		else
			echo "sparse warnings the series adds:" >&2
			echo "$new" >&2
			fail "sparse"
		fi
	else
		fail "sparse (a touched file does not build)"
	fi
fi

echo "series: $passed passed, $failed failed, 0 skipped"
[ $failed = 0 ]

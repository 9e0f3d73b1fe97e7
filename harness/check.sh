#!/bin/bash
# "make check": harness self-tests, series checks, then for each arch the
# debug kernel, the guest, KUnit + mm selftests and the splat check.  Goes
# on after a failure so one run shows everything; exits non-zero if any
# part failed.  ARCHES="x86_64" limits the arches, TESTS="a b" the
# selftests (names from guest/selftests.list).
. "$(dirname "$0")/lib.sh"
# Keep going after failures; the verdict files decide the exit status.
set +e

arches=${ARCHES:-x86_64 arm64}
timeout_x86_64=${CHECK_TIMEOUT_X86_64:-1200}
timeout_arm64=${CHECK_TIMEOUT_ARM64:-900}
for t in ${TESTS:-}; do
	awk -v t="$t" '!/^#/ && ($1 == t || ($1 == "skip" && $2 == t)) { found = 1 } END { exit !found }' \
		"$TOP/guest/selftests.list" || die "TESTS: no test '$t' in guest/selftests.list"
done
rm -f "$BUILD"/log/verdict-*.json
mkdir -p "$BUILD/log"
times=$BUILD/log/check-times.txt
: >"$times"
status=0

step() { # NAME CMD...
	local name=$1 start=$SECONDS rc=0
	shift
	"$@" || rc=$?
	printf '%-32s %5ds %s\n' "$name" $((SECONDS - start)) "$([ $rc = 0 ] && echo ok || echo FAILED)" >>"$times"
	[ $rc = 0 ] || status=1
	return $rc
}
# Turn the "NAME: N passed, N failed, N skipped" line a step printed into
# the JSON that verdict.py --total adds up.
record() { # NAME LOG
	local line
	line=$(grep -E "^$1: [0-9]+ passed, [0-9]+ failed, [0-9]+ skipped$" "$2" | tail -n 1)
	[ -n "$line" ] || line="$1: 0 passed, 1 failed, 0 skipped"
	echo "$line" | sed -E 's/^([^:]+): ([0-9]+) passed, ([0-9]+) failed, ([0-9]+) skipped$/{"arch": "\1", "passed": \2, "failed": \3, "skipped": \4}/' \
		>"$BUILD/log/verdict-$1.json"
}

# (step's own status is lost in the pipeline; record() reads the summary
# line, and a missing one counts as a failure.)
step harness-tests "$TOP/tests/run.sh" 2>&1 | tee "$BUILD/log/harness-tests.log"
record harness "$BUILD/log/harness-tests.log"
step series "$TOP/harness/check-series.sh" 2>&1 | tee "$BUILD/log/series.log"
record series "$BUILD/log/series.log"

for arch in $arches; do
	limit_var=timeout_$arch
	console=$BUILD/log/console-$arch-debug-check.log
	results=$BUILD/log/results-$arch-debug-check.log
	rm -f "$console" "$results"
	step "build $arch-debug" "$TOP/harness/build-kernel.sh" "$arch" debug &&
		step "initramfs $arch" "$TOP/harness/build-initramfs.sh" "$arch" debug &&
		GUEST_CMDLINE="${TESTS:+spf.only=${TESTS// /,}}" step "boot+tests $arch" "$TOP/harness/run-guest.sh" "$arch" debug check "${!limit_var}"
	# The verdict is also taken on a partial console log (timeout, panic).
	if [ -f "$console" ]; then
		step "verdict $arch" "$TOP/harness/verdict.py" "$arch" "$console" "$results" \
			--kunit --json "$BUILD/log/verdict-$arch.json"
	else
		echo "$arch: 0 passed, 1 failed, 0 skipped" >"$BUILD/log/$arch-none.log"
		record "$arch" "$BUILD/log/$arch-none.log"
	fi
done

echo "----- step times -----"
cat "$times"
echo "----------------------"
"$TOP/harness/verdict.py" --total "$BUILD"/log/verdict-*.json || status=1
exit $status

#!/bin/bash
# "make check": harness self-tests, series checks, then for each arch the
# debug kernel, the guest, KUnit + mm selftests and the splat check.  Goes
# on after a failure so one run shows everything; exits non-zero if any
# part failed.  ARCHES="x86_64" limits the arches.
. "$(dirname "$0")/lib.sh"

arches=${ARCHES:-x86_64 arm64}
timeout_x86_64=${CHECK_TIMEOUT_X86_64:-1800}
timeout_arm64=${CHECK_TIMEOUT_ARM64:-2400}
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
record() { # NAME PASSED FAILED  (for steps that are not guest runs)
	printf '{"arch": "%s", "passed": %d, "failed": %d, "skipped": 0}\n' "$1" "$2" "$3" \
		>"$BUILD/log/verdict-$1.json"
}

if step harness-tests "$TOP/tests/run.sh"; then record harness 1 0; else record harness 0 1; fi
if step series "$TOP/harness/check-series.sh"; then record series 1 0; else record series 0 1; fi

for arch in $arches; do
	limit_var=timeout_$arch
	if step "build $arch-debug" "$TOP/harness/build-kernel.sh" "$arch" debug &&
	   step "initramfs $arch" "$TOP/harness/build-initramfs.sh" "$arch" debug &&
	   GUEST_CPUS=3 step "boot+tests $arch" "$TOP/harness/run-guest.sh" "$arch" debug check "${!limit_var}"; then
		:
	fi
	console=$BUILD/log/console-$arch-debug-check.log
	results=$BUILD/log/results-$arch-debug-check.log
	if [ -f "$console" ]; then
		step "verdict $arch" "$TOP/harness/verdict.py" "$arch" "$console" "$results" \
			--kunit --json "$BUILD/log/verdict-$arch.json" || true
	else
		record "$arch" 0 1
	fi
done

echo "----- step times -----"
cat "$times"
echo "----------------------"
"$TOP/harness/verdict.py" --total "$BUILD"/log/verdict-*.json || status=1
exit $status

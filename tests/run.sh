#!/bin/bash
# Harness self-tests: the verdict on recorded guest logs, and the QEMU
# runner's hard timeout on a hung boot.  Each case in tests/cases/NAME/
# holds console.log, results.log and "expect": the exit status wanted on
# the first line, then patterns (grep -E) that the verdict must print.
set -uo pipefail
TOP=$(cd "$(dirname "$0")/.." && pwd)
passed=0 failed=0

check() { # NAME RC OUTPUT EXPECTFILE
	local name=$1 rc=$2 out=$3 want pat ok=1
	want=$(head -n 1 "$4")
	[ "$rc" = "$want" ] || { echo "  exit status $rc, wanted $want"; ok=0; }
	while IFS= read -r pat; do
		grep -qE -- "$pat" <<<"$out" || { echo "  output lacks /$pat/"; ok=0; }
	done < <(tail -n +2 "$4")
	if [ $ok = 1 ]; then
		passed=$((passed + 1)); echo "ok - $name"
	else
		failed=$((failed + 1)); echo "not ok - $name"; sed 's/^/  | /' <<<"$out"
	fi
}

for dir in "$TOP"/tests/cases/*/; do
	name=$(basename "$dir")
	out=$("$TOP/harness/verdict.py" "$name" "$dir/console.log" "$dir/results.log" --kunit 2>&1)
	check "verdict: $name" $? "$out" "$dir/expect"
done

# A boot that never powers off: the runner must kill it at its timeout and
# point at the console log.
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cat >"$tmp/hung-qemu" <<'EOS'
#!/bin/bash
# Fake QEMU: write a console that stops mid-boot, then hang.
for a in "$@"; do case $a in *path=*console*) con=${a##*path=} ;; esac; done
printf '[    0.000000] Linux version 6.1.0-spf\n[    1.000000] Freeing unused kernel memory\n' >"$con"
exec sleep 600
EOS
chmod +x "$tmp/hung-qemu"
out=$(BUILD=$tmp QEMU=$tmp/hung-qemu "$TOP/harness/run-guest.sh" x86_64 debug hung 5 2>&1)
rc=$?
printf '1\ntimed out after 5s\nconsole log: %s/log/console-x86_64-debug-hung.log\nFreeing unused kernel memory\n' "$tmp" >"$tmp/expect"
check "runner: hung boot times out" $rc "$out" "$tmp/expect"

echo "harness: $passed passed, $failed failed, 0 skipped"
[ $failed = 0 ]

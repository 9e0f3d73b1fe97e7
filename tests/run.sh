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

# The series workflow on a toy tree: export is stable, apply + export is a
# no-op, and a patch that does not apply is named with its rejected hunk.
w=$tmp/series
mkdir -p "$w/build/linux" "$w/patches"
(
	set -e
	cd "$w/build/linux"
	git init -q -b master && git config user.name linux-spf && git config user.email linux-spf@localhost
	printf 'one\ntwo\nthree\n' >mm.c && git add mm.c && git commit -qm base && git tag base
	sed -i 's/two/TWO/' mm.c && git commit -qam "mm: first" -m "Body." -m "Signed-off-by: linux-spf <linux-spf@localhost>"
	echo four >>mm.c && git commit -qam "mm: second" -m "Body." -m "Signed-off-by: linux-spf <linux-spf@localhost>"
) >/dev/null 2>&1
export_() { BUILD=$w/build PATCHES=$w/patches "$TOP/harness/export-series.sh" "$@"; }
apply_() { BUILD=$w/build PATCHES=$w/patches "$TOP/harness/apply-series.sh"; }
out=$( { export_ && ls "$w/patches" && sum1=$(cat "$w"/patches/* | md5sum) &&
	export_ && sum2=$(cat "$w"/patches/* | md5sum) && [ "$sum1" = "$sum2" ] && echo "stable export" &&
	git -C "$w/build/linux" reset -q --hard base && apply_ && export_ --check && echo "apply+export no-op"; } 2>&1)
rc=$?
printf '0\n^0000-cover-letter.patch$\n^0001-mm-first.patch$\n^0002-mm-second.patch$\nstable export\napply\\+export no-op\n' >"$tmp/expect"
check "series: export/apply round trip" $rc "$out" "$tmp/expect"

sed -i 's/^-two$/-zwei/' "$w/patches/0001-mm-first.patch"
out=$(apply_ 2>&1)
rc=$?
printf '1\n0001-mm-first.patch does not apply\nrejected hunks\n-zwei\n' >"$tmp/expect"
check "series: a patch that does not apply is named" $rc "$out" "$tmp/expect"

# The benchmark report on recorded guest logs: columns, ratios, the
# per-round "kept" shares, the noise note, and the CSV.
cp "$TOP"/tests/bench/*.log "$tmp/"
out=$("$TOP/harness/bench-report.py" "$tmp" "$tmp/base-1.log" "$tmp/patched-1.log" 2>&1)
rc=$?
printf '0\nbase +SPF off +SPF on +SPF on/base +on/off\n%s\n%s\n%s\n%s\n%s\n%s\n%s\n' \
	'^faults kept, mmap writer +0\.500 \(0\.500-0\.500\) +0\.500 .* +0\.967 ' \
	'^mmap\+munmap/s +10200 \(10000-10400\) +10100 .* +9900 .* 0\.971 +0\.980 +spread > effect' \
	'^mmap writer kept .* 0\.784 .* 32\.013' \
	'^speculative share, contention +- +- +0\.980 ' \
	'^speculative share of attempted faults, contention +- +- +0\.995 ' \
	'^  contention: pmd 40, marked 7, \(never attempted\) 5$' \
	'^faults kept, mmap writer, file reads +0\.500 \(0\.500-0\.500\) +0\.500 .* +0\.900 ' >"$tmp/expect"
grep -q '^patched,on,-,1,1,faults+mmap/ops,40000.0$' "$tmp/results.csv" || rc="no CSV row"
check "bench: report from recorded logs" "$rc" "$out" "$tmp/expect"

# The chart: the ratios the report wrote, drawn by gnuplot.
out=$("$TOP/harness/bench-chart.sh" "$tmp" 2>&1)
rc=$?
grep -qP '^faults kept, mmap writer\t1\.934\t' "$tmp/ratios.tsv" || rc="no ratio row"
grep -q '<svg' "$tmp/ratios.svg" 2>/dev/null || rc="no SVG"
printf '0\nchart: .*/ratios.svg\n' >"$tmp/expect"
check "bench: chart of the ratios" "$rc" "$out" "$tmp/expect"

# With the 6.12 reference: its column, "SPF on/6.12", its per-VMA-lock
# share and fallbacks, stress-ng's metric, and a noise note that 6.12's
# distance from the series does not hide.
out=$("$TOP/harness/bench-report.py" "$tmp" "$tmp"/{base,patched,ref}-1.log 2>&1)
rc=$?
printf '0\n%s\n%s\n%s\n%s\n%s\n%s\n' \
	'base +SPF off +SPF on +6\.12 +SPF on/base +on/off +SPF on/6\.12' \
	'^faults kept, mmap writer +0\.500 .* +0\.967 \(0\.967-0\.967\) +0\.938 .* 1\.032' \
	'^speculative share, contention +- +- +0\.980 .* +0\.990 ' \
	'^  6\.12 contention: abort 30, retry 3$' \
	'^stress-ng mmap \(4 MiB\), bogo ops/s +- +- +- +50 \(50-50\) ' \
	'^mmap\+munmap/s .* 1\.100 +spread > effect$' >"$tmp/expect"
check "bench: report with the 6.12 reference" "$rc" "$out" "$tmp/expect"
rm "$tmp/ratios.tsv"
out=$("$TOP/harness/bench-chart.sh" "$tmp" 2>&1)
rc=$?
printf '1\nratios.tsv is missing or empty: run bench-report.py first\n' >"$tmp/expect"
check "bench: a chart without ratios is refused" "$rc" "$out" "$tmp/expect"

# The cost mode's report: guest ns per operation, each column against the
# base, on/off, the spread of the batches and the speculative share.
mkdir -p "$tmp/cost"
out=$("$TOP/harness/bench-report.py" "$tmp/cost" "$TOP"/tests/bench/cost/{base,patched}-1.log 2>&1)
rc=$?
printf '0\n%s\n%s\n%s\n%s\n' \
	'base +SPF off +SPF on +SPF off/base +SPF on/base +on/off +spread +share, SPF on' \
	'^anonymous write fault, table present +6300 +6321 +6722 +\+0\.33% +\+6\.70% +\+6\.34% +0\.03% +0\.9999$' \
	'^mmap\+munmap 4 KiB +10403 +10514 +10611 .* 0\.68% +-$' \
	'cost:file-read, THP madvise: unsupported 1285' >"$tmp/expect"
check "bench: cost report from recorded logs" $rc "$out" "$tmp/expect"

# cost-profile.sh's report: the plugin's cumulative dumps, one per run and
# one at exit, turned into instructions per function and per page fault.
p=$TOP/tests/profile
out=$("$TOP/harness/profile-report.py" "$p/System.map" "$p/dumps" "$p/results.log" 2>&1)
rc=$?
printf '0
%s
%s
%s
%s
' '^fault: guest kernel instructions per exc_page_fault' 	'^  \(all\) +53\.0 +65\.5 +\+12\.5$' '^  spf_snapshot +0\.0 +40\.0 +\+40\.0$' 	'^  lock_mm_and_find_vma +50\.0 +12\.5 +-37\.5$' >"$tmp/expect"
check "profile: instructions per function from recorded dumps" $rc "$out" "$tmp/expect"
head -n 5 "$p/dumps" >"$tmp/short.dumps"
out=$("$TOP/harness/profile-report.py" "$p/System.map" "$tmp/short.dumps" "$p/results.log" 2>&1)
rc=$?
printf '1
1 dumps for 2 runs
' >"$tmp/expect"
check "profile: dumps missing for a run are refused" $rc "$out" "$tmp/expect"
out=$(BUILD=$tmp "$TOP/harness/cost-profile.sh" 'fault;ls' 2>&1)
rc=$?
printf '1
bad operation list .fault;ls.
' >"$tmp/expect"
check "profile: a bad operation list is refused" $rc "$out" "$tmp/expect"

# The demo: the patched kernel's two sysctl settings side by side, and a
# log without results refused with the log shown.
out=$(BUILD=$tmp/demo "$TOP/harness/show-demo.sh" "$TOP/tests/bench/patched-1.log" 2>&1)
rc=$?
printf '0\n%s\n%s\n%s\n' 'SPF off +SPF on +on/off' \
	'^faults kept, mmap writer +0\.500 .* +0\.967 .* +1\.934' \
	'^speculative share, contention +- +0\.980' >"$tmp/expect"
check "demo: sysctl 0 and 1 side by side" $rc "$out" "$tmp/expect"
printf 'linux-spf: guest up\nlinux-spf: guest done\n' >"$tmp/empty.log"
out=$(BUILD=$tmp/demo "$TOP/harness/show-demo.sh" "$tmp/empty.log" 2>&1)
rc=$?
printf '1\nthe demo did not finish; job output: .*/empty.log\n' >"$tmp/expect"
check "demo: a log without results is refused" $rc "$out" "$tmp/expect"

# One table per THP mode when the guest ran several.
for v in base patched; do
	for thp in madvise never; do
		printf 'linux-spf: bench mode %s thp %s round 1\nresult faults/faults 1 %s\n' \
			"$([ $v = base ] && echo patched || echo on)" $thp \
			"$([ $thp = never ] && echo 500 || echo 1000)"
	done >"$tmp/$v-1.log"
done
out=$("$TOP/harness/bench-report.py" "$tmp" "$tmp/base-1.log" "$tmp/patched-1.log" 2>&1)
rc=$?
printf '0\n^THP madvise:$\n^faults/s alone +1000 \n^THP never:$\n^faults/s alone +500 \n' >"$tmp/expect"
check "bench: one table per THP mode" "$rc" "$out" "$tmp/expect"

# Bad settings stop a script with status 1 and a message that names them.
refuses() { # NAME PATTERN SCRIPT [VAR=VALUE...]
	local name=$1 pat=$2 script=$3 out rc
	shift 3
	out=$(env "$@" "$TOP/harness/$script" 2>&1)
	rc=$?
	printf '1\n%s\n' "$pat" >"$tmp/expect"
	check "$name" $rc "$out" "$tmp/expect"
}
refuses "bench: an unknown scenario is refused" 'unknown scenario group .bogus.' \
	bench.sh BENCH_SCENARIOS=writers,bogus
refuses "bench: an unknown scenario in a group is refused" \
	'unknown scenario .munmap. in group contention .*known: mmap mprotect' \
	bench.sh BENCH_SCENARIOS=scaling:single,contention:munmap
refuses "bench: a bad BENCH_REF is refused" 'BENCH_REF must be 0 or 1' bench.sh BENCH_REF=yes
refuses "bench: an unknown THP mode is refused" 'unknown THP mode .sometimes.' \
	bench.sh BENCH_THP=madvise,sometimes
refuses "bench: a negative repetition count is refused" \
	'BENCH_REPS must be a positive whole number' bench.sh BENCH_REPS=-2
refuses "bench: an unknown BENCH_MODE is refused" 'BENCH_MODE must be time or cost' \
	bench.sh BENCH_MODE=fast
refuses "bench: an unknown operation is refused" "unknown operation 'forks' in BENCH_OPS" \
	bench.sh BENCH_MODE=cost BENCH_OPS=fault,forks
refuses "bisect: a bad BISECT_FROM is refused" 'BISECT_FROM must be a patch number' \
	check-bisect.sh BISECT_FROM=first

# The pinned source comes out of its .deb (here a fake one, so no network)
# without installing anything, also where the system has another version
# of the package installed; a wrong checksum is refused.
src=$tmp/src-deb
mkdir -p "$src/pkg/DEBIAN" "$src/pkg/usr/src" "$src/build/deps/debs" "$src/system"
echo "another version" | xz >"$src/system/linux-source-9.9.tar.xz"
echo "fake kernel source" | xz >"$src/pkg/usr/src/linux-source-9.9.tar.xz"
printf 'Package: linux-source-9.9\nVersion: 9.9.1-1\nArchitecture: all\nMaintainer: x <x@localhost>\nDescription: fake\n' \
	>"$src/pkg/DEBIAN/control"
dpkg-deb -Zxz --build "$src/pkg" "$src/linux-source-9.9_9.9.1-1_all.deb" >/dev/null
sum=$(sha256sum "$src/pkg/usr/src/linux-source-9.9.tar.xz" | cut -d' ' -f1)
get_source() { # SHA256
	cp "$src/linux-source-9.9_9.9.1-1_all.deb" "$src/build/deps/debs/"
	BUILD=$src/build SYSTEM_SRC=$src/system \
		bash -c '. "$1/harness/lib.sh"; source_tarball linux-source-9.9 9.9.1-1 "$2"' _ "$TOP" "$1"
}
out=$( { p=$(get_source "$sum") && cmp "$p" "$src/pkg/usr/src/linux-source-9.9.tar.xz" && echo "got $p" &&
	! dpkg-query -W linux-source-9.9 2>/dev/null && echo "nothing installed" &&
	p2=$(get_source "$sum") && [ "$p" = "$p2" ] && echo "kept"; } 2>&1)
rc=$?
printf '0\ngot .*/build/deps/src/linux-source-9.9-9.9.1-1.tar.xz$\nnothing installed\nkept\n' >"$tmp/expect"
check "base: the pinned source is taken from its .deb, nothing installed" $rc "$out" "$tmp/expect"
rm -rf "$src/build/deps/src"
out=$(get_source "$(echo "$sum" | tr 0-9a-f a-f0-9)" 2>&1)
rc=$?
printf '1\nchecksum mismatch for linux-source-9.9 9.9.1-1\n' >"$tmp/expect"
check "base: a source with the wrong checksum is refused" $rc "$out" "$tmp/expect"

# fault_contention runs only the phases a named writer needs, and
# refuses an unknown one.
gcc -O2 -Wall -static -pthread -o "$tmp/fault_contention" "$TOP/bench/fault_contention.c"
out=$("$tmp/fault_contention" -r 1 -t 0.1 mprotect 2>/dev/null | grep '^result' | cut -d' ' -f2 | LC_ALL=C sort | tr '\n' ' ')
rc=$?
printf '0\n^faults\+mprotect/faults faults\+mprotect/ops faults/faults mprotect/ops $\n' >"$tmp/expect"
check "bench: fault_contention runs one writer's phases" $rc "$out" "$tmp/expect"
out=$("$tmp/fault_contention" -r 1 -t 0.1 munmap 2>&1)
rc=$?
printf '2\nunknown writer .munmap. \(known: mmap mprotect uffd\)\n' >"$tmp/expect"
check "bench: fault_contention refuses an unknown writer" $rc "$out" "$tmp/expect"
out=$("$tmp/fault_contention" -r 1 -t 0.1 -n @thp mprotect 2>/dev/null | grep '^result' | cut -d' ' -f2 | LC_ALL=C sort | tr '\n' ' ')
rc=$?
printf '0\n^faults\+mprotect@thp/faults faults\+mprotect@thp/ops faults@thp/faults mprotect@thp/ops $\n' >"$tmp/expect"
check "bench: fault_contention names its phases after -n" $rc "$out" "$tmp/expect"
for modes in "-s -w" "-w -b" "-s -b" "-s -f read"; do
	out=$("$tmp/fault_contention" $modes -r 1 -t 0.1 2>&1)
	rc=$?
	printf '2\nusage: .*\[-s\|-w\|-b\|-f read\|cow\|shared\]\n' >"$tmp/expect"
	check "bench: fault_contention refuses ${modes%% *} with ${modes#* }" $rc "$out" "$tmp/expect"
done
# -f: the writer's page of the file merges with the faulting thread's
# mapping of it (the writer-alone phase checks), and the phases are named.
out=$("$tmp/fault_contention" -f read -r 1 -t 0.1 mmap 2>/dev/null | grep '^result' | cut -d' ' -f2 | LC_ALL=C sort | tr '\n' ' ')
rc=$?
printf '0\n^faults\+mmap@file/faults faults\+mmap@file/ops faults@file/faults mmap@file/ops $\n' >"$tmp/expect"
check "bench: fault_contention -f maps one file, mergeable" $rc "$out" "$tmp/expect"
out=$("$tmp/fault_contention" -f private -r 1 -t 0.1 2>&1)
rc=$?
printf '2\nunknown -f kind .private. \(known: read cow shared\)\n' >"$tmp/expect"
check "bench: fault_contention refuses an unknown -f kind" $rc "$out" "$tmp/expect"
# -b: the NUMA-hinting variant (no balancing on the host: plain writes).
out=$("$tmp/fault_contention" -b -r 1 -t 0.1 uffd 2>/dev/null | grep '^result' | cut -d' ' -f2 | LC_ALL=C sort | tr '\n' ' ')
rc=$?
printf '0\n^faults\+uffd@numa/faults faults\+uffd@numa/ops faults@numa/faults uffd@numa/ops $\n' >"$tmp/expect"
check "bench: fault_contention -b names its phases @numa" $rc "$out" "$tmp/expect"

# exec_rate: a rate per round for a program that starts, a clear error
# for one that does not.
gcc -O2 -Wall -static -o "$tmp/exec_rate" "$TOP/bench/exec_rate.c"
out=$("$tmp/exec_rate" -r 2 -t 0.1 /bin/true 2>&1 | grep -c '^result startup/execs [12] [0-9.]*$')
rc=$?
printf '0\n^2$\n' >"$tmp/expect"
check "bench: exec_rate times program starts" $rc "$out" "$tmp/expect"
out=$("$tmp/exec_rate" -r 1 -t 0.1 /bin/false 2>&1)
rc=$?
printf '1\nexec_rate: /bin/false failed .*run it by hand\n' >"$tmp/expect"
check "bench: exec_rate stops at a program that fails" $rc "$out" "$tmp/expect"
out=$("$tmp/exec_rate" -r 1 2>&1)
rc=$?
printf '2\nusage: .*PROGRAM \[ARG\.\.\.\]\n' >"$tmp/expect"
check "bench: exec_rate without a program is refused" $rc "$out" "$tmp/expect"

echo "harness: $passed passed, $failed failed, 0 skipped"
[ $failed = 0 ]

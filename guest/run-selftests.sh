#!/bin/sh
# Run the tests in a selftests.list as kselftest TAP.  Each line:
#   NAME TIMEOUT ARCHES COMMAND...    run COMMAND in /guest/vm
#   skip NAME ARCHES REASON...        report NAME as skipped
# ARCHES is "all" or a comma list of uname -m values (x86_64, aarch64).
# A test exiting 4 (KSFT_SKIP) is a skip, one killed by its timeout a failure; so is a test
# that exits 0 but whose own TAP totals say it skipped everything.
# Output is shown when a test ends (a pipe would be held open by any
# process the test leaves behind).
list=$1
arch=$(uname -m)
cd /guest/vm || exit 1

# SPF_ONLY (a comma list of names) limits the run to those tests.
wanted() {
	[ -z "${SPF_ONLY:-}" ] && return 0
	case ",$SPF_ONLY," in *",$1,"*) return 0 ;; esac
	return 1
}

for_arch() {
	[ "$1" = all ] && return 0
	case ",$1," in *",$arch,"*) return 0 ;; esac
	return 1
}

tests=$(grep -v -e '^#' -e '^[[:space:]]*$' "$list" |
	while read -r a b arches _; do
		[ "$a" = skip ] && a=$b
		for_arch "$arches" && wanted "$a" && echo
	done | wc -l)

echo "TAP version 13"
echo "1..$tests"
n=0
grep -v -e '^#' -e '^[[:space:]]*$' "$list" | while read -r name t arches cmd; do
	if [ "$name" = skip ]; then
		for_arch "$arches" && wanted "$t" || continue
		n=$((n + 1))
		echo "ok $n selftests: vm: $t # SKIP $cmd"
		continue
	fi
	for_arch "$arches" && wanted "$name" || continue
	n=$((n + 1))
	echo "# selftests: vm: $name: $cmd (timeout ${t}s)"
	start=$(cut -d. -f1 /proc/uptime)
	# Own session, so that whatever the test leaves behind (children of a
	# failed test keep running) is killed with its process group.
	setsid timeout -s KILL "$t" $cmd </dev/null >/tmp/out 2>&1 &
	pid=$!
	wait $pid
	rc=$?
	kill -KILL -$pid 2>/dev/null
	sed 's/^/# /' /tmp/out
	# busybox sed keeps a missing final newline (a test killed mid-line).
	[ -n "$(tail -c 1 /tmp/out)" ] && echo
	[ "$rc" = 0 ] && grep -q 'Totals: pass:0 fail:0 xfail:0 xpass:0 skip:[1-9]' /tmp/out && rc=4
	secs=$(($(cut -d. -f1 /proc/uptime) - start))
	case $rc in
	0) echo "ok $n selftests: vm: $name # ${secs}s" ;;
	4) echo "ok $n selftests: vm: $name # SKIP exit 4 after ${secs}s" ;;
	137) if [ "$secs" -ge "$t" ]; then
		echo "not ok $n selftests: vm: $name # TIMEOUT ${t}s"
	else
		echo "not ok $n selftests: vm: $name # killed (SIGKILL) after ${secs}s"
	fi ;;
	*) echo "not ok $n selftests: vm: $name # exit=$rc after ${secs}s" ;;
	esac
done

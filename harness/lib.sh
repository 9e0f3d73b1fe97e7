# Common settings and helpers for the linux-spf harness scripts.
# Sourced, not run.

set -euo pipefail

TOP=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BUILD=${BUILD:-$TOP/build}
KSRC=${KSRC:-$BUILD/linux}
PATCHES=${PATCHES:-$TOP/patches}

# The pinned base.  To move to another Debian upload, change both lines
# (apt-cache policy linux-source-6.1 lists what the archive has) and run
# "make clean-tree prepare".
BASE_PKG=linux-source-6.1
BASE_VERSION=6.1.192-2
BASE_SHA256=4d415b3d364834fd818270e88813e90323bbfce4f519a0e6bd4940ddcd7df693
BASE_TARBALL=/usr/src/linux-source-6.1.tar.xz

# The reference kernel of "make bench": what a user would run instead of
# the series (upstream per-VMA locks).  Same rules as the base.
REF_PKG=linux-source-6.12
REF_VERSION=6.12.117-1~deb12u1
REF_SHA256=585a4a074597aefa2b1a68ada83a3184ba351c127544dea80618bbcceaa3961f
REF_TARBALL=/usr/src/linux-source-6.12.tar.xz
REF_TREE=$BUILD/ref-6.12

SPF_NAME="linux-spf"
SPF_EMAIL="linux-spf@localhost"

export CCACHE_DIR=${CCACHE_DIR:-${XDG_CACHE_HOME:-${HOME:-$BUILD}/.cache}/linux-spf-ccache}
export CCACHE_MAXSIZE=${CCACHE_MAXSIZE:-10G}

# Does Debian's archive (as apt knows it) offer version $2 of package $1?
in_archive() {
	apt-cache madison "$1" | awk -F'|' '{ gsub(/ /, "", $2); print $2 }' | grep -qxF "$2"
}

die() {
	echo "error: $*" >&2
	exit 1
}

note() {
	echo "==> $*" >&2
}

# Run "$@" with its output in a log; on failure show the tail and the path.
logged() {
	local log=$1; shift
	mkdir -p "$(dirname "$log")"
	if ! "$@" >"$log" 2>&1; then
		echo "----- last 40 lines of $log -----" >&2
		tail -n 40 "$log" >&2
		echo "-----" >&2
		die "'$*' failed; full log: $log"
	fi
}

cross_compile_for() {
	case $1 in
	x86_64) echo "" ;;
	arm64) echo "aarch64-linux-gnu-" ;;
	*) die "unknown arch '$1' (known: x86_64 arm64)" ;;
	esac
}

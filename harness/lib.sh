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

# The reference kernel of "make bench": what a user would run instead of
# the series (upstream per-VMA locks).  Same rules as the base.
REF_PKG=linux-source-6.12
REF_VERSION=6.12.117-1~deb12u1
REF_SHA256=585a4a074597aefa2b1a68ada83a3184ba351c127544dea80618bbcceaa3961f
REF_TREE=$BUILD/ref-6.12

SPF_NAME="linux-spf"
SPF_EMAIL="linux-spf@localhost"

export CCACHE_DIR=${CCACHE_DIR:-${XDG_CACHE_HOME:-${HOME:-$BUILD}/.cache}/linux-spf-ccache}
export CCACHE_MAXSIZE=${CCACHE_MAXSIZE:-10G}
# kbuild passes absolute paths (O= builds): relative to the checkout,
# a fresh clone elsewhere hits what this one compiled.  Debug info then
# names the directory of the first compile.
export CCACHE_BASEDIR=${CCACHE_BASEDIR:-$TOP}
export CCACHE_NOHASHDIR=${CCACHE_NOHASHDIR:-true}

# Does Debian's archive (as apt knows it) offer version $2 of package $1?
in_archive() {
	apt-cache madison "$1" | awk -F'|' '{ gsub(/ /, "", $2); print $2 }' | grep -qxF "$2"
}

# Does file $1 have sha256 $2?  Quietly: stdout is for results.
sha256_is() {
	echo "$2  $1" | sha256sum --check --status 2>/dev/null
}

# Print the path of the verified source tarball of package $1 at version
# $2 (sha256 $3).  The system's installed linux-source-* is never changed:
# its tarball in $SYSTEM_SRC (/usr/src) is used only if it is the pinned
# one; otherwise the pinned .deb is downloaded (or taken from
# $BUILD/deps/debs/) and only the tarball is extracted, into
# $BUILD/deps/src/.
source_tarball() {
	local pkg=$1 ver=$2 sum=$3 debs=$BUILD/deps/debs
	local out=$BUILD/deps/src/$pkg-$ver.tar.xz deb
	for t in "$out" "${SYSTEM_SRC:-/usr/src}/$pkg.tar.xz"; do
		if [ -r "$t" ] && sha256_is "$t" "$sum"; then
			echo "$t"
			return
		fi
	done
	mkdir -p "$debs" "$(dirname "$out")"
	deb=$(ls "$debs/${pkg}_"*.deb 2>/dev/null | head -n 1 || true)
	if [ -z "$deb" ]; then
		note "downloading $pkg $ver"
		in_archive "$pkg" "$ver" || apt-get update -q >"$BUILD/apt-update.log" 2>&1 ||
			die "apt-get update failed (log: $BUILD/apt-update.log)"
		if ! in_archive "$pkg" "$ver"; then
			apt-cache madison "$pkg" >&2 || true
			die "$pkg $ver is not in the archive (available versions above); pin another in harness/lib.sh (version and sha256)"
		fi
		(cd "$debs" && apt-get download -q "$pkg=$ver" >"$BUILD/apt-download.log" 2>&1) ||
			die "apt-get download $pkg=$ver failed (log: $BUILD/apt-download.log)"
		deb=$(ls "$debs/${pkg}_"*.deb | head -n 1)
	fi
	dpkg-deb --fsys-tarfile "$deb" | tar -xO "./usr/src/$pkg.tar.xz" >"$out.tmp" ||
		die "$deb holds no usr/src/$pkg.tar.xz"
	if ! sha256_is "$out.tmp" "$sum"; then
		rm -f "$out.tmp" "$deb"
		die "checksum mismatch for $pkg $ver (expected $sum); the download was removed, run again"
	fi
	rm -f "$deb"
	mv "$out.tmp" "$out"
	echo "$out"
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

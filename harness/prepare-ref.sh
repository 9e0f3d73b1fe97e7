#!/bin/bash
# Create build/ref-6.12: the pinned Debian linux-source-6.12, unpacked as
# it is, for the reference column of "make bench".  Installs the package
# (root) if it is missing; not needed by "make check".
. "$(dirname "$0")/lib.sh"

stamp=$REF_TREE/.linux-spf-version
if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$REF_VERSION" ]; then
	note "$REF_TREE is $REF_PKG $REF_VERSION"
	exit 0
fi

have=$(dpkg-query -W -f='${Version}' "$REF_PKG" 2>/dev/null || true)
if [ "$have" != "$REF_VERSION" ]; then
	[ "$(id -u)" = 0 ] || die "$REF_PKG=$REF_VERSION is not installed; run as root, install it by hand, or leave the reference out with BENCH_REF=0"
	note "installing $REF_PKG=$REF_VERSION"
	mkdir -p "$BUILD"
	if ! in_archive "$REF_PKG" "$REF_VERSION"; then
		apt-get update -q >"$BUILD/apt-update.log" 2>&1 || { cat "$BUILD/apt-update.log" >&2; die "apt-get update failed"; }
	fi
	if ! in_archive "$REF_PKG" "$REF_VERSION"; then
		apt-cache madison "$REF_PKG" >&2 || true
		die "$REF_PKG $REF_VERSION is not in the archive (available versions above); to pin another, set REF_VERSION and REF_SHA256 in harness/lib.sh, or skip the reference with BENCH_REF=0"
	fi
	logged "$BUILD/apt-install-ref.log" env DEBIAN_FRONTEND=noninteractive \
		apt-get install -y -q --no-install-recommends "$REF_PKG=$REF_VERSION"
fi

note "verifying $REF_TARBALL"
echo "$REF_SHA256  $REF_TARBALL" | sha256sum --check --quiet ||
	die "checksum mismatch for $REF_TARBALL (expected $REF_SHA256); reinstall $REF_PKG=$REF_VERSION"
note "unpacking $REF_PKG into $REF_TREE"
rm -rf "$REF_TREE" "$REF_TREE.tmp"
mkdir -p "$REF_TREE.tmp"
# -m: files dated now, so that objects built from another version are
# older than every source and get rebuilt.
tar -xJmf "$REF_TARBALL" -C "$REF_TREE.tmp" --strip-components=1
echo "$REF_VERSION" >"$REF_TREE.tmp/.linux-spf-version"
mv "$REF_TREE.tmp" "$REF_TREE"

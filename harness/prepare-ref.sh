#!/bin/bash
# Create build/ref-6.12: the pinned Debian linux-source-6.12, unpacked as
# it is, for the reference column of "make bench" (the tarball comes from
# the package's .deb, see source_tarball); not needed by "make check".
. "$(dirname "$0")/lib.sh"

stamp=$REF_TREE/.linux-spf-version
if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$REF_VERSION" ]; then
	note "$REF_TREE is $REF_PKG $REF_VERSION"
	exit 0
fi

tarball=$(source_tarball "$REF_PKG" "$REF_VERSION" "$REF_SHA256")
note "unpacking $REF_PKG into $REF_TREE"
rm -rf "$REF_TREE" "$REF_TREE.tmp"
mkdir -p "$REF_TREE.tmp"
# -m: files dated now, so that objects built from another version are
# older than every source and get rebuilt.
tar -xJmf "$tarball" -C "$REF_TREE.tmp" --strip-components=1
echo "$REF_VERSION" >"$REF_TREE.tmp/.linux-spf-version"
mv "$REF_TREE.tmp" "$REF_TREE"

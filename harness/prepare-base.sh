#!/bin/bash
# Create build/linux: the pinned Debian base as commit "base", then the
# series in patches/ applied on top with "git am".  Refuses to touch an
# existing tree that holds commits or edits not in patches/.
. "$(dirname "$0")/lib.sh"

if [ -d "$KSRC/.git" ]; then
	if [ -n "$(git -C "$KSRC" status --porcelain --untracked-files=no)" ]; then
		die "$KSRC has uncommitted changes; commit and 'make export', or 'make clean-tree' to discard them"
	fi
	"$TOP/harness/export-series.sh" --check ||
		die "$KSRC differs from patches/: if you committed work there, 'make export' keeps it; if patches/ changed (git pull, a fix), rm -rf $KSRC and 'make prepare' again"
	note "$KSRC is up to date with patches/"
	exit 0
fi

tarball=$(source_tarball "$BASE_PKG" "$BASE_VERSION" "$BASE_SHA256")
note "unpacking the base ($tarball) into $KSRC"
rm -rf "$KSRC.tmp"
mkdir -p "$KSRC.tmp"
tar -xJf "$tarball" -C "$KSRC.tmp" --strip-components=1
# Debian's .gitignore ends with "/*": its packaging repo ignores every
# top-level path.  Here that would silently leave every file a patch adds
# untracked, so the base commit drops those lines (the only difference
# from the tarball).
sed -i '/^# Debian packaging: ignore everything/,$d' "$KSRC.tmp/.gitignore"
while tail -n 1 "$KSRC.tmp/.gitignore" | grep -qx '#\?'; do sed -i '$d' "$KSRC.tmp/.gitignore"; done
git -C "$KSRC.tmp" init -q -b master
git -C "$KSRC.tmp" config user.name "$SPF_NAME"
git -C "$KSRC.tmp" config user.email "$SPF_EMAIL"
git -C "$KSRC.tmp" config core.abbrev 12
git -C "$KSRC.tmp" add -A -f .
GIT_AUTHOR_DATE="2000-01-01T00:00:00Z" GIT_COMMITTER_DATE="2000-01-01T00:00:00Z" \
	git -C "$KSRC.tmp" commit -q -m "Debian $BASE_PKG $BASE_VERSION"
git -C "$KSRC.tmp" tag base
mv "$KSRC.tmp" "$KSRC"

"$TOP/harness/apply-series.sh"

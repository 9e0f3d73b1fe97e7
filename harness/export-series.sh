#!/bin/bash
# Export build/linux base..HEAD into patches/ as "git format-patch" files
# with a cover letter.  Output is a pure function of the commits, so
# exporting an unchanged tree leaves patches/ byte-identical.
#   --check   compare only; exit 1 if patches/ differs from the tree
. "$(dirname "$0")/lib.sh"

check=0
[ "${1:-}" = "--check" ] && check=1

[ -d "$KSRC/.git" ] || die "$KSRC does not exist: run 'make prepare'"
[ -z "$(git -C "$KSRC" status --porcelain --untracked-files=no)" ] ||
	die "$KSRC has uncommitted changes: commit them first"

out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
n=$(git -C "$KSRC" rev-list --count base..HEAD)

if [ "$n" -gt 0 ]; then
	git -C "$KSRC" format-patch -q -o "$out" --numbered --zero-commit \
		--no-signature --abbrev=12 --subject-prefix=PATCH base..HEAD

	cover=$PATCHES/0000-cover-letter.patch
	subject="mm: speculative page faults"
	body="*** Describe the series here: problem, design, results. ***"
	if [ -f "$cover" ]; then
		subject=$(sed -n 's/^Subject: \[PATCH 0\/[0-9]*\] //p' "$cover")
		body=$(awk 'hdr && /^linux-spf \([0-9]+\):$/ { exit }
			    hdr { print }
			    /^$/ && !hdr { hdr = 1 }' "$cover")
	fi
	{
		echo "From 0000000000000000000000000000000000000000 Mon Sep 17 00:00:00 2001"
		echo "From: $SPF_NAME <$SPF_EMAIL>"
		echo "Date: $(git -C "$KSRC" log -1 --format=%aD HEAD)"
		echo "Subject: [PATCH 0/$n] $subject"
		echo
		echo "$body"
		echo
		git -C "$KSRC" shortlog base..HEAD
		git -C "$KSRC" diff --stat=72 --summary base..HEAD
	} >"$out/0000-cover-letter.patch"
fi

if diff -r -q -x .gitkeep "$PATCHES" "$out" >/dev/null; then
	[ $check = 1 ] || note "patches/ already matches build/linux ($n patches)"
	exit 0
fi
[ $check = 1 ] && exit 1

find "$PATCHES" -maxdepth 1 -name '*.patch' -delete
cp "$out"/*.patch "$PATCHES/" 2>/dev/null || true
note "exported $n patches to patches/; review 'git diff patches/' and commit"

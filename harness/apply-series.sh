#!/bin/bash
# Apply patches/[0-9]*.patch (not the cover letter) to build/linux with
# "git am", in order, on top of the tag "base".  On a patch that does not
# apply, print its name and the rejected hunks, leave the tree at the last
# good patch and fail.
. "$(dirname "$0")/lib.sh"

[ -d "$KSRC/.git" ] || die "$KSRC does not exist: run 'make prepare'"
mapfile -t series < <(find "$PATCHES" -maxdepth 1 -name '[0-9]*.patch' ! -name '0000-*' | sort)
git -C "$KSRC" checkout -q -B master base
[ ${#series[@]} -gt 0 ] || { note "series is empty: build/linux is the base"; exit 0; }

for p in "${series[@]}"; do
	if ! git -C "$KSRC" am -q --keep-cr "$p" >"$BUILD/am.log" 2>&1; then
		git -C "$KSRC" am --abort >/dev/null 2>&1 || true
		echo "error: $(basename "$p") does not apply on top of the previous patches:" >&2
		cat "$BUILD/am.log" >&2
		echo "----- rejected hunks -----" >&2
		git -C "$KSRC" apply --reject "$p" >/dev/null 2>&1 || true
		git -C "$KSRC" ls-files -o --exclude-standard -- '*.rej' |
			while read -r rej; do echo "--- $rej"; cat "$KSRC/$rej"; done >&2
		git -C "$KSRC" reset -q --hard
		git -C "$KSRC" clean -qfd
		die "series stops at $(basename "$p"): fix that patch in patches/ (build/linux holds the patches before it; do not 'make export' now, it would drop the rest), then rm -rf build/linux and 'make prepare'"
	fi
done
note "applied ${#series[@]} patches: $(git -C "$KSRC" log --oneline -1)"

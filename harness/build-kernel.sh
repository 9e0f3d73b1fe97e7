#!/bin/bash
# Build a guest kernel from build/linux.
#   build-kernel.sh ARCH FLAVOR [--config-only]
#   ARCH: x86_64|arm64  FLAVOR: debug|release
# Output in build/obj/ARCH-FLAVOR (image, .config, usr/include headers).
# For other trees and variants (make bisect): KSRC=tree, OBJ=dir,
# FRAGMENTS="extra fragment files", KCFLAGS=-Werror.
# The .config is Kconfig defaults plus the fragments in configs/; any value
# a fragment asks for that Kconfig does not grant is an error.
. "$(dirname "$0")/lib.sh"

arch=${1:?usage: build-kernel.sh ARCH FLAVOR}
flavor=${2:?usage: build-kernel.sh ARCH FLAVOR}
cross=$(cross_compile_for "$arch")
fragments=("$TOP/configs/guest.config" "$TOP/configs/mm.config" "$TOP/configs/$arch.config")
case $flavor in
debug) fragments+=("$TOP/configs/debug.config" "$TOP/configs/kasan.config") ;;
release) fragments+=("$TOP/configs/release.config") ;;
*) die "unknown flavor '$flavor' (known: debug release)" ;;
esac
# shellcheck disable=SC2206
fragments+=(${FRAGMENTS:-})
[ -e "$KSRC/Makefile" ] || die "$KSRC does not exist: run 'make prepare'"
command -v "${cross}gcc" >/dev/null || die "${cross}gcc not found: run 'make deps'"
command -v ccache >/dev/null || die "ccache not found: run 'make deps'"

# Absolute: kbuild takes O= relative to the source tree, not to us.
obj=$(realpath -m "${OBJ:-$BUILD/obj/$arch-$flavor}")
log=$BUILD/log/build-$(basename "$obj").log
mkdir -p "$obj"
kmake=(make -C "$KSRC" O="$obj" ARCH="$arch" CROSS_COMPILE="$cross"
       CC="ccache ${cross}gcc" KBUILD_BUILD_USER=spf KBUILD_BUILD_HOST=spf
       KBUILD_BUILD_TIMESTAMP="2000-01-01")

note "configuring $(basename "$obj") ($arch $flavor)"
merge_out=$(cd "$KSRC" && ARCH=$arch CROSS_COMPILE=$cross \
	scripts/kconfig/merge_config.sh -O "$obj" "${fragments[@]}" 2>&1) ||
	{ echo "$merge_out" >&2; die "merge_config.sh failed for $arch-$flavor"; }
# A "not set" request for a symbol this arch lacks is satisfied too.
missing=$(echo "$merge_out" | grep -A2 '^Value requested for' |
	awk '/^Value requested/ { v = $0 } /^Requested value:/ { r = $0 }
	     /^Actual value:/ { if (!(r ~ /is not set/ && $0 ~ /^Actual value: *$/)) print v }' || true)
[ -z "$missing" ] || { echo "$missing" >&2; die "configs/ ask for options Kconfig refused on $arch-$flavor (see above): fix the fragment"; }

[ "${3:-}" = --config-only ] && exit 0

case $arch in
x86_64) image=arch/x86/boot/bzImage ;;
arm64) image=arch/arm64/boot/Image ;;
esac
note "building $(basename "$obj") (log: $log)"
start=$SECONDS
logged "$log" "${kmake[@]}" -j"$(nproc)" "$(basename "$image")" headers_install
note "built $obj/$image in $((SECONDS - start))s"

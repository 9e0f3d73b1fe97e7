#!/bin/bash
# Install the Debian packages the harness needs, and only those missing.
# arm64 userspace (busybox, libnuma for the selftests) comes from the
# archive's arm64 packages: libnuma-dev:arm64 through multiarch, busybox
# unpacked into build/deps (it cannot be co-installed with the host's).
. "$(dirname "$0")/lib.sh"

pkgs=(build-essential git rsync bc bison flex libelf-dev libssl-dev cpio xz-utils
      ccache sparse python3 python3-ply python3-git gnuplot-nox qemu-system-x86 qemu-system-arm
      gcc-aarch64-linux-gnu libc6-dev-arm64-cross busybox-static
      libnuma-dev libnuma-dev:arm64 libcap-dev libcap-dev:arm64 stress-ng)

mkdir -p "$BUILD"
missing=()
for p in "${pkgs[@]}"; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" || missing+=("$p")
done

if [ ${#missing[@]} -gt 0 ]; then
	[ "$(id -u)" = 0 ] || die "missing packages: ${missing[*]}; run as root, or install them by hand (arm64 ones need 'dpkg --add-architecture arm64')"
	note "installing: ${missing[*]}"
	dpkg --print-foreign-architectures | grep -qx arm64 || dpkg --add-architecture arm64
	apt-get update -q >"$BUILD/apt-update.log" 2>&1 || { cat "$BUILD/apt-update.log" >&2; die "apt-get update failed"; }
	DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}" \
		>"$BUILD/apt-install.log" 2>&1 ||
		{ tail -n 30 "$BUILD/apt-install.log" >&2; die "apt-get install failed (log: $BUILD/apt-install.log)"; }
fi

bb=$BUILD/deps/busybox-arm64
if [ ! -x "$bb/bin/busybox" ]; then
	note "fetching busybox-static:arm64"
	mkdir -p "$BUILD/deps"
	(cd "$BUILD/deps" && rm -f busybox-static_*_arm64.deb && apt-get download -q busybox-static:arm64 >/dev/null 2>&1) ||
		die "apt-get download busybox-static:arm64 failed"
	dpkg-deb -x "$BUILD"/deps/busybox-static_*_arm64.deb "$bb"
fi

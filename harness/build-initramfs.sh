#!/bin/bash
# Build the guest initramfs for ARCH: static busybox, the init script, the
# mm selftests of build/linux and the benchmark programs, all static; for
# x86_64 also Debian's stress-ng, with the shared libraries it needs (the
# soak of "make check" and "make bench" run it).
#   build-initramfs.sh ARCH FLAVOR     (FLAVOR picks the kernel headers)
. "$(dirname "$0")/lib.sh"

arch=${1:?usage: build-initramfs.sh ARCH FLAVOR}
flavor=${2:?usage: build-initramfs.sh ARCH FLAVOR}
cross=$(cross_compile_for "$arch")
obj=$BUILD/obj/$arch-$flavor
hdrs=$obj/usr/include
[ -d "$hdrs/linux" ] || die "no kernel headers in $hdrs: build the kernel first (harness/build-kernel.sh $arch $flavor)"
case $arch in
x86_64) busybox=/bin/busybox machine=x86_64 ;;
arm64) busybox=$BUILD/deps/busybox-arm64/bin/busybox machine=arm64 ;;
esac
[ -x "$busybox" ] || die "$busybox missing: run 'make deps'"

st=$BUILD/selftests/$arch
note "building mm selftests for $arch (log: $BUILD/log/selftests-$arch.log)"
rm -rf "$st"
mkdir -p "$st"
logged "$BUILD/log/selftests-$arch.log" \
	make -C "$KSRC/tools/testing/selftests/vm" -j"$(nproc)" OUTPUT="$st" \
	MACHINE=$machine CROSS_COMPILE="$cross" CC="${cross}gcc" \
	EXTRA_CFLAGS="-static -include sys/syscall.h" KHDR_INCLUDES="-isystem $hdrs"

# EXTRA_CFLAGS, unlike LDFLAGS, reaches every link rule (protection_keys
# has its own).  sys/syscall.h: 6.1's mrelease_test uses __NR_ numbers
# without including it, and would skip on every machine.
for f in "$st"/*; do
	[ -x "$f" ] && [ -f "$f" ] || continue
	if LC_ALL=C readelf -l "$f" 2>/dev/null | grep INTERP >/dev/null; then
		die "$f is dynamically linked; the guest has no libc: fix the selftest build flags"
	fi
done

root=$BUILD/initramfs/$arch
rm -rf "$root"
mkdir -p "$root"/{bin,sbin,usr/bin,proc,sys,dev,tmp,mnt,guest/vm}
cp "$busybox" "$root/bin/busybox"
for applet in $(/bin/busybox --list); do
	[ -e "$root/bin/$applet" ] || ln -s busybox "$root/bin/$applet"
done
mkdir -p "$root/etc"
printf 'root:x:0:0:root:/:/bin/sh\nnobody:x:65534:65534:nobody:/:/bin/sh\n' >"$root/etc/passwd"
printf 'root:x:0:\nnogroup:x:65534:\n' >"$root/etc/group"
cp "$TOP/guest/init" "$root/init"
cp "$TOP/guest/run-selftests.sh" "$TOP/guest/selftests.list" "$TOP/guest/khugepaged-noswap.sh" \
	"$TOP/guest/bench.sh" "$TOP/guest/soak.sh" "$root/guest/"
find "$st" -maxdepth 1 -type f -perm -u+x -exec cp {} "$root/guest/vm/" \;
for prog in fault_scaling fault_contention writer_cost op_cost exec_rate; do
	"${cross}gcc" -O2 -Wall -static -pthread -o "$root/guest/$prog" "$TOP/bench/$prog.c" ||
		die "building bench/$prog.c for $arch failed"
done
# stress-ng (x86_64 only): the soak of "make check" and the bench.
if [ "$arch" = x86_64 ]; then
	sng=$(command -v stress-ng) || die "stress-ng not found: run 'make deps'"
	cp "$sng" "$root/guest/stress-ng"
	# The libraries under the paths the dynamic loader searches.
	for lib in $(ldd "$sng" | awk '$2 == "=>" && $3 ~ /^\// { print $3 } $1 ~ /^\// { print $1 }'); do
		cp -L --parents "$lib" "$root" || die "copying $lib (for stress-ng) failed"
	done
	if [ "$(id -u)" = 0 ] && ! chroot "$root" /guest/stress-ng --version >/dev/null 2>&1; then
		die "stress-ng does not start in the initramfs tree $root: a library is missing"
	fi
fi

out=$BUILD/initramfs-$arch-$flavor.cpio.gz
(cd "$root" && find . | LC_ALL=C sort | cpio -o -H newc -R 0:0 --quiet | gzip -1) >"$out"
note "initramfs: $out ($(du -h "$out" | cut -f1))"

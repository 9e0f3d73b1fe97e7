# QEMU command line for the x86_64 guest (sourced by run-guest.sh).
qemu_bin=qemu-system-x86_64
qemu_args=(-M pc -cpu max)
# Four-level paging, as on most x86_64 machines: -cpu max offers LA57, and
# with five levels the kernel folds no level above the PMD, which arm64
# (four levels, P4D folded) would then be the only one to test.
kernel_args="no5lvl "
kernel_image=arch/x86/boot/bzImage
console_dev=ttyS0

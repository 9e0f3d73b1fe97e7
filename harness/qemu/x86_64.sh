# QEMU command line for the x86_64 guest (sourced by run-guest.sh).
qemu_bin=qemu-system-x86_64
qemu_args=(-M pc -cpu max)
kernel_image=arch/x86/boot/bzImage
console_dev=ttyS0

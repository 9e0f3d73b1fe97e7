# QEMU command line for the arm64 guest (sourced by run-guest.sh).
# pauth-impdef: QEMU's cheap pointer-auth algorithm; the architected one
# costs a lot of time under TCG and is not what is being tested here.
qemu_bin=qemu-system-aarch64
qemu_args=(-M virt,gic-version=3 -cpu max,pauth-impdef=on)
kernel_image=arch/arm64/boot/Image
console_dev=ttyAMA0

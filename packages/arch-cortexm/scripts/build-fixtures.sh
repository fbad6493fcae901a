#!/usr/bin/env bash
# Rebuilds the bare-metal workload fixtures in ../fixtures from the shared benchmark sources
# (../shared/bench-anchors beside the repository root), with the same flags as its run.sh:
#   thumbv6m:   arm-none-eabi-gcc -mcpu=cortex-m0plus -mthumb
#   thumbv7e-m: arm-none-eabi-gcc -mcpu=cortex-m4 -mthumb -mfloat-abi=soft
# both with -O2 -ffreestanding -nostdlib -fno-builtin -fno-tree-loop-distribute-patterns
# -Wall -Wextra -Werror -DITERS=N, linked with arm.ld and arm_start.c, then flattened with
# objcopy -O binary -R .qemu_boot (the image is loaded at 0x20000000, its vector table first).
# ITERS=2 images are for tests, ITERS=600 for the benchmark. If qemu-system-arm is installed, the
# expected checksums are printed from QEMU (mps2-an385 / mps2-an386 with semihosting).
#
# It also builds this package's own cross-check programs for the Cortex-M4 (fixtures/src/*-check.c
# with fixtures/src/dsp.ld: the DSP instructions, and the exception model) and records QEMU's
# output for each in fixtures/<name>.qemu.txt.
set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO=$(cd "$HERE/../../.." && pwd)
SRC=$REPO/../shared/bench-anchors/src
OUT=$HERE/../fixtures
[ -d "$SRC" ] || { echo "build-fixtures: shared sources not found at ../shared/bench-anchors/src" >&2; exit 1; }
mkdir -p "$OUT"
CFLAGS="-O2 -ffreestanding -nostdlib -fno-builtin -fno-tree-loop-distribute-patterns -Wall -Wextra -Werror"
build() { # name cpu-flags iters
    arm-none-eabi-gcc $2 -mthumb $CFLAGS -DITERS="$3" -T "$SRC/arm.ld" \
        -o "$OUT/$1_$3.elf" "$SRC/workload.c" "$SRC/arm_start.c"
    arm-none-eabi-objcopy -O binary -R .qemu_boot "$OUT/$1_$3.elf" "$OUT/$1_$3.bin"
}
for iters in 2 600; do
    build workload_m0p "-mcpu=cortex-m0plus" "$iters"
    build workload_m4 "-mcpu=cortex-m4 -mfloat-abi=soft" "$iters"
done
for check in dsp-check exception-check; do
    arm-none-eabi-gcc -mcpu=cortex-m4 -mthumb -mfloat-abi=soft -O2 -ffreestanding -nostdlib -fno-builtin \
        -Wall -Wextra -Werror -T "$OUT/src/dsp.ld" -o "$OUT/$check.elf" "$OUT/src/$check.c"
    arm-none-eabi-objcopy -O binary -R .qemu_boot "$OUT/$check.elf" "$OUT/$check.bin"
    if command -v qemu-system-arm >/dev/null; then
        rm -f "$OUT/$check.qemu.txt"
        qemu-system-arm -M mps2-an386 -display none -monitor none -serial null \
            -chardev file,id=semihosting,path="$OUT/$check.qemu.txt" \
            -semihosting-config enable=on,target=native,chardev=semihosting -kernel "$OUT/$check.elf"
    fi
done
if command -v qemu-system-arm >/dev/null; then
    for iters in 2 600; do
        for pair in "m0p mps2-an385" "m4 mps2-an386"; do
            set -- $pair
            echo "workload_$1_$iters (QEMU $2):"
            qemu-system-arm -M "$2" -display none -monitor none -serial null \
                -semihosting-config enable=on,target=native -kernel "$OUT/workload_$1_$iters.elf"
        done
    done
fi

#!/usr/bin/env bash
# Rebuilds the bare-metal RV32 fixtures in ../fixtures:
# - workload_rv32_N.elf from the shared benchmark sources (../shared/bench-anchors beside the
#   repository root) with the flags of its run.sh: riscv64-unknown-elf-gcc -march=rv32imac
#   -mabi=ilp32 -mcmodel=medany -O2 -ffreestanding -nostdlib -fno-builtin
#   -fno-tree-loop-distribute-patterns -Wall -Wextra -Werror -DITERS=N, linked with rv.ld,
#   rv_start.S and rv_platform.c (ITERS=2 for tests, ITERS=3000 for the benchmark);
# - traps.elf, user-mode.elf and interrupts.elf from ../fixtures-src (our own programs, same flags with
#   -march=rv32imac_zicsr_zifencei, same linker script).
# If qemu-system-riscv32 is installed, records what each program writes on QEMU virt in
# NAME.qemu.txt beside it (the tests compare this emulator's UART output with those files, and
# with a live QEMU run when QEMU is installed).
set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO=$(cd "$HERE/../../.." && pwd)
SHARED=$REPO/../shared/bench-anchors/src
OWN=$HERE/../fixtures-src
OUT=$HERE/../fixtures
[ -d "$SHARED" ] || { echo "build-fixtures: shared sources not found at ../shared/bench-anchors/src" >&2; exit 1; }
mkdir -p "$OUT"
CC="riscv64-unknown-elf-gcc -march=rv32imac -mabi=ilp32 -mcmodel=medany"
CC_ZICSR="riscv64-unknown-elf-gcc -march=rv32imac_zicsr_zifencei -mabi=ilp32 -mcmodel=medany"
CFLAGS="-O2 -ffreestanding -nostdlib -fno-builtin -fno-tree-loop-distribute-patterns -Wall -Wextra -Werror"
LDFLAGS="-Wl,--no-warn-rwx-segments -Wl,--build-id=none -T $SHARED/rv.ld"
for iters in 2 3000; do
    $CC $CFLAGS -DITERS="$iters" $LDFLAGS -o "$OUT/workload_rv32_$iters.elf" \
        "$SHARED/rv_start.S" "$SHARED/workload.c" "$SHARED/rv_platform.c"
done
for program in traps user-mode interrupts; do
    $CC_ZICSR $CFLAGS $LDFLAGS -o "$OUT/$program.elf" "$OWN/start.S" "$OWN/$program.c" "$OWN/print.c"
done
riscv64-unknown-elf-strip --strip-all "$OUT"/*.elf
if command -v qemu-system-riscv32 >/dev/null; then
    for elf in "$OUT"/*.elf; do
        timeout 60 qemu-system-riscv32 -M virt -bios none -display none -monitor none -serial stdio \
            -kernel "$elf" >"${elf%.elf}.qemu.txt"
        echo "== $(basename "$elf") on QEMU virt:"
        cat "${elf%.elf}.qemu.txt"
    done
fi

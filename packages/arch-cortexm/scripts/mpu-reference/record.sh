#!/usr/bin/env bash
# Records how QEMU's PMSAv7 model (mps2-an386, Cortex-M4) answers the MPU reference vectors and
# writes them to src/silicon/mpu.qemu-reference.ts, which mpu.reference.test.ts checks the
# Pmsav7Mpu model against. Needs arm-none-eabi-gcc, qemu-system-arm and the package's tsx.
set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
PACKAGE=$(cd "$HERE/../.." && pwd)
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
cd "$PACKAGE"
COUNT=$(sed -n 's/^export const MPU_REFERENCE_COUNT = \([0-9_]*\);/\1/p' src/silicon/mpu.qemu-reference.ts | tr -d _)
SEED=$(sed -n 's/^export const MPU_REFERENCE_SEED = \(0x[0-9a-f_]*\);/\1/p' src/silicon/mpu.qemu-reference.ts | tr -d _)
pnpm exec tsx --conditions=source "$HERE/generate-header.ts" > "$WORK/vectors.h"
arm-none-eabi-gcc -mcpu=cortex-m4 -mthumb -mfloat-abi=soft -O2 -ffreestanding -nostdlib -fno-builtin \
    -Wall -Wextra -Werror -Wno-unused-parameter -I "$WORK" -T "$HERE/probe.ld" -o "$WORK/probe.elf" "$HERE/probe.c"
qemu-system-arm -M mps2-an386 -display none -monitor none -serial null \
    -chardev file,id=semihosting,path="$WORK/results.txt" \
    -semihosting-config enable=on,target=native,chardev=semihosting -kernel "$WORK/probe.elf"
RESULTS=$(tr -d '\n' < "$WORK/results.txt")
[ "${#RESULTS}" -eq $((2 * COUNT)) ] || { echo "record: expected $((2 * COUNT)) result digits, got ${#RESULTS}" >&2; exit 1; }
{
    echo '/**'
    echo ' * How QEMU 7.2'"'"'s PMSAv7 model (mps2-an386, Cortex-M4) answered the MPU reference vectors:'
    echo ' * the MMFSR byte of each probe, two hex digits per vector ("00" = permitted). Recorded by'
    echo ' * scripts/mpu-reference/record.sh; the count and seed select the vectors.'
    echo ' */'
    echo "export const MPU_REFERENCE_COUNT = $COUNT;"
    echo "export const MPU_REFERENCE_SEED = $SEED;"
    echo "export const MPU_REFERENCE_RESULTS ="
    echo "$RESULTS" | fold -w 96 | sed "s/^/  '/; s/\$/' +/" | sed '$ s/ +$/;/'
} > "$PACKAGE/src/silicon/mpu.qemu-reference.ts"
echo "record: $COUNT vectors written to src/silicon/mpu.qemu-reference.ts"

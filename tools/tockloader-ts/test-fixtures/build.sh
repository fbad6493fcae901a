#!/bin/sh
# Rebuilds the test ELFs from app.c and layout.ld. Needs arm-none-eabi-gcc and riscv64-unknown-elf-gcc.
set -eu
cd "$(dirname "$0")"
ARM_FLAGS="-Os -nostdlib -ffreestanding -mthumb -fPIC -msingle-pic-base -mpic-register=r9 -mno-pic-data-is-text-relative"
LINK="-T layout.ld -Wl,--emit-relocs -Wl,--build-id=none"
# Position-independent ARM apps, linked at Tock's PIC sentinel addresses (flash 0x80000000, RAM 0).
arm-none-eabi-gcc $ARM_FLAGS -mcpu=cortex-m4 $LINK -Wl,-defsym=FLASH_ORIGIN=0x80000000 \
  -Wl,-defsym=SRAM_ORIGIN=0x00000000 -Wl,-defsym=STACK_SIZE=1536 app.c -o cortex-m4.elf
arm-none-eabi-gcc $ARM_FLAGS -mcpu=cortex-m0plus $LINK -Wl,-defsym=FLASH_ORIGIN=0x80000000 \
  -Wl,-defsym=SRAM_ORIGIN=0x00000000 -Wl,-defsym=STACK_SIZE=2048 app.c -o cortex-m0.elf
# A fixed-address RISC-V app: its code at 0x80100080, its RAM at 0x80300000.
RV_FLAGS="-Os -nostdlib -ffreestanding -march=rv32imac -mabi=ilp32 -mcmodel=medany"
riscv64-unknown-elf-gcc $RV_FLAGS $LINK -Wl,-defsym=FLASH_ORIGIN=0x80100080 \
  -Wl,-defsym=SRAM_ORIGIN=0x80300000 -Wl,-defsym=STACK_SIZE=1024 app.c -o rv32imac.0x80100080.0x80300000.elf
# A PIC app that asks for a 256-byte protected region through the tbf_protected_region_size symbol.
arm-none-eabi-gcc $ARM_FLAGS -mcpu=cortex-m4 $LINK -Wl,-defsym=FLASH_ORIGIN=0x80000000 \
  -Wl,-defsym=SRAM_ORIGIN=0x00000000 -Wl,-defsym=STACK_SIZE=1536 -Wl,-defsym=tbf_protected_region_size=256 \
  app.c -o protected-region.elf
# Code at a 256-byte aligned address: no room for the TBF header in front of it.
riscv64-unknown-elf-gcc $RV_FLAGS $LINK -Wl,-defsym=FLASH_ORIGIN=0x80100000 \
  -Wl,-defsym=SRAM_ORIGIN=0x80300000 -Wl,-defsym=STACK_SIZE=1024 app.c -o rv32imac.0x80100000.0x80300000.elf
# Without a symbol table: PIC and fixed flash addresses are then found from the segments.
arm-none-eabi-strip -o cortex-m4.stripped.elf cortex-m4.elf
riscv64-unknown-elf-strip -o rv32imac.stripped.elf rv32imac.0x80100080.0x80300000.elf
# A second fixed-address RISC-V app whose binary is not 1024 bytes past a 1024-byte boundary, so
# installing it moves its binary behind a larger protected region.
riscv64-unknown-elf-gcc $RV_FLAGS $LINK -Wl,-defsym=FLASH_ORIGIN=0x80104280 \
  -Wl,-defsym=SRAM_ORIGIN=0x80304000 -Wl,-defsym=STACK_SIZE=1024 app.c -o rv32imac.0x80104280.0x80304000.elf

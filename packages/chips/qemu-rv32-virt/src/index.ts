/**
 * @tock-ts/chip-qemu-rv32-virt: QEMU's RV32 virt machine as a Tock chip — the RV32IMAC silicon of
 * `@tock-ts/arch-rv32` with its PMP user MPU, userspace boundary, machine timer, PLIC and 16550
 * UART drivers composed into the kernel's `Chip`, in upstream's memory layout.
 */
export {
  QEMU_RV32_VIRT_LAYOUT,
  QemuRv32VirtChip,
  type QemuRv32VirtChipOptions,
  type QemuRv32VirtMemoryLayout,
} from './chip.js';

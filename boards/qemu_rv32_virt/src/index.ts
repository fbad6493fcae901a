/**
 * @tock-ts/board-qemu-rv32-virt: QEMU's RV32 virt machine as a Tock board — upstream's
 * qemu_rv32_virt composition of the chip, the kernel and its capsules — with a host console port
 * and a virtual-time run loop. `descriptor` is the plain data tools need.
 */
export { type BoardOptions, type HostPorts, QemuRv32VirtBoard, type RunOutcome } from './board.js';
export { type BoardDescriptor, descriptor } from './descriptor.js';
export { DEFAULT_FAULT_POLICY } from './fault-policy.js';
export {
  APP_FLASH_END,
  APP_FLASH_START,
  APP_RAM_END,
  APP_RAM_START,
  KERNEL_RAM_SIZE,
  NUM_PROCS,
} from './memory-layout.js';
export { QemuRv32VirtDriverNumber, QemuRv32VirtPlatform } from './platform.js';
export { CONSOLE_BAUD_RATE, type Composition, KERNEL_VERSION, type SetupOptions, setup } from './setup.js';

/**
 * What the kernel needs from a chip (upstream `kernel/src/platform/chip.rs`): its MPU driver,
 * its userspace boundary, its interrupt bottom halves, sleep, and the physical memory the kernel
 * reads process bytes through.
 */
import type { Mpu } from './mpu.js';
import type { UserspaceKernelBoundary } from './userspace-kernel-boundary.js';

/** A span of physical memory: real bytes at real addresses. `bytes[i]` is address `start + i`. */
export interface MemoryRegion {
  readonly start: number;
  readonly bytes: Uint8Array;
}

/** A chip as the kernel loop drives it. `C` is the MPU configuration, `S` the stored CPU state. */
export interface Chip<C = unknown, S = unknown> {
  readonly mpu: Mpu<C>;
  readonly userspaceKernelBoundary: UserspaceKernelBoundary<S>;
  /** Runs the bottom half of every pending interrupt (and re-enables those interrupts). */
  servicePendingInterrupts(): void;
  /** True when some interrupt awaits its bottom half. */
  hasPendingInterrupts(): boolean;
  /**
   * Waits for an interrupt: advances virtual time to the next scheduled event and fires it.
   * Returns false when no event is scheduled, so nothing could ever wake the chip.
   */
  sleep(): boolean;
  /** Flash, where the kernel walks TBFs and processes' read-only allows may point. */
  readonly flash: MemoryRegion;
  /** RAM, where process memory blocks live. */
  readonly ram: MemoryRegion;
}

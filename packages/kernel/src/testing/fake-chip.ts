/**
 * A fake chip for kernel tests: RAM and flash byte arrays at real addresses, the fake MPU and
 * scripted boundary, a virtual clock with a scheduler timer, and interrupts a test raises with
 * a bottom half to run.
 */
import type { Chip, MemoryRegion } from '../platform/chip.js';
import { FakeClock } from './fake-clock.js';
import { FakeMpu, type FakeMpuConfig } from './fake-mpu.js';
import { FakeSchedulerTimer } from './fake-scheduler-timer.js';
import type { FakeStoredState } from './fake-stored-state.js';
import { type FakeBoundaryOptions, FakeUserspaceKernelBoundary } from './fake-userspace-kernel-boundary.js';

/** Where the fake chip's memories are and how its boundary behaves. */
export interface FakeChipOptions extends FakeBoundaryOptions {
  readonly flashStart?: number;
  readonly flashSize?: number;
  readonly ramStart?: number;
  readonly ramSize?: number;
}

/** The fake chip. */
export class FakeChip implements Chip<FakeMpuConfig, FakeStoredState> {
  readonly clock = new FakeClock();
  readonly schedulerTimer = new FakeSchedulerTimer(this.clock);
  readonly mpu = new FakeMpu();
  readonly userspaceKernelBoundary: FakeUserspaceKernelBoundary;
  readonly flash: MemoryRegion;
  readonly ram: MemoryRegion;
  readonly #pending: (() => void)[] = [];
  /** How many bottom halves have run. */
  serviced = 0;

  constructor(options: FakeChipOptions = {}) {
    this.flash = {
      start: options.flashStart ?? 0x0004_0000,
      bytes: new Uint8Array(options.flashSize ?? 0x1_0000),
    };
    this.ram = { start: options.ramStart ?? 0x2000_0000, bytes: new Uint8Array(options.ramSize ?? 0x1_0000) };
    this.userspaceKernelBoundary = new FakeUserspaceKernelBoundary(
      this.clock,
      this.schedulerTimer,
      () => this.hasPendingInterrupts(),
      options,
    );
  }

  /** Marks an interrupt pending; `bottomHalf` runs at the next kernel-work phase. */
  raiseInterrupt(bottomHalf: () => void): void {
    this.#pending.push(bottomHalf);
  }

  /** Raises an interrupt with `bottomHalf` when the clock reaches `atUs`. */
  raiseInterruptAt(atUs: number, bottomHalf: () => void): void {
    this.clock.schedule(atUs, () => this.raiseInterrupt(bottomHalf));
  }

  servicePendingInterrupts(): void {
    while (this.#pending.length > 0) {
      const bottomHalf = this.#pending.shift();
      bottomHalf?.();
      this.serviced += 1;
    }
  }

  hasPendingInterrupts(): boolean {
    return this.#pending.length > 0;
  }

  sleep(): boolean {
    const next = this.clock.nextEventUs();
    if (next === undefined) return false;
    this.clock.advance(Math.max(0, next - this.clock.nowUs));
    return true;
  }
}

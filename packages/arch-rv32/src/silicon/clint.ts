/**
 * The core-local interruptor of QEMU `virt` (SiFive CLINT layout) for one hart: `msip` at +0x0,
 * `mtimecmp` at +0x4000 (low, high) and `mtime` at +0xBFF8 (low, high), 10 MHz.
 *
 * `mtime` is derived from virtual time (`nowNanos`, read at the hart's current cycle) plus an
 * offset that writes to `mtime` adjust. Writing `mtimecmp` schedules one clock event for the
 * moment `mtime` reaches it; that event raises MTIP, and MTIP follows `mtime >= mtimecmp` on
 * every register access. `msip` bit 0 drives MSIP.
 */
import type { Peripheral, SimulationClock } from '@tock-ts/silicon';

/** CLINT base on QEMU virt. */
export const CLINT_BASE = 0x0200_0000;
/** Size of the CLINT block. */
export const CLINT_SIZE = 0x1_0000;
/** `mtime` frequency on QEMU virt. */
export const CLINT_FREQUENCY_HZ = 10_000_000;

/** Register offsets. */
export const ClintRegister = {
  MSIP: 0x0,
  MTIMECMP_LOW: 0x4000,
  MTIMECMP_HIGH: 0x4004,
  MTIME_LOW: 0xbff8,
  MTIME_HIGH: 0xbffc,
} as const;

const TWO_32 = 0x1_0000_0000;
/** Compare values from here up never fire (beyond any reachable virtual time). */
const NEVER = 2 ** 53;

/** Where the CLINT's two interrupt outputs go. */
export interface ClintOutputs {
  setSoftwareInterrupt(level: boolean): void;
  setTimerInterrupt(level: boolean): void;
}

/** The CLINT. */
export class Clint implements Peripheral {
  readonly #clock: SimulationClock;
  readonly #nowNanos: () => number;
  readonly #outputs: ClintOutputs;
  #msip = 0;
  #compareLow = 0xffff_ffff;
  #compareHigh = 0xffff_ffff;
  #offsetTicks = 0;
  #event: number | undefined;

  /** `nowNanos` gives the virtual time of the hart's current cycle. */
  constructor(clock: SimulationClock, nowNanos: () => number, outputs: ClintOutputs) {
    this.#clock = clock;
    this.#nowNanos = nowNanos;
    this.#outputs = outputs;
  }

  /** Resets msip, mtimecmp (all ones) and the mtime offset. */
  reset(): void {
    this.#msip = 0;
    this.#compareLow = 0xffff_ffff;
    this.#compareHigh = 0xffff_ffff;
    this.#offsetTicks = 0;
    this.#outputs.setSoftwareInterrupt(false);
    this.#reschedule();
  }

  /** The current `mtime` (a 64-bit count as a number). */
  mtime(): number {
    return this.#ticksAt(this.#nowNanos());
  }

  /** The current `mtimecmp`. */
  mtimecmp(): number {
    return this.#compareHigh * TWO_32 + this.#compareLow;
  }

  #ticksAt(nanos: number): number {
    return Math.floor((nanos * (CLINT_FREQUENCY_HZ / 1_000_000)) / 1000) + this.#offsetTicks;
  }

  read32(offset: number): number {
    switch (offset) {
      case ClintRegister.MSIP:
        return this.#msip;
      case ClintRegister.MTIMECMP_LOW:
        return this.#compareLow;
      case ClintRegister.MTIMECMP_HIGH:
        return this.#compareHigh;
      case ClintRegister.MTIME_LOW:
        return (this.mtime() % TWO_32) >>> 0;
      case ClintRegister.MTIME_HIGH:
        return Math.floor(this.mtime() / TWO_32) >>> 0;
      default:
        return 0;
    }
  }

  write32(offset: number, value: number): void {
    switch (offset) {
      case ClintRegister.MSIP:
        this.#msip = value & 1;
        this.#outputs.setSoftwareInterrupt(this.#msip !== 0);
        return;
      case ClintRegister.MTIMECMP_LOW:
        this.#compareLow = value >>> 0;
        this.#reschedule();
        return;
      case ClintRegister.MTIMECMP_HIGH:
        this.#compareHigh = value >>> 0;
        this.#reschedule();
        return;
      case ClintRegister.MTIME_LOW:
      case ClintRegister.MTIME_HIGH: {
        const now = this.mtime();
        const low = offset === ClintRegister.MTIME_LOW ? value >>> 0 : now % TWO_32;
        const high = offset === ClintRegister.MTIME_HIGH ? value >>> 0 : Math.floor(now / TWO_32);
        this.#offsetTicks += high * TWO_32 + low - now;
        this.#reschedule();
        return;
      }
      default:
        return;
    }
  }

  /** Raises MTIP when due, otherwise schedules the clock event at which mtime reaches mtimecmp. */
  #reschedule(): void {
    if (this.#event !== undefined) {
      this.#clock.cancel(this.#event);
      this.#event = undefined;
    }
    const compare = this.mtimecmp();
    const due = this.mtime() >= compare;
    this.#outputs.setTimerInterrupt(due);
    if (due || compare >= NEVER) return;
    // First nanosecond at which floor(ns / 100) + offset >= compare.
    const ticksPerNanosecondDivisor = 1_000_000_000 / CLINT_FREQUENCY_HZ;
    const atNanos = (compare - this.#offsetTicks) * ticksPerNanosecondDivisor;
    if (!Number.isSafeInteger(atNanos) || atNanos < 0) return;
    this.#event = this.#clock.schedule(atNanos, () => {
      this.#event = undefined;
      this.#reschedule();
    });
  }
}

/**
 * The CLOCK driver (upstream `chips/nrf52/src/clock.rs`): start and stop the high- and
 * low-frequency clocks, choose the low-frequency source, and read their state.
 */
import type { RegisterBus } from '../silicon/nrf52840-silicon.js';
import { RegisterBlock } from './registers.js';

/** CLOCK's base address (shared with POWER). */
export const CLOCK_BASE = 0x4000_0000;

const Register = {
  TASKS_HFCLKSTART: 0x000,
  TASKS_HFCLKSTOP: 0x004,
  TASKS_LFCLKSTART: 0x008,
  TASKS_LFCLKSTOP: 0x00c,
  EVENTS_HFCLKSTARTED: 0x100,
  EVENTS_LFCLKSTARTED: 0x104,
  HFCLKSTAT: 0x40c,
  LFCLKSTAT: 0x418,
  LFCLKSRC: 0x518,
} as const;
const STATE_RUNNING = 1 << 16;

/** Low-frequency clock sources (LFCLKSRC values). */
export enum LowClockSource {
  RC = 0,
  XTAL = 1,
  SYNTH = 2,
}

/** High-frequency clock sources (HFCLKSTAT.SRC values). */
export enum HighClockSource {
  RC = 0,
  XTAL = 1,
}

/** The CLOCK driver. */
export class Clock {
  readonly #registers: RegisterBlock;

  constructor(bus: RegisterBus, base: number = CLOCK_BASE) {
    this.#registers = new RegisterBlock(bus, base);
  }

  highStart(): void {
    this.#registers.trigger(Register.TASKS_HFCLKSTART);
  }

  highStop(): void {
    this.#registers.trigger(Register.TASKS_HFCLKSTOP);
  }

  /** True once HFCLKSTARTED has been raised. */
  highStarted(): boolean {
    return this.#registers.isEventSet(Register.EVENTS_HFCLKSTARTED);
  }

  highSource(): HighClockSource {
    return (this.#registers.get(Register.HFCLKSTAT) & 1) === 0 ? HighClockSource.RC : HighClockSource.XTAL;
  }

  highRunning(): boolean {
    return (this.#registers.get(Register.HFCLKSTAT) & STATE_RUNNING) !== 0;
  }

  lowStart(): void {
    this.#registers.trigger(Register.TASKS_LFCLKSTART);
  }

  lowStop(): void {
    this.#registers.trigger(Register.TASKS_LFCLKSTOP);
  }

  /** True once LFCLKSTARTED has been raised. */
  lowStarted(): boolean {
    return this.#registers.isEventSet(Register.EVENTS_LFCLKSTARTED);
  }

  lowSource(): LowClockSource {
    const source = this.#registers.get(Register.LFCLKSTAT) & 0x3;
    if (source === LowClockSource.XTAL) return LowClockSource.XTAL;
    if (source === LowClockSource.SYNTH) return LowClockSource.SYNTH;
    return LowClockSource.RC;
  }

  lowRunning(): boolean {
    return (this.#registers.get(Register.LFCLKSTAT) & STATE_RUNNING) !== 0;
  }

  lowSetSource(source: LowClockSource): void {
    this.#registers.set(Register.LFCLKSRC, source);
  }
}

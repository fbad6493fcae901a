/**
 * The SysTick scheduler timer (upstream `arch/cortex-m/src/systick.rs`): the kernel's timeslice
 * timer, driven through the SysTick registers at 0xE000E010 like any other driver.
 *
 * `start(us)` loads reload = hz * us / 1e6 (24 bits) and enables the counter with its interrupt;
 * `arm`/`disarm` toggle TICKINT; `getRemainingUs` reports expiry through COUNTFLAG. Without an
 * explicit frequency the driver takes hz = TENMS * 100 from SYST_CALIB, as `SysTick::new()` does.
 */
import type { SchedulerTimer } from '@tock-ts/kernel';

/** The bus access a register driver needs (a `MemoryMap` provides it). */
export interface RegisterBus {
  read(address: number, size: 4): number;
  write(address: number, size: 4, value: number): boolean;
}

const SYST_CSR = 0xe000_e010;
const SYST_RVR = 0xe000_e014;
const SYST_CVR = 0xe000_e018;
const SYST_CALIB = 0xe000_e01c;

const CSR_ENABLE = 1 << 0;
const CSR_TICKINT = 1 << 1;
const CSR_CLKSOURCE = 1 << 2;
const CSR_COUNTFLAG = 1 << 16;
const RELOAD_MASK = 0x00ff_ffff;
const CALIB_TENMS_MASK = 0x00ff_ffff;

/** SysTick as the kernel's `SchedulerTimer`. */
export class SysTickSchedulerTimer implements SchedulerTimer {
  readonly #bus: RegisterBus;
  readonly #hertz: number;
  readonly #clockSource: number;

  /**
   * `hertz` is the SysTick clock (upstream `new_with_calibration`); omitted, it comes from
   * SYST_CALIB. `externalClock` selects the reference clock (CLKSOURCE = 0).
   */
  constructor(bus: RegisterBus, hertz?: number, externalClock = false) {
    this.#bus = bus;
    this.#hertz = hertz ?? (bus.read(SYST_CALIB, 4) & CALIB_TENMS_MASK) * 100;
    this.#clockSource = externalClock ? 0 : CSR_CLKSOURCE;
  }

  /** The SysTick clock frequency the driver computes with. */
  get hertz(): number {
    return this.#hertz;
  }

  start(us: number): void {
    const reload = Math.floor((this.#hertz * us) / 1_000_000);
    this.#bus.write(SYST_RVR, 4, reload & RELOAD_MASK);
    this.#bus.write(SYST_CVR, 4, 0);
    this.#bus.write(SYST_CSR, 4, CSR_TICKINT | CSR_ENABLE | this.#clockSource);
  }

  reset(): void {
    this.#bus.write(SYST_CSR, 4, 0);
    this.#bus.write(SYST_RVR, 4, 0);
    this.#bus.write(SYST_CVR, 4, 0);
  }

  arm(): void {
    this.#bus.write(SYST_CSR, 4, CSR_TICKINT | CSR_ENABLE | this.#clockSource);
  }

  disarm(): void {
    this.#bus.write(SYST_CSR, 4, CSR_ENABLE | this.#clockSource);
  }

  getRemainingUs(): number | undefined {
    const ticks = this.#bus.read(SYST_CVR, 4) & RELOAD_MASK;
    if ((this.#bus.read(SYST_CSR, 4) & CSR_COUNTFLAG) !== 0) return undefined;
    const remaining = Math.floor((ticks * 1_000_000) / this.#hertz);
    return remaining === 0 ? undefined : remaining;
  }
}
